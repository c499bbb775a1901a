// The decision letters over HTTP, against PostgreSQL: the list with delivery status and the PDF for
// those who may read the forløb, each download in the access log as brev_hentning, nothing for
// another kommune or another unit's therapist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { sendDueLetters, FileLetterChannel } from '../../activities/letters';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import { parsePayloadKeys } from '../../config/payload-keys';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY, type TokenRequest } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';
import { letterScenarios } from '../support/letter-scenarios';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const now = () => new Date('2031-03-25T10:00:00Z');
const keys = parsePayloadKeys(`api-test:${Buffer.alloc(32, 3).toString('base64')}`);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let outbox: string;
const as = (who: TokenRequest) => bearer(app, who);
const id = 'forloeb-00000000-0000-0000-0000-0000000000b1';
const sul140 = findRegelsaet('sonderborg-sul140')!;

beforeAll(async () => {
  db = await startTestDatabase();
  outbox = mkdtempSync(join(tmpdir(), 'breve-api-'));
  app = await buildApp({
    temporal: { client: fakeTemporal(now).client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
    letterKeys: keys,
  });
  // Granted, then ended for no-shows: two letters. The first is sent, the second not yet made.
  const { events } = letterScenarios(sul140).find((s) => s.kind === 'afslutning_udeblivelser')!;
  const grantSeq = events.find((e) => e.type === 'VisitationRecorded')!.seq;
  await appendAndProject(db.pool, id, events.filter((e) => e.seq <= grantSeq));
  await sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel: new FileLetterChannel(outbox) });
  await appendAndProject(db.pool, id, events);
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
  rmSync(outbox, { recursive: true, force: true });
});

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? ' ' : '') : '')).join('');
  }
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}

describe('GET /api/forloeb/:id/breve', () => {
  it('lists the letters with their delivery status', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve`, headers: await as({ rolle: 'koordinator' }) });
    expect(res.statusCode).toBe(200);
    const { breve } = res.json<{ breve: { art: string; status: string; dannet: boolean; kanal: string | null; sendt: string | null; titel: string }[] }>();
    expect(breve.map((b) => [b.art, b.status, b.dannet, b.kanal])).toEqual([
      ['bevilling', 'sendt', true, 'fil'],
      ['afslutning_udeblivelser', 'venter', false, null],
    ]);
    expect(breve[0]!.sendt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(breve[1]!.titel).toBe('Afgørelse: Din træning afsluttes på grund af udeblivelser');
  });

  it('is not there for another kommune, nor for a therapist of another unit', async () => {
    const other = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve`, headers: await as({ rolle: 'koordinator', kommune: 'Varde' }) });
    expect(other.statusCode).toBe(404);
    const unit = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve`, headers: await as({ rolle: 'terapeut', enhed: 'Træningsenheden Nord' }) });
    expect([403, 404]).toContain(unit.statusCode);
  });
});

describe('GET /api/forloeb/:id/breve/:brevId', () => {
  it('gives the stored PDF, not to be cached, and logs the download as brev_hentning', async () => {
    const list = (await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve`, headers: await as({ rolle: 'koordinator' }) })).json<{ breve: { id: number }[] }>();
    const brevId = list.breve[0]!.id;
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve/${brevId}`, headers: await as({ rolle: 'terapeut', enhed: 'Træningsenheden Øst' }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="afgoerelse-${brevId}.pdf"`);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Du er bevilget');
    expect(text).toContain('Sønderborg Kommune');

    const log = (await db.pool.query('SELECT access_kind, action, rolle FROM adgangslog WHERE forloeb_id = $1 ORDER BY id', [id])).rows;
    expect(log.filter((r) => r.access_kind === 'brev_hentning')).toEqual([
      { access_kind: 'brev_hentning', action: 'GET /api/forloeb/:id/breve/:brevId', rolle: 'terapeut' },
    ]);
  });

  it('makes a letter the outbox has not made yet, stores it, and the outbox sends that same PDF', async () => {
    const list = (await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve`, headers: await as({ rolle: 'koordinator' }) })).json<{ breve: { id: number }[] }>();
    const brevId = list.breve[1]!.id;
    const first = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve/${brevId}`, headers: await as({ rolle: 'leder' }) });
    expect(first.statusCode).toBe(200);
    expect(await pdfText(first.rawPayload)).toContain('fordi du er udeblevet fra træningen 2 gange');
    const second = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve/${brevId}`, headers: await as({ rolle: 'leder' }) });
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const run = await sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys, channel: new FileLetterChannel(outbox) });
    expect(run).toEqual({ sent: 1, failed: 0, rendered: 0 });
  });

  it('answers 404 for a letter that does not exist and 400 for an id that is no number', async () => {
    const headers = await as({ rolle: 'koordinator' });
    expect((await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve/999`, headers })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: `/api/forloeb/${id}/breve/abc`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ fejl: string }>().fejl).toBeTruthy();
  });
});
