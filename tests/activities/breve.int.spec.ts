// Decision letters against a real PostgreSQL: the projection records one letter per decision event,
// however often the event is delivered; the outbox makes the PDF, stores it encrypted, sends it once
// through the channel, and records a failed attempt and retries it until the channel accepts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileLetterChannel, letterBlobName, messageIdOf, sendDueLetters, type LetterChannel, type LetterMessage } from '../../activities/letters';
import { appendAndProject } from '../../activities/projection';
import { openBlob } from '../../config/blob-encryption';
import { parsePayloadKeys } from '../../config/payload-keys';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { letterScenarios } from '../support/letter-scenarios';

let db: TestDatabase;
let outbox: string;
const keys = parsePayloadKeys(`brev-test:${Buffer.alloc(32, 7).toString('base64')}`);

beforeAll(async () => {
  db = await startTestDatabase();
  outbox = mkdtempSync(join(tmpdir(), 'breve-'));
});
afterAll(async () => {
  await db?.stop();
  rmSync(outbox, { recursive: true, force: true });
});

let n = 0;
const newId = () => `forloeb-00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`;
const varde = findRegelsaet('varde-sel86-1')!;
const lettersOf = async (forloebId: string) =>
  (await db.pool.query('SELECT seq, kind, title, decided_on, status, attempts, last_error, channel, pdf, pdf_key_id FROM breve WHERE forloeb_id = $1 ORDER BY seq', [forloebId])).rows;

/** A channel that refuses until told otherwise, and counts what it was given. */
class FlakyChannel implements LetterChannel {
  readonly name = 'digital-post';
  accepting = false;
  received: LetterMessage[] = [];
  async send(message: LetterMessage) {
    if (!this.accepting) throw new Error(`service unavailable for ${message.cpr}`);
    this.received.push(message);
    return { receipt: `kvittering-${this.received.length}` };
  }
}

describe('the projection records one letter per decision', () => {
  it('a decision event delivered twice, or again in a later batch after a retry, makes one letter', async () => {
    const id = newId();
    const { events, event } = letterScenarios(varde).find((s) => s.kind === 'bevilling')!;
    await appendAndProject(db.pool, id, events);
    await appendAndProject(db.pool, id, events);
    await appendAndProject(db.pool, id, [event]);
    const rows = await lettersOf(id);
    expect(rows.map((r) => [r.seq, r.kind, r.status])).toEqual([[event.seq, 'bevilling', 'venter']]);
    expect(rows[0]!.title).toBe('Afgørelse: Du er bevilget træning');
  });

  it('the same events delivered by two workers at once make one letter', async () => {
    const id = newId();
    const { events } = letterScenarios(varde).find((s) => s.kind === 'afslutning_udeblivelser')!;
    await Promise.all([appendAndProject(db.pool, id, events), appendAndProject(db.pool, id, events), appendAndProject(db.pool, id, [...events].reverse())]);
    expect((await lettersOf(id)).map((r) => r.kind)).toEqual(['bevilling', 'afslutning_udeblivelser']);
  });

  it('an event that is no decision for the citizen makes no letter', async () => {
    const id = newId();
    const { events, event } = letterScenarios(varde).find((s) => s.kind === 'afslutning_udeblivelser')!;
    await appendAndProject(db.pool, id, events.filter((e) => e.seq < event.seq && e.type !== 'VisitationRecorded').slice(0, 1));
    expect(await lettersOf(id)).toEqual([]);
  });
});

