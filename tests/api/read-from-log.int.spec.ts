// Reads do not depend on a workflow task: with Temporal unreachable (or a forløb's task being
// retried), the detail, the timeline and the access check are served from the event log in
// PostgreSQL, and a command gets a clear 503 with Retry-After. A forløb that the log shows as closed
// refuses a command with 409 without asking Temporal at all.
import { ServiceError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import type { ForloebCommand } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';

const NOW = new Date('2031-03-12T10:00:00Z');
const calls: string[] = [];
const unavailable = () => new ServiceError('Failed to query workflow', { cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }) });
const downTemporal = {
  workflow: {
    getHandle: () => ({
      query: async () => (calls.push('query'), Promise.reject(unavailable())),
      executeUpdate: async () => (calls.push('update'), Promise.reject(unavailable())),
      describe: async () => (calls.push('describe'), Promise.reject(unavailable())),
    }),
  },
} as unknown as Client;

const koordinator = { role: 'koordinator' as const, userId: 'koordinator-7' };
const plan = { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2031-03-09', kategori: 'ryg', niveau: 'basal' } as const;
const OPEN = 'forloeb-55555555-0000-0000-0000-000000000001';
const CLOSED = 'forloeb-55555555-0000-0000-0000-000000000002';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase();
  const open = run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan }, '2031-03-09T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-03-10T09:00:00Z'],
  ] satisfies [ForloebCommand, string][]);
  const refused = run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan }, '2031-03-09T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'afslaaet', reason: 'Ikke behov' }, '2031-03-10T09:00:00Z'],
  ] satisfies [ForloebCommand, string][]);
  await appendAndProject(db.pool, OPEN, open.events);
  await appendAndProject(db.pool, CLOSED, refused.events);
  app = await buildApp({ temporal: { client: downTemporal, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now: () => NOW, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
  headers = await bearer(app, { rolle: 'koordinator', kommune: 'Sønderborg' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

describe('with Temporal unreachable', () => {
  it('serves the detail from the event log, with phase, frame and deadlines, and logs the read', async () => {
    calls.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${OPEN}`, headers });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ fase: string; status: string; ramme?: { antal: number }; frister: { type: string }[]; sekvens: number }>();
    expect(body).toMatchObject({ fase: 'opstart', status: 'aaben' });
    expect(body.ramme?.antal).toBeGreaterThan(0);
    expect(body.frister.map((f) => f.type)).toContain('opstart');
    expect(calls).toEqual([]);
    const log = await db.pool.query('SELECT access_kind FROM adgangslog WHERE forloeb_id = $1', [OPEN]);
    expect(log.rows.map((r) => r.access_kind)).toContain('laesning');
  });

  it('serves the timeline, with who acted', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${OPEN}/haendelser`, headers });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ total: number; elementer: { type: string; aktoer?: unknown }[] }>();
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.elementer.find((e) => e.type === 'VisitationRecorded')?.aktoer).toEqual({ rolle: 'koordinator', brugerId: 'koordinator-7' });
    const stored = await db.pool.query<{ actor: unknown }>("SELECT actor FROM forloeb_events WHERE forloeb_id = $1 AND type = 'VisitationRecorded'", [OPEN]);
    expect(stored.rows[0]!.actor).toEqual(koordinator);
  });

  it('answers a command with 503 and Retry-After', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/forloeb/${OPEN}/opstart`, headers, payload: { startdato: '2031-03-13' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('refuses a command to a forløb the log shows as closed with 409, without asking Temporal', async () => {
    calls.length = 0;
    const res = await app.inject({ method: 'POST', url: `/api/forloeb/${CLOSED}/opstart`, headers, payload: { startdato: '2031-03-13' } });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ fejl: string }>().fejl).toMatch(/lukket/);
    expect(calls).toEqual([]);
  });

  it('still hides another kommune’s forløb (404)', async () => {
    const other = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${OPEN}`, headers: other });
    expect(res.statusCode).toBe(404);
  });
});
