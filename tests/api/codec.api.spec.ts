// The codec server for the Temporal web UI (POST /api/codec/decode and /encode): the real codec of the
// worker (AES-GCM, config/data-converter.ts), the operations role only, CORS for the UI's origin, and
// the access log in PostgreSQL.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { createDataConverter, ENCODING_ENCRYPTED, METADATA_KEY_ID } from '../../config/data-converter';
import { parsePayloadKeys } from '../../config/payload-keys';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const UI_ORIGIN = 'http://127.0.0.1:18233';
const NAMESPACE = 'forloeb-test';
const keyOf = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
// Two keys, as after a rotation: the old one still decrypts, the new one encrypts.
const OLD_KEY = keyOf('gammel-1');
const workerCodecs = createDataConverter(parsePayloadKeys(`${OLD_KEY},${keyOf('ny-2')}`, 'ny-2')).payloadCodecs!;
/** A worker from before the rotation. */
const oldOnly = createDataConverter(parsePayloadKeys(OLD_KEY)).payloadCodecs!;
const foreignCodecs = createDataConverter(parsePayloadKeys(keyOf('fremmed-9'))).payloadCodecs!;

// What a forløb's workflow input may hold: a CPR number and health information.
const SECRET = { cpr: '010190-1234', diagnose: 'Knæalloplastik, højre' };

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
const fromJson = (p: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data, 'base64')),
});
type PayloadsAnswer = { payloads: { metadata: Record<string, string>; data: string }[] };

/** A payload as the worker stores it in Temporal: converted, then encrypted. */
async function encryptedBy(codecs: typeof workerCodecs, value: unknown) {
  let payloads = [defaultPayloadConverter.toPayload(value)];
  for (const c of codecs) payloads = await c.encode(payloads);
  return toJson(payloads[0]!);
}

let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let drift: Record<string, string>;
const now = () => new Date('2026-11-25T10:00:00Z');

beforeAll(async () => {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  db = await startTestDatabase();
  app = await buildApp({
    temporal: { client: fakeTemporal(now).client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
    drift: { payloadCodecs: workerCodecs, temporalUiOrigin: UI_ORIGIN, namespace: NAMESPACE },
  });
  drift = await bearer(app, { rolle: 'drift', navn: 'Dorte Drift' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const codecLog = async () =>
  (await db.pool.query(`SELECT * FROM adgangslog WHERE access_kind = 'codec_afkodning' ORDER BY id`)).rows as Record<string, unknown>[];

const call = (op: 'decode' | 'encode', payload: unknown, headers: Record<string, string> = drift) =>
  app.inject({ method: 'POST', url: `/api/codec/${op}`, headers: { 'x-namespace': NAMESPACE, ...headers }, payload: payload as object });

describe('decode as drift', () => {
  it('gives the plaintext of a payload the worker encrypted, also with a rotated-out key', async () => {
    const current = await encryptedBy(workerCodecs, SECRET);
    const old = await encryptedBy(oldOnly, { gammel: true });
    expect(Buffer.from(current.data, 'base64').toString('latin1')).not.toContain(SECRET.cpr);
    const res = await call('decode', { payloads: [current, old] });
    expect(res.statusCode).toBe(200);
    const [plain, plainOld] = res.json<PayloadsAnswer>().payloads.map(fromJson);
    expect(defaultPayloadConverter.fromPayload(plain!)).toEqual(SECRET);
    expect(defaultPayloadConverter.fromPayload(plainOld!)).toEqual({ gammel: true });
  });

  it('passes a payload that is not encrypted through unchanged', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload('klartekst'));
    const res = await call('decode', { payloads: [plain] });
    expect(res.statusCode).toBe(200);
    expect(res.json<PayloadsAnswer>().payloads).toEqual([plain]);
  });

  it('records the decode in the access log with user, role, count and namespace, never the contents', async () => {
    const before = (await codecLog()).length;
    const res = await call('decode', { payloads: [await encryptedBy(workerCodecs, SECRET), await encryptedBy(workerCodecs, SECRET), await encryptedBy(workerCodecs, 1)] });
    expect(res.statusCode).toBe(200);
    const rows = await codecLog();
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({
      user_id: 'dev:drift:Dorte Drift',
      rolle: 'drift',
      kommune: 'Sønderborg',
      forloeb_id: null,
      cpr_hash: null,
      payload_count: 3,
      namespace: NAMESPACE,
      action: 'POST /api/codec/decode',
      purpose: 'drift og fejlretning af forløbsmotoren',
    });
    const logged = JSON.stringify(row);
    expect(logged).not.toContain(SECRET.cpr);
    expect(logged).not.toContain('Knæ');
  });
});

describe('encode as drift', () => {
  it('encrypts with the active key, and decode gives back what went in', async () => {
    const original = toJson(defaultPayloadConverter.toPayload(SECRET));
    const encoded = await call('encode', { payloads: [original] });
    expect(encoded.statusCode).toBe(200);
    const [cipher] = encoded.json<PayloadsAnswer>().payloads;
    expect(Buffer.from(cipher!.metadata.encoding!, 'base64').toString()).toBe(ENCODING_ENCRYPTED);
    expect(Buffer.from(cipher!.metadata[METADATA_KEY_ID]!, 'base64').toString()).toBe('ny-2');
    expect(Buffer.from(cipher!.data, 'base64').toString('latin1')).not.toContain(SECRET.cpr);
    // The worker's own codec reads what the server encoded.
    expect(defaultPayloadConverter.fromPayload((await workerCodecs[0]!.decode([fromJson(cipher!)]))[0]!)).toEqual(SECRET);
    const decoded = await call('decode', encoded.json());
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json<PayloadsAnswer>().payloads).toEqual([original]);
  });

  it('is not logged: it reveals nothing', async () => {
    const before = (await codecLog()).length;
    expect((await call('encode', { payloads: [toJson(defaultPayloadConverter.toPayload(1))] })).statusCode).toBe(200);
    expect(await codecLog()).toHaveLength(before);
  });
});

describe('refusals', () => {
  it.each(['terapeut', 'leder', 'visitator', 'koordinator'] as const)('a %s gets 403 on decode and encode', async (rolle) => {
    const headers = await bearer(app, { rolle });
    const payload = { payloads: [await encryptedBy(workerCodecs, SECRET)] };
    for (const op of ['decode', 'encode'] as const) {
      const res = await call(op, payload, headers);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(SECRET.cpr);
      expect(res.json<{ fejl: string }>().fejl).toMatch(/driftsrollen/);
    }
  });

  it('without a token: 401', async () => {
    const res = await call('decode', { payloads: [] }, {});
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['data that is not base64', { payloads: [{ metadata: {}, data: 'ikke base64!' }] }, 'payloads.0.data'],
    // (`binary/encrypted` as plain text happens to be valid base64, so it cannot serve as the example.)
    ['a metadata value that is not base64', { payloads: [{ metadata: { encoding: 'json/plain' }, data: '' }] }, 'payloads.0.metadata.encoding'],
    ['an unknown field of a payload', { payloads: [{ data: '', externalPayloads: [] }] }, 'payloads.0'],
    ['no payloads', { payload: [] }, 'payloads'],
  ])('a malformed body (%s) is 400 naming the field', async (_what, body, felt) => {
    const res = await call('decode', body);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ felter: { felt: string }[] }>().felter.map((f) => f.felt)).toContain(felt);
  });

  it('without X-Namespace or with another namespace: 400 naming the header', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/codec/decode', headers: drift, payload: { payloads: [] } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ felter: [{ felt: 'header x-namespace' }] });
    const other = await call('decode', { payloads: [] }, { ...drift, 'x-namespace': 'default' });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ felter: [{ felt: 'header x-namespace' }] });
  });

  it('a payload with an unknown key id is 422 naming that payload, and nothing is logged', async () => {
    const before = (await codecLog()).length;
    const res = await call('decode', { payloads: [await encryptedBy(workerCodecs, 1), await encryptedBy(foreignCodecs, SECRET)] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ fejl: 'En payload er krypteret med en nøgle, som serveren ikke har', felter: [{ felt: `payloads.1.metadata.${METADATA_KEY_ID}` }] });
    expect(res.body).not.toContain('fremmed-9');
    expect(await codecLog()).toHaveLength(before);
  });

  it('a tampered payload is 422 naming its data', async () => {
    const payload = await encryptedBy(workerCodecs, SECRET);
    const bytes = Buffer.from(payload.data, 'base64');
    bytes[20] = bytes[20]! ^ 0xff;
    const res = await call('decode', { payloads: [{ ...payload, data: bytes.toString('base64') }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ felter: [{ felt: 'payloads.0.data' }] });
  });
});

