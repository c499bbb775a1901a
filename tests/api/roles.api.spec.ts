// Route × role: who may do what on the existing endpoints, with the caller's identity from a verified
// token. Temporal runs the real forløb rules in memory (tests/support/fake-temporal.ts); PostgreSQL is
// a recording fake (the SQL itself runs against PostgreSQL in the .int tests).
import type { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY, type TokenRequest } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(now);
const sql: { text: string; params: unknown[] }[] = [];
let reminder: { kommune: string; rolle: string } | undefined;
const fakePool = {
  query: async (text: string, params: unknown[] = []) => {
    // Who signed in is recorded after each answer (api/medarbejder-seen.ts); these tests look at what a request itself writes.
    if (text.startsWith('INSERT INTO medarbejdere')) return { rows: [], rowCount: 1 };
    sql.push({ text, params });
    if (text.startsWith('SELECT kommune, rolle FROM paamindelser')) return { rows: reminder ? [reminder] : [], rowCount: reminder ? 1 : 0 };
    if (text.startsWith('UPDATE paamindelser')) return { rows: [{ acknowledged_at: now() }], rowCount: 1 };
    if (text.includes('count(*)')) return { rows: [{ n: '0' }], rowCount: 1 };
    return { rows: [], rowCount: 1 };
  },
} as unknown as Pool;

let app: Awaited<ReturnType<typeof buildApp>>;
const tokens = new Map<string, Record<string, string>>();
const as = async (who: TokenRequest) => {
  const key = JSON.stringify(who);
  if (!tokens.has(key)) tokens.set(key, await bearer(app, who));
  return tokens.get(key)!;
};

