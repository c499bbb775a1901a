// No CPR number in the logs: the Fastify logger's whole output, at the most verbose level, while a
// forløb is created with a CPR number, read, and bad requests carry one in wrong fields.
import { Writable } from 'node:stream';
import type { Pool } from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString());
    done();
  },
});
const now = () => new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(now);
const fakePool = { query: async () => ({ rows: [], rowCount: 1 }) } as unknown as Pool;

let app: Awaited<ReturnType<typeof buildApp>>;
let headers: Record<string, string>;
beforeAll(async () => {
  app = await buildApp(
    { temporal: { client: temporal.client, taskQueue: 'test' }, pool: fakePool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY },
    { loggerInstance: pino({ level: 'trace' }, sink) },
  );
  headers = await bearer(app, { rolle: 'koordinator' });
});
afterAll(() => app.close());

const CPR = '010190-1234';
const plan = { kind: 'genoptraeningsplan', cpr: CPR, udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' };

describe('the logs', () => {
  it('hold no CPR number, whatever field it is sent in', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/forloeb', headers, payload: { regelsaetId: 'sonderborg-sul140', kilde: plan } });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers })).statusCode).toBe(200);
    const bad = [
      { regelsaetId: 'sonderborg-sul140', kilde: { ...plan, kategori: CPR } },
      { regelsaetId: 'sonderborg-sul140', kilde: { ...plan, udskrivningsdato: CPR } },
      { regelsaetId: 'sonderborg-sul140', kilde: { ...plan, cpr: '0101901234x', niveau: CPR } },
      { regelsaetId: 'sonderborg-sul140', kilde: { ...plan, kind: CPR } },
      { regelsaetId: CPR, kilde: plan },
    ];
    for (const body of bad) expect((await app.inject({ method: 'POST', url: '/api/forloeb', headers, payload: body })).statusCode).toBe(400);
    // Not JSON at all, and a CPR number in a command body.
    await app.inject({ method: 'POST', url: '/api/forloeb', headers: { ...headers, 'content-type': 'application/json' }, payload: `{"cpr": "${CPR}"` });
    await app.inject({ method: 'POST', url: `/api/forloeb/${id}/visitation`, headers, payload: { afgoerelse: CPR } });
    // …and in the development token request.
    await app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'terapeut', kommune: 'Sønderborg', navn: CPR } });

    const output = lines.join('');
    expect(output).toContain('incoming request'); // the logger did log every request
    expect(output.match(/"statusCode":400/g)?.length ?? 0).toBeGreaterThanOrEqual(bad.length);
    for (const needle of [CPR, '0101901234', '010190']) expect(output).not.toContain(needle);
    // Nor the bearer token.
    expect(output).not.toContain(headers.authorization!.slice(7, 40));
  });
});