describe('the outbox', () => {
  it('makes the PDF, stores it encrypted, sends it once and records it sent', async () => {
    await db.pool.query("UPDATE breve SET status = 'sendt'"); // earlier tests' letters are not this test's
    const id = newId();
    const { events } = letterScenarios(varde).find((s) => s.kind === 'afslag')!;
    await appendAndProject(db.pool, id, events);
    const channel = new FileLetterChannel(outbox);

    const runs = await Promise.all([
      sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel }),
      sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel }),
    ]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(1);

    const [row] = await lettersOf(id);
    expect(row).toMatchObject({ status: 'sendt', attempts: 1, channel: 'fil', last_error: null, pdf_key_id: 'brev-test' });
    expect(row!.pdf.subarray(0, 5).toString()).not.toBe('%PDF-');
    const seq = row!.seq as number;
    const pdf = openBlob(keys, letterBlobName(id, seq), { keyId: row!.pdf_key_id, data: row!.pdf });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(() => openBlob(keys, letterBlobName(id, seq + 1), { keyId: row!.pdf_key_id, data: row!.pdf })).toThrow(/failed authentication/);

    const messageId = messageIdOf(id, seq);
    expect(readdirSync(outbox).filter((f) => f.startsWith(messageId))).toEqual([`${messageId}.json`, `${messageId}.pdf`]);
    expect(readFileSync(join(outbox, `${messageId}.pdf`)).equals(pdf)).toBe(true);
    expect(readFileSync(join(outbox, `${messageId}.json`), 'utf8')).not.toContain('010190');

    // Nothing left to do: a second run sends nothing again.
    expect(await sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel })).toEqual({ sent: 0, failed: 0, rendered: 0 });
  });

  it('records a failed attempt without the CPR number, waits, and retries until the channel accepts', async () => {
    await db.pool.query("UPDATE breve SET status = 'sendt'");
    const id = newId();
    const { events } = letterScenarios(varde).find((s) => s.kind === 'forlaengelse_bevilget')!;
    await appendAndProject(db.pool, id, events);
    const channel = new FlakyChannel();
    const deps = { pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel };

    expect(await sendDueLetters(deps)).toEqual({ sent: 0, failed: 2, rendered: 2 });
    let rows = await lettersOf(id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['venter', 1], ['venter', 1]]);
    expect(rows[0]!.last_error).toBe('digital-post: service unavailable for [cpr]');
    // Not due again before its pause is over.
    expect(await sendDueLetters(deps)).toEqual({ sent: 0, failed: 0, rendered: 0 });

    await db.pool.query('UPDATE breve SET next_attempt_at = now() WHERE forloeb_id = $1', [id]);
    expect(await sendDueLetters(deps)).toEqual({ sent: 0, failed: 2, rendered: 0 });
    expect((await lettersOf(id)).map((r) => r.attempts)).toEqual([2, 2]);

    channel.accepting = true;
    await db.pool.query('UPDATE breve SET next_attempt_at = now() WHERE forloeb_id = $1', [id]);
    expect(await sendDueLetters(deps)).toEqual({ sent: 2, failed: 0, rendered: 0 });
    rows = await lettersOf(id);
    expect(rows.map((r) => [r.kind, r.status, r.attempts, r.last_error])).toEqual([
      ['bevilling', 'sendt', 3, null],
      ['forlaengelse_bevilget', 'sendt', 3, null],
    ]);
    expect(channel.received.map((m) => [m.seq, m.messageId])).toEqual(rows.map((r) => [r.seq, messageIdOf(id, r.seq)]));
    expect(channel.received[0]!.cpr).toBe('010190-1234');
  });

  it('with LETTER_CHANNEL=fra sends nothing and leaves the letters waiting', async () => {
    await db.pool.query("UPDATE breve SET status = 'sendt'");
    const id = newId();
    await appendAndProject(db.pool, id, letterScenarios(varde).find((s) => s.kind === 'afslag')!.events);
    expect(await sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel: undefined })).toEqual({ sent: 0, failed: 0, rendered: 0 });
    expect((await lettersOf(id)).map((r) => [r.status, r.attempts, r.pdf])).toEqual([['venter', 0, null]]);
  });

  it('the file receiver keeps a letter sent twice under the same message id once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'breve-twice-'));
    const channel = new FileLetterChannel(dir);
    const message = { messageId: messageIdOf('forloeb-x', 3), forloebId: 'forloeb-x', seq: 3, cpr: '010190-1234', title: 'Afgørelse', pdf: Buffer.from('%PDF-1.7 test') };
    await channel.send(message);
    await channel.send(message);
    expect(readdirSync(dir).sort()).toEqual([`${message.messageId}.json`, `${message.messageId}.pdf`]);
    rmSync(dir, { recursive: true, force: true });
  });
});
