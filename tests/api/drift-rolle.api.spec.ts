// The operations role (drift) against every route of the API: it may use the operations routes and
// nothing that reads or commands a forløb. The routes are taken from the app's own OpenAPI document,
// so a route added later is walked too. Temporal runs the real rules in memory and PostgreSQL is a
// recording fake: a refusal must come before either is touched.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { PURPOSE_OF_ROLE } from '../../api/access-log';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(now);
const sql: string[] = [];
const fakePool = {
  query: async (text: string) => {
    sql.push(text);
    if (text.includes('count(*)')) return { rows: [{ n: '0' }], rowCount: 1 };
    return { rows: [], rowCount: 0 };
  },
} as unknown as Pool;

let app: Awaited<ReturnType<typeof buildApp>>;
let drift: Record<string, string>;
let leder: Record<string, string>;
let forloebId: string;

/** The operations routes, open to drift only; the rest of /api serves the case roles. */
const DRIFT_ROUTE = /^\/api\/(codec|drift)\//;
/** Open without a token (the sign-in page reads them before anyone is signed in). */
const OPEN_ROUTES = new Set(['/api/dev/token', '/api/konfiguration']);

type Operation = { method: string; path: string };

function apiOperations(): Operation[] {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
}

/** A concrete URL for a documented path: an existing forløb where one is asked for, else a plausible id. */
const urlOf = (path: string) =>
  path
    .replace('/api/forloeb/{id}', `/api/forloeb/${forloebId}`)
    .replace('/api/regelsaet/{id}', '/api/regelsaet/sonderborg-sul140')
    .replace(/\{[^}]+\}/g, '1');

beforeAll(async () => {
  app = await buildApp({
    temporal: { client: temporal.client, taskQueue: 'test' },
    pool: fakePool,
    regelsaet: BUILT_IN_REGELSAET,
    now,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
    drift: { payloadCodecs: [], temporalUiOrigin: 'http://127.0.0.1:8233', namespace: 'default' },
  });
  drift = await bearer(app, { rolle: 'drift' });
  leder = await bearer(app, { rolle: 'leder' });
  const created = await app.inject({
    method: 'POST',
    url: '/api/forloeb',
    headers: await bearer(app, { rolle: 'koordinator' }),
    payload: { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' } },
  });
  expect(created.statusCode).toBe(201);
  forloebId = created.json<{ id: string }>().id;
});
afterAll(() => app.close());
beforeEach(() => {
  temporal.reset();
  sql.length = 0;
});

describe('a drift token', () => {
  it('is issued by the development token route, with the kommune it carries but no unit', async () => {
    const refused = await app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'drift', kommune: 'Sønderborg', enhed: 'Nord' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ felter: [{ felt: 'enhed' }] });
  });

  it('has a purpose for the access log', () => {
    expect(PURPOSE_OF_ROLE.drift).toBe('drift og fejlretning af forløbsmotoren');
  });
});

describe('every case route as drift', () => {
  it('walks a route list that holds the forløb, list, inbox, report and access log routes', () => {
    const paths = new Set(apiOperations().map((o) => o.path));
    for (const p of ['/api/forloeb', '/api/forloeb/{id}', '/api/paamindelser', '/api/paamindelser/{id}/kvittering', '/api/rapporter/frister', '/api/adgangslog/soeg']) {
      expect(paths).toContain(p);
    }
  });

  it('answers 403 with a Danish reason, before Temporal or PostgreSQL is asked', async () => {
    const caseOperations = apiOperations().filter((o) => !DRIFT_ROUTE.test(o.path) && !OPEN_ROUTES.has(o.path));
    expect(caseOperations.length).toBeGreaterThan(15);
    for (const { method, path } of caseOperations) {
      const res = await app.inject({ method: method as 'GET', url: urlOf(path), headers: drift, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${method} ${path}`).toBe(403);
      expect(res.json<{ fejl: string }>().fejl, `${method} ${path}`).toMatch(/Driftsrollen har ikke adgang/);
    }
    expect(temporal.queries).toEqual([]);
    expect(temporal.updates).toEqual([]);
    expect(temporal.starts).toEqual([]);
    expect(sql).toEqual([]);
  });

  it('lets drift use the operations routes, which the walk left out', async () => {
    const operations = apiOperations().filter((o) => DRIFT_ROUTE.test(o.path));
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/codec/decode', 'POST /api/codec/encode', 'GET /api/drift/fund', 'POST /api/drift/fund/{id}/kvittering']),
    );
    expect((await app.inject({ method: 'GET', url: '/api/drift/fund', headers: drift })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/codec/encode', headers: { ...drift, 'x-namespace': 'default' }, payload: { payloads: [] } })).statusCode).toBe(200);
  });

  it('documents the operations routes in a valid OpenAPI document', async () => {
    const result = await new Validator().validate(app.swagger() as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('still lets a case role through the same routes (the forløb read as a leder)', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${forloebId}`, headers: leder });
    expect(res.statusCode).toBe(200);
  });

  it('answers an unknown path with 404 as for anyone', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ukendt', headers: drift })).statusCode).toBe(404);
  });
});