beforeAll(async () => {
  app = await buildApp({ temporal: { client: temporal.client, taskQueue: 'test' }, pool: fakePool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(() => app.close());
beforeEach(() => {
  temporal.reset();
  sql.length = 0;
  reminder = undefined;
});

const CPR = '010190-1234';
const plan = { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr: CPR, udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' } };

async function createForloeb(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/forloeb', headers: await as({ rolle: 'koordinator' }), payload: plan });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const ALL_ROLES = ['visitator', 'koordinator', 'terapeut', 'leder'] as const;

describe('without a token', () => {
  it.each([
    ['POST', '/api/forloeb'],
    ['GET', '/api/forloeb/forloeb-00000000-0000-0000-0000-000000000000'],
    ['POST', '/api/forloeb/forloeb-00000000-0000-0000-0000-000000000000/visitation'],
    ['POST', '/api/forloeb/forloeb-00000000-0000-0000-0000-000000000000/opstart'],
    ['GET', '/api/paamindelser'],
    ['POST', '/api/paamindelser/1/kvittering'],
    ['POST', '/api/adgangslog/soeg'],
    ['GET', '/api/ukendt'],
  ] as const)('%s %s answers 401 with a Danish reason and touches nothing', async (method, url) => {
    const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json<{ fejl: string }>().fejl).toMatch(/Mangler adgangstoken/);
    expect(temporal.starts).toHaveLength(0);
    expect(temporal.queries).toHaveLength(0);
    expect(sql).toHaveLength(0);
  });

  it('leaves /health and /docs open', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('POST /api/forloeb', () => {
  it('lets the koordinator of the regelsæt kommune create, and records the citizen and the access', async () => {
    const id = await createForloeb();
    expect(temporal.starts[0]!.input.create!.actor).toMatchObject({ role: 'koordinator', userId: 'dev:koordinator:udvikler' });
    expect(sql.map((q) => q.text.split(' (')[0])).toEqual(['INSERT INTO forloeb_borger', 'INSERT INTO adgangslog']);
    expect(sql[1]!.params).toEqual(expect.arrayContaining([id, 'oprettelse', 'POST /api/forloeb', 'planlægning af genoptræning']));
    expect(JSON.stringify(sql)).not.toContain('0101');
  });

  it.each(['visitator', 'terapeut', 'leder'] as const)('refuses the %s (403) and starts nothing', async (rolle) => {
    const res = await app.inject({ method: 'POST', url: '/api/forloeb', headers: await as({ rolle }), payload: plan });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ fejl: string }>().fejl).toMatch(/kræver rollen koordinator/);
    expect(temporal.starts).toHaveLength(0);
  });

  it("refuses a koordinator of another kommune (403) under Sønderborg's regelsæt", async () => {
    const res = await app.inject({ method: 'POST', url: '/api/forloeb', headers: await as({ rolle: 'koordinator', kommune: 'Aarhus' }), payload: plan });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ fejl: string }>().fejl).toMatch(/egen kommunes regelsæt/);
    expect(temporal.starts).toHaveLength(0);
  });
});

describe('GET /api/forloeb/:id', () => {
  it.each(ALL_ROLES)('shows the forløb to the %s of its kommune and logs the read', async (rolle) => {
    const id = await createForloeb();
    sql.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle }) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, kommune: 'Sønderborg', fase: 'visitering' });
    // Only the masked number (birth date, last four hidden), never the number itself.
    expect(res.json<{ borger: { cprMaskeret: string } }>().borger.cprMaskeret).toBe(`${CPR.slice(0, 6)}-xxxx`);
    for (const whole of [CPR, CPR.replace('-', '')]) expect(res.body).not.toContain(whole);
    expect(temporal.queries).toEqual([id]); // one query: the access hook's snapshot serves the handler
    const log = sql.filter((q) => q.text.startsWith('INSERT INTO adgangslog'));
    expect(log).toHaveLength(1);
    expect(log[0]!.params).toEqual(expect.arrayContaining([rolle, 'Sønderborg', id, 'laesning', 'GET /api/forloeb/:id']));
  });

  it("answers 404 to another kommune, as if the forløb did not exist, and logs nothing", async () => {
    const id = await createForloeb();
    sql.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'leder', kommune: 'Aarhus' }) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ fejl: 'Forløbet findes ikke' });
    // Read from the event log (or the workflow), but nothing written: no access-log row.
    expect(sql.filter((q) => !q.text.startsWith('SELECT'))).toHaveLength(0);
  });

  it('lets a terapeut see a forløb of their own unit only (403 for another unit)', async () => {
    const id = await createForloeb();
    const entry = temporal.forloeb.get(id)!;
    if (entry.state.status !== 'empty') entry.state = { ...entry.state, assignment: { terapeut: 'T1', enhed: 'Træningsenheden Syd' } };
    const other = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'terapeut', enhed: 'Træningsenheden Nord' }) });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ fejl: string }>().fejl).toMatch(/egen enhed/);
    const own = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'terapeut', enhed: 'Træningsenheden Syd' }) });
    expect(own.statusCode).toBe(200);
  });

  it('answers 404 for a forløb that does not exist', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/forloeb/forloeb-00000000-0000-0000-0000-000000000000', headers: await as({ rolle: 'leder' }) });
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /api/forloeb/:id/visitation and /opstart', () => {
  const visit = async (id: string, who: TokenRequest) =>
    app.inject({ method: 'POST', url: `/api/forloeb/${id}/visitation`, headers: await as(who), payload: { afgoerelse: 'bevilget' } });
  const book = async (id: string, who: TokenRequest) =>
    app.inject({ method: 'POST', url: `/api/forloeb/${id}/opstart`, headers: await as(who), payload: { startdato: '2026-11-26' } });

  it('lets the koordinator visit and book, with the user in the command, and logs each command', async () => {
    const id = await createForloeb();
    sql.length = 0;
    expect((await visit(id, { rolle: 'koordinator' })).statusCode).toBe(200);
    expect((await book(id, { rolle: 'koordinator' })).statusCode).toBe(200);
    expect(temporal.updates.map((u) => [u.name, u.command.type, (u.command as { actor: unknown }).actor])).toEqual([
      ['recordVisitation', 'RecordVisitation', { role: 'koordinator', userId: 'dev:koordinator:udvikler' }],
      ['bookStart', 'BookStart', { role: 'koordinator', userId: 'dev:koordinator:udvikler' }],
    ]);
    const actions = sql.filter((q) => q.text.startsWith('INSERT INTO adgangslog')).map((q) => q.params.slice(5, 7));
    expect(actions).toEqual([
      ['kommando', 'POST /api/forloeb/:id/visitation'],
      ['kommando', 'POST /api/forloeb/:id/opstart'],
    ]);
  });

  it.each(['visitator', 'terapeut', 'leder'] as const)('refuses the visitation by the %s (403) with the rule', async (rolle) => {
    const id = await createForloeb();
    const res = await visit(id, { rolle });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ fejl: string }>().fejl).toMatch(/kræver rollen koordinator/);
  });

  it.each(['visitator', 'terapeut', 'leder'] as const)('refuses the booking by the %s (403)', async (rolle) => {
    const id = await createForloeb();
    expect((await visit(id, { rolle: 'koordinator' })).statusCode).toBe(200);
    const res = await book(id, { rolle });
    expect(res.statusCode).toBe(403);
  });

  it('answers 404 to a koordinator of another kommune and sends no command', async () => {
    const id = await createForloeb();
    const res = await visit(id, { rolle: 'koordinator', kommune: 'Aarhus' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ fejl: 'Forløbet findes ikke' });
    expect((await book(id, { rolle: 'koordinator', kommune: 'Aarhus' })).statusCode).toBe(404);
    expect(temporal.updates).toHaveLength(0);
  });
});

