// POST /api/forloeb: bad input gets 400 naming the field and starts no workflow.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';

const started: { workflowId: string; args: unknown[] }[] = [];
const fakeClient = {
  workflow: {
    start: async (_type: string, options: { workflowId: string; args: unknown[] }) => {
      started.push(options);
      return { workflowId: options.workflowId };
    },
  },
} as unknown as Client;

// The access log and the citizen table are written after a start; the SQL itself is tested against PostgreSQL elsewhere.
const fakePool = { query: async () => ({ rows: [], rowCount: 1 }) } as unknown as Pool;

let app: Awaited<ReturnType<typeof buildApp>>;
let koordinator: Record<string, string>;
let terapeut: Record<string, string>;
beforeAll(async () => {
  app = await buildApp({
    temporal: { client: fakeClient, taskQueue: 'test' },
    pool: fakePool,
    regelsaet: BUILT_IN_REGELSAET,
    now: () => new Date('2026-11-25T10:00:00Z'),
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
  koordinator = await bearer(app, { rolle: 'koordinator' });
  terapeut = await bearer(app, { rolle: 'terapeut' });
});
afterAll(() => app.close());
beforeEach(() => {
  started.length = 0;
});

const CPR = '010190-1234';
const validPlan = { kind: 'genoptraeningsplan', cpr: CPR, udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' };
const post = (body: unknown, headers: Record<string, string> = koordinator) =>
  app.inject({ method: 'POST', url: '/api/forloeb', headers, payload: body as object });

describe('POST /api/forloeb', () => {
  it('starts a workflow with an opaque id and answers 201', async () => {
    const res = await post({ regelsaetId: 'sonderborg-sul140', kilde: validPlan });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    expect(id).toMatch(/^forloeb-[0-9a-f-]{36}$/);
    expect(res.headers.location).toBe(`/api/forloeb/${id}`);
    expect(started).toHaveLength(1);
    expect(started[0]!.workflowId).toBe(id);
    expect(res.body).not.toContain('010190');
  });

  it('accepts a CPR number without the dash and stores it normalised', async () => {
    const res = await post({ regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, cpr: '0101901234' } });
    expect(res.statusCode).toBe(201);
    const input = started[0]!.args[0] as { create: { source: { cpr: string } } };
    expect(input.create.source.cpr).toBe(CPR);
  });

  const badInputs: [string, unknown, string, RegExp][] = [
    ['missing udskrivningsdato', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, udskrivningsdato: undefined } }, 'kilde.udskrivningsdato', /.+/],
    ['invalid date', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, udskrivningsdato: '2026-02-30' } }, 'kilde.udskrivningsdato', /ikke en gyldig dato/],
    ['badly written date', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, udskrivningsdato: '20-11-2026' } }, 'kilde.udskrivningsdato', /ÅÅÅÅ-MM-DD/],
    ['unknown category', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, kategori: 'tandpine' } }, 'kilde.kategori', /findes ikke/],
    ['malformed CPR', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, cpr: '01019-01234x' } }, 'kilde.cpr', /DDMMÅÅ-NNNN/],
    ['CPR with an impossible birth date', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, cpr: '310290-1234' } }, 'kilde.cpr', /fødselsdato/],
    ['unknown niveau', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, niveau: 'mellem' } }, 'kilde.niveau', /basal eller avanceret/],
    ['plan start before discharge', { regelsaetId: 'sonderborg-sul140', kilde: { ...validPlan, planOpstartsdato: '2026-11-01' } }, 'kilde.planOpstartsdato', /før udskrivningsdatoen/],
    ['unknown regelsæt', { regelsaetId: 'aalborg', kilde: validPlan }, 'regelsaetId', /findes ikke/],
    ['missing kilde', { regelsaetId: 'sonderborg-sul140' }, 'kilde', /.+/],
  ];

  it.each(badInputs)('answers 400 for %s, naming the field, and starts nothing', async (_name, body, field, message) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    const answer = res.json<{ fejl: string; felter: { felt: string; besked: string }[] }>();
    const hit = answer.felter.find((f) => f.felt === field);
    expect(hit, JSON.stringify(answer)).toBeDefined();
    expect(hit!.besked).toMatch(message);
    expect(res.body).not.toContain('0101');
    expect(started).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/forloeb', headers: { 'content-type': 'application/json', ...koordinator }, payload: '{"regelsaetId": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ fejl: 'Body er ikke gyldig JSON' });
    expect(started).toHaveLength(0);
  });

  it('answers 401 without a token and 403 for a role that may not create a §140 forløb', async () => {
    expect((await post({ regelsaetId: 'sonderborg-sul140', kilde: validPlan }, {})).statusCode).toBe(401);
    const res = await post({ regelsaetId: 'sonderborg-sul140', kilde: validPlan }, terapeut);
    expect(res.statusCode).toBe(403);
    expect(res.json<{ fejl: string }>().fejl).toMatch(/kræver rollen koordinator/);
    expect(started).toHaveLength(0);
  });

  it('answers 404 for an id that is not a forløb id, without asking Temporal', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/forloeb/010190-1234', headers: koordinator });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('010190');
  });
});
