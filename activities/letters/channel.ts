// Where a decision letter is sent. Digital Post is the national channel for letters from public
// authorities; it is not reachable from here, so sending goes through this interface: a local file
// receiver for tests and development, and `DigitalPostChannel`, the place for the real integration.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type LetterMessage = {
  /**
   * The same for every attempt at the same letter (derived from the forløb and the decision's event):
   * a channel that receives a message twice (a worker died after sending, before recording it) keeps
   * one. Digital Post's MeMo messages carry such a UUID.
   */
  messageId: string;
  forloebId: string;
  seq: number;
  /** The recipient as Digital Post addresses a citizen. Never logged, never in an error. */
  cpr: string;
  title: string;
  pdf: Buffer;
};

/** What a channel answers when it has accepted a message: its own receipt. Anything thrown is a failure, retried. */
export interface LetterChannel {
  readonly name: string;
  send(message: LetterMessage): Promise<{ receipt: string }>;
}

/** A UUID (version 8, RFC 9562) derived from the letter's key, the same on every attempt. */
export function messageIdOf(forloebId: string, seq: number): string {
  const h = createHash('sha256').update(`brev:${forloebId}:${seq}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Writes each letter as `<messageId>.pdf` with a `<messageId>.json` beside it (title, forløb, event;
 * no CPR number) into a folder. A message sent twice is written over itself: one letter. The files
 * appear whole (written aside, then renamed), so a reader never sees half a letter.
 */
export class FileLetterChannel implements LetterChannel {
  readonly name = 'fil';
  constructor(private readonly dir: string) {}

  async send(message: LetterMessage): Promise<{ receipt: string }> {
    await mkdir(this.dir, { recursive: true });
    const base = join(this.dir, message.messageId);
    const meta = { messageId: message.messageId, forloebId: message.forloebId, seq: message.seq, title: message.title, bytes: message.pdf.length };
    await writeFile(`${base}.pdf.tmp`, message.pdf);
    await rename(`${base}.pdf.tmp`, `${base}.pdf`);
    await writeFile(`${base}.json.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
    await rename(`${base}.json.tmp`, `${base}.json`);
    return { receipt: `fil:${message.messageId}` };
  }
}

/**
 * The national Digital Post (NgDP): the place for the real integration. It needs the municipality's
 * agreement, its certificate (OCES) and the MeMo message format; until then every send fails, so the
 * letters wait, recorded as not sent, and go out once the integration is in place.
 */
export class DigitalPostChannel implements LetterChannel {
  readonly name = 'digital-post';
  async send(_message: LetterMessage): Promise<{ receipt: string }> {
    throw new Error('Digital Post is not integrated yet: the letter waits and is retried (LETTER_CHANNEL=fil sends to a folder)');
  }
}

/** The channel LETTER_CHANNEL names; undefined for `fra` (letters are recorded and made when downloaded, not sent). */
export function channelFromConfig(config: { channel: 'fil' | 'digital-post' | 'fra'; outboxDir: string }): LetterChannel | undefined {
  switch (config.channel) {
    case 'fil':
      return new FileLetterChannel(config.outboxDir);
    case 'digital-post':
      return new DigitalPostChannel();
    case 'fra':
      return undefined;
  }
}