describe('any body', () => {
  // A payload-like body with random parts, and real ciphertext with random bytes changed: the answer is
  // the plaintext or a 4xx that says what is wrong, never a 5xx.
  const base64 = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
  const part = fc.oneof(base64, fc.string(), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.oneof(base64, fc.string())));
  const payload = fc.oneof(fc.record({ metadata: fc.dictionary(fc.constantFrom('encoding', METADATA_KEY_ID, 'x'), fc.oneof(base64, fc.string())), data: part }), fc.anything());

  it('gets 200 or a 4xx with a reason, never a 5xx', async () => {
    const cipher = await encryptedBy(workerCodecs, SECRET);
    const flipped = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
      const bytes = Buffer.from(cipher.data, 'base64');
      bytes[at % bytes.length] = bytes[at % bytes.length]! ^ mask;
      return { ...cipher, data: bytes.toString('base64') };
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ payloads: fc.array(fc.oneof(payload, flipped), { maxLength: 3 }) }), fc.anything()), async (body) => {
        const res = await call('decode', body);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode !== 200) expect(res.json<{ fejl: string }>().fejl.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CORS for the Temporal web UI', () => {
  const preflight = (origin: string, method = 'POST') =>
    app.inject({
      method: 'OPTIONS',
      url: '/api/codec/decode',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,x-namespace' },
    });

  it('answers the preflight from the configured origin, with credentials and the protocol headers', async () => {
    const res = await preflight(UI_ORIGIN);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toBe('POST');
    expect(String(res.headers['access-control-allow-headers']).split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
  });

  it.each(['http://127.0.0.1:3000', 'https://angriber.example', 'null'])('refuses the preflight from %s, without CORS headers', async (origin) => {
    const res = await preflight(origin);
    expect(res.statusCode).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives the UI the answer and its refusals (so a 401 reaches it), and no other origin', async () => {
    const ok = await call('decode', { payloads: [] }, { ...drift, origin: UI_ORIGIN });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    const unauthorised = await call('decode', { payloads: [] }, { origin: UI_ORIGIN });
    expect(unauthorised.statusCode).toBe(401);
    expect(unauthorised.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    const elsewhere = await call('decode', { payloads: [] }, { ...drift, origin: 'https://angriber.example' });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});
