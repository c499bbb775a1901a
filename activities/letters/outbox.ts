// The letter outbox: takes the letters not yet accepted by the channel, one at a time, each in a
// transaction of its own that holds the row (FOR UPDATE SKIP LOCKED: two workers never take the
// same letter), makes its PDF if the row has none yet (stored encrypted), sends it and records the
// outcome. A failed attempt is recorded and tried again later, with a growing pause, until the
// channel accepts the letter; nothing gives up.
//
// A worker that dies after the channel accepted a letter but before the commit leaves the row as it
// was: the letter is sent again under the same message id, which the channel keeps once.
import type { Pool, PoolClient } from 'pg';
import type { PayloadKeys } from '../../config/payload-keys';
import { openBlob, sealBlob } from '../../config/blob-encryption';
import type { Regelsaet } from '../../domain/regelsaet';
import { messageIdOf, type LetterChannel } from './channel';
import { renderLetterPdf } from './pdf';
import { composeStoredLetter } from './render';

export type LetterOutboxDeps = {
  pool: Pool;
  catalogue: readonly Regelsaet[];
  /** The payload keys; undefined only with PAYLOAD_ENCRYPTION=off. */
  keys: PayloadKeys | undefined;
  /** Undefined: LETTER_CHANNEL=fra, letters are recorded (and made when downloaded) but not sent. */
  channel: LetterChannel | undefined;
};

export type OutboxRun = { sent: number; failed: number; rendered: number };

/** The blob's name in the encryption: a PDF moved to another letter's row does not decrypt. */
export const letterBlobName = (forloebId: string, seq: number) => `brev:${forloebId}:${seq}`;

/** The pause after the n-th failed attempt: 30 s, doubling, at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

type Job = { forloeb_id: string; seq: number; title: string; pdf: Buffer | null; pdf_key_id: string | null; attempts: number };

/** Works through the due letters, at most `limit` of them, and says what it did. */
export async function sendDueLetters(deps: LetterOutboxDeps, limit = 50): Promise<OutboxRun> {
  const run: OutboxRun = { sent: 0, failed: 0, rendered: 0 };
  // LETTER_CHANNEL=fra: letters are recorded and made when downloaded, never sent.
  if (!deps.channel) return run;
  for (let i = 0; i < limit; i++) {
    const client = await deps.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Job>(
        `SELECT forloeb_id, seq, title, pdf, pdf_key_id, attempts FROM breve
          WHERE status = 'venter' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, forloeb_id, seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const job = rows[0];
      if (!job) {
        await client.query('COMMIT');
        break;
      }
      const outcome = await attempt(client, deps, job);
      await client.query('COMMIT');
      if (outcome.rendered) run.rendered++;
      if (outcome.sent) run.sent++;
      else if (outcome.failed) run.failed++;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  return run;
}

async function attempt(client: PoolClient, deps: LetterOutboxDeps, job: Job): Promise<{ rendered: boolean; sent: boolean; failed: boolean }> {
  const name = letterBlobName(job.forloeb_id, job.seq);
  let pdf: Buffer;
  let cpr: string;
  let rendered = false;
  try {
    const stored = await composeStoredLetter(client, job.forloeb_id, job.seq, deps.catalogue);
    cpr = stored.state.source.cpr;
    if (job.pdf) {
      // Made before: send the stored PDF, the letter as it was first made.
      pdf = openBlob(deps.keys, name, { keyId: job.pdf_key_id, data: job.pdf });
    } else {
      pdf = await renderLetterPdf(stored.letter);
      const sealed = sealBlob(deps.keys, name, pdf);
      await client.query('UPDATE breve SET pdf = $3, pdf_key_id = $4, rendered_at = now() WHERE forloeb_id = $1 AND seq = $2', [
        job.forloeb_id,
        job.seq,
        sealed.data,
        sealed.keyId,
      ]);
      rendered = true;
    }
  } catch (err) {
    await recordFailure(client, job, `kunne ikke dannes: ${messageOf(err)}`);
    return { rendered: false, sent: false, failed: true };
  }
  const channel = deps.channel!;
  try {
    const { receipt } = await channel.send({ messageId: messageIdOf(job.forloeb_id, job.seq), forloebId: job.forloeb_id, seq: job.seq, cpr, title: job.title, pdf });
    await client.query(
      `UPDATE breve SET status = 'sendt', sent_at = now(), channel = $3, channel_receipt = $4, attempts = attempts + 1,
              last_attempt_at = now(), last_error = NULL WHERE forloeb_id = $1 AND seq = $2`,
      [job.forloeb_id, job.seq, channel.name, receipt],
    );
    return { rendered, sent: true, failed: false };
  } catch (err) {
    await recordFailure(client, job, `${channel.name}: ${messageOf(err)}`, channel.name);
    return { rendered, sent: false, failed: true };
  }
}

async function recordFailure(client: PoolClient, job: Job, error: string, channel?: string): Promise<void> {
  await client.query(
    `UPDATE breve SET attempts = attempts + 1, last_attempt_at = now(), last_error = $3, channel = coalesce($5, channel),
            next_attempt_at = now() + make_interval(secs => $4) WHERE forloeb_id = $1 AND seq = $2`,
    [job.forloeb_id, job.seq, error.slice(0, 500), retryDelaySeconds(job.attempts + 1), channel ?? null],
  );
}

/** An error's message without any CPR number that a channel might have put in it. */
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\b\d{6}-?\d{4}\b/g, '[cpr]');