describe('GET /api/paamindelser', () => {
  const inbox = async (query: string, who: TokenRequest) => app.inject({ method: 'GET', url: `/api/paamindelser${query}`, headers: await as(who) });
  const lastListParams = () => sql.filter((q) => q.text.includes('FROM paamindelser WHERE')).at(-1)!.params.slice(0, 2);

  it.each(ALL_ROLES)("gives the %s their own role's inbox in their own kommune by default", async (rolle) => {
    const res = await inbox('', { rolle });
    expect(res.statusCode).toBe(200);
    expect(lastListParams()).toEqual([rolle, 'Sønderborg']);
  });

  it("lets a leder read another role's inbox, and no one else", async () => {
    expect((await inbox('?rolle=koordinator', { rolle: 'leder' })).statusCode).toBe(200);
    expect(lastListParams()).toEqual(['koordinator', 'Sønderborg']);
    const refused = await inbox('?rolle=leder', { rolle: 'koordinator' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ fejl: string }>().fejl).toMatch(/egen rolle/);
    expect((await inbox('?rolle=koordinator', { rolle: 'koordinator' })).statusCode).toBe(200);
  });

  it('scopes to the caller\'s kommune: another kommune in the query is refused (403)', async () => {
    expect((await inbox('?kommune=Aarhus', { rolle: 'leder' })).statusCode).toBe(403);
    expect((await inbox('?kommune=S%C3%B8nderborg', { rolle: 'leder' })).statusCode).toBe(200);
    expect((await inbox('', { rolle: 'leder', kommune: 'Aarhus' })).statusCode).toBe(200);
    expect(lastListParams()).toEqual(['leder', 'Aarhus']);
  });
});

describe('POST /api/paamindelser/:id/kvittering', () => {
  const ack = async (who: TokenRequest) => app.inject({ method: 'POST', url: '/api/paamindelser/7/kvittering', headers: await as(who) });

  it('lets the addressed role and a leder acknowledge, refuses another role (403) and hides another kommune (404)', async () => {
    reminder = { kommune: 'Sønderborg', rolle: 'koordinator' };
    expect((await ack({ rolle: 'koordinator' })).statusCode).toBe(200);
    expect((await ack({ rolle: 'leder' })).statusCode).toBe(200);
    const terapeut = await ack({ rolle: 'terapeut' });
    expect(terapeut.statusCode).toBe(403);
    expect((await ack({ rolle: 'visitator' })).statusCode).toBe(403);
    const elsewhere = await ack({ rolle: 'koordinator', kommune: 'Aarhus' });
    expect(elsewhere.statusCode).toBe(404);
    expect(sql.filter((q) => q.text.startsWith('UPDATE paamindelser'))).toHaveLength(2);
  });
});
