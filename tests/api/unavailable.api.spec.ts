// While PostgreSQL or Temporal is down, the API answers 503 with Retry-After (a client retries),
// never a bare 500, and /ready says which dependency is missing.
import { ServiceError, type Client } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { isDependencyDown } from '../../api/dependency-errors';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { freePort } from '../../scripts/ports';

const unavailable = () => new ServiceError('Failed to query workflow', { cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }) });
const downTemporal = {
  connection: { workflowService: { getSystemInfo: async () => Promise.reject(unavailable()) } },
  workflow: {
    getHandle: () => ({ query: async () => Promise.reject(unavailable()), executeUpdate: async () => Promise.reject(unavailable()) }),
    start: async () => Promise.reject(unavailable()),
  },
} as unknown as Client;

let app: Awaited<ReturnType<typeof buildApp>>;
let pool: pg.Pool;
beforeAll(async () => {
  // Nothing listens on this port: every query fails to connect.
  pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/none`, connectionTimeoutMillis: 1000 });
  pool.on('error', () => {});
  app = await buildApp({ temporal: { client: downTemporal, taskQueue: 'test' }, pool, regelsaet: BUILT_IN_REGELSAET, now: () => new Date(), auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(async () => {
  await app?.close();
  await pool?.end();
});

describe('a dependency down', () => {
  it('recognises lost connections of PostgreSQL and Temporal, and not ordinary errors', () => {
    expect(isDependencyDown(unavailable())).toBe(true);
    expect(isDependencyDown(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyDown(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    // The worker down: Temporal answers a query or update with FAILED_PRECONDITION.
    const noWorker = new ServiceError('Failed to query Workflow', {
      cause: Object.assign(new Error('9 FAILED_PRECONDITION: no poller seen for task queue recently, worker may be down'), { code: 9 }),
    });
    expect(isDependencyDown(noWorker)).toBe(true);
    // A workflow task being retried after the worker that had it died.
    const taskRetried = (what: string) =>
      new ServiceError(`Failed to ${what}`, { cause: Object.assign(new Error(`9 FAILED_PRECONDITION: Unable to ${what} due to Workflow Task in failed state.`), { code: 9 }) });
    expect(isDependencyDown(taskRetried('query workflow'))).toBe(true);
    expect(isDependencyDown(taskRetried('perform workflow execution update'))).toBe(true);
    // A call the server cancelled while it restarted.
    expect(isDependencyDown(new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('1 CANCELLED: context canceled'), { code: 1 }) }))).toBe(true);
    // Other preconditions are not an outage.
    expect(isDependencyDown(new ServiceError('Failed', { cause: Object.assign(new Error('9 FAILED_PRECONDITION: Namespace is not active'), { code: 9 }) }))).toBe(false);
    expect(isDependencyDown(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDependencyDown(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('answers 503 with Retry-After for reads and commands, and /ready names what is missing', async () => {
    const headers = await bearer(app, { rolle: 'koordinator' });
    const calls = [
      { method: 'GET' as const, url: '/api/forloeb' },
      { method: 'GET' as const, url: '/api/paamindelser' },
      { method: 'GET' as const, url: '/api/forloeb/forloeb-00000000-0000-0000-0000-000000000001' },
      {
        method: 'POST' as const,
        url: '/api/forloeb',
        payload: { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'ryg', niveau: 'basal' } },
      },
    ];
    for (const call of calls) {
      const res = await app.inject({ ...call, headers });
      expect(res.statusCode, `${call.method} ${call.url}: ${res.body}`).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json<{ fejl: string }>().fejl).toMatch(/midlertidigt utilgængeligt/);
    }
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toEqual({ status: 'ikke klar', database: false, temporal: false });
  });
});
