// Idempotency-Key on commands and the access log (adgangslog), against PostgreSQL; Temporal is the
// in-memory fake that records its calls.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY, type TokenRequest } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
const tokens = new Map<string, Record<string, string>>();
const as = async (who: TokenRequest) => {
  const key = JSON.stringify(who);
  if (!tokens.has(key)) tokens.set(key, await bearer(app, who));
  return tokens.get(key)!;
};

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({ temporal: { client: temporal.client, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});
beforeEach(() => temporal.reset());

const CPR = '010190-1234';
const plan = (kategori = 'knae-underben', cpr = CPR) => ({
  regelsaetId: 'sonderborg-sul140',
  kilde: { kind: 'genoptraeningsplan', cpr, udskrivningsdato: '2026-11-20', kategori, niveau: 'basal' },
});
const create = async (body: unknown, key?: string, who: TokenRequest = { rolle: 'koordinator' }) =>
  app.inject({ method: 'POST', url: '/api/forloeb', headers: { ...(await as(who)), ...(key ? { 'idempotency-key': key } : {}) }, payload: body as object });
const visit = async (id: string, key: string, body: object = { afgoerelse: 'bevilget' }) =>
  app.inject({ method: 'POST', url: `/api/forloeb/${id}/visitation`, headers: { ...(await as({ rolle: 'koordinator' })), 'idempotency-key': key }, payload: body });

describe('Idempotency-Key', () => {
  it('answers a repeated create with the stored answer, starting one workflow', async () => {
    const first = await create(plan(), 'opret-1');
    const again = await create(plan(), 'opret-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(first.headers['idempotent-replay']).toBeUndefined();
    expect(temporal.starts).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and starts nothing', async () => {
    expect((await create(plan(), 'opret-2')).statusCode).toBe(201);
    const other = await create(plan('skulder-overarm'), 'opret-2');
    expect(other.statusCode).toBe(422);
    expect(other.json<{ fejl: string }>().fejl).toMatch(/Idempotency-Key er allerede brugt/);
    expect(other.body).not.toContain('0101');
    expect(temporal.starts).toHaveLength(1);
  });

  it('treats the CPR number with or without the dash as the same request', async () => {
    expect((await create(plan(), 'opret-3')).statusCode).toBe(201);
    expect((await create(plan('knae-underben', '0101901234'), 'opret-3')).headers['idempotent-replay']).toBe('true');
    expect(temporal.starts).toHaveLength(1);
  });

  it('keeps keys apart per user', async () => {
    expect((await create(plan(), 'opret-4')).statusCode).toBe(201);
    const other = await create(plan(), 'opret-4', { rolle: 'koordinator', navn: 'Anden Koordinator' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replay']).toBeUndefined();
    expect(temporal.starts).toHaveLength(2);
  });

  it('sends a repeated command once and answers the repeat with the same events', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const first = await visit(id, 'visit-1');
    const again = await visit(id, 'visit-1');
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(temporal.updates).toHaveLength(1);
    expect((await visit(id, 'visit-1', { afgoerelse: 'afslaaet' })).statusCode).toBe(422);
    expect(temporal.updates).toHaveLength(1);
  });

  it('stores a refusal too: the repeat of a refused command gets the same refusal without a new attempt', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const headers = { ...(await as({ rolle: 'terapeut' })), 'idempotency-key': 'visit-refused' };
    const first = await app.inject({ method: 'POST', url: `/api/forloeb/${id}/visitation`, headers, payload: { afgoerelse: 'bevilget' } });
    const again = await app.inject({ method: 'POST', url: `/api/forloeb/${id}/visitation`, headers, payload: { afgoerelse: 'bevilget' } });
    expect(first.statusCode).toBe(403);
    expect(again.statusCode).toBe(403);
    expect(again.body).toBe(first.body);
    expect(temporal.updates).toHaveLength(1);
  });

  it('answers 409 "under behandling" to a duplicate while the first is in flight', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const release = temporal.holdUpdates();
    const first = visit(id, 'visit-concurrent');
    for (let i = 0; i < 100 && temporal.updates.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const duplicate = await visit(id, 'visit-concurrent');
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ fejl: string }>().fejl).toMatch(/under behandling/);
    release();
    expect((await first).statusCode).toBe(200);
    expect((await visit(id, 'visit-concurrent')).headers['idempotent-replay']).toBe('true');
    expect(temporal.updates).toHaveLength(1);
  });

  it('keeps no answer of a server error, so a retry runs again', async () => {
    const start = temporal.client.workflow.start;
    temporal.client.workflow.start = (async () => {
      throw new Error('Temporal unavailable');
    }) as typeof start;
    try {
      expect((await create(plan(), 'opret-5xx')).statusCode).toBe(500);
    } finally {
      temporal.client.workflow.start = start;
    }
    const retry = await create(plan(), 'opret-5xx');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replay']).toBeUndefined();
  });

  it('finds the forløb of a create whose answer was lost, instead of starting a second one', async () => {
    const start = temporal.client.workflow.start;
    const unavailable = () => Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 });
    // The workflow starts, then the answer is lost on its way back: 503, and the client retries.
    temporal.client.workflow.start = (async (...args: Parameters<typeof start>) => {
      await start(...args);
      throw unavailable();
    }) as typeof start;
    try {
      expect((await create(plan(), 'opret-lost')).statusCode).toBe(503);
    } finally {
      temporal.client.workflow.start = start;
    }
    const retry = await create(plan(), 'opret-lost');
    expect(retry.statusCode).toBe(201);
    expect(temporal.starts).toHaveLength(2);
    expect(temporal.starts[1]!.workflowId).toBe(temporal.starts[0]!.workflowId);
    expect(retry.json<{ id: string }>().id).toBe(temporal.starts[0]!.workflowId);
    // Another body under another key, or another user with the same key, is another forløb.
    expect((await create(plan(), 'opret-lost', { rolle: 'koordinator', navn: 'Anden Koordinator' })).json<{ id: string }>().id).not.toBe(retry.json<{ id: string }>().id);
  });

  it('applies a command whose answer was lost once, and answers its repeat with the same events', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const getHandle = temporal.client.workflow.getHandle;
    let lose = true;
    temporal.client.workflow.getHandle = ((workflowId: string) => {
      const handle = getHandle(workflowId);
      return {
        ...handle,
        executeUpdate: async (...args: Parameters<typeof handle.executeUpdate>) => {
          const result = await handle.executeUpdate(...args);
          if (lose) {
            lose = false;
            throw Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 });
          }
          return result;
        },
      };
    }) as typeof getHandle;
    try {
      expect((await visit(id, 'visit-lost')).statusCode).toBe(503);
      const retry = await visit(id, 'visit-lost');
      expect(retry.statusCode).toBe(200);
      expect(temporal.updates).toHaveLength(2);
      expect(temporal.updates[1]!.updateId).toBe(temporal.updates[0]!.updateId);
      expect(temporal.updates[0]!.updateId).toMatch(/^command-[0-9a-f]{32}$/);
      // Applied once: one VisitationRecorded in the forløb, and the retry names the first one's events.
      const state = temporal.forloeb.get(id)!.state;
      expect(state.status === 'open' && state.visitation?.decision).toBe('bevilget');
      expect(retry.json<{ haendelser: { type: string }[] }>().haendelser.filter((e) => e.type === 'VisitationRecorded')).toHaveLength(1);
      expect(state.seq).toBe(retry.json<{ haendelser: { seq: number }[] }>().haendelser.at(-1)!.seq);
    } finally {
      temporal.client.workflow.getHandle = getHandle;
    }
  });

  it('lets a repeat take over a claim in flight for longer than the claim timeout, without applying the command twice', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const release = temporal.holdUpdates();
    const first = visit(id, 'visit-stale');
    for (let i = 0; i < 100 && temporal.updates.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await visit(id, 'visit-stale')).statusCode).toBe(409);
    // The first request's process died (as far as anyone can tell): its claim is old.
    await db.pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '31 seconds' WHERE idempotency_key = 'visit-stale'`);
    const takeover = visit(id, 'visit-stale');
    for (let i = 0; i < 100 && temporal.updates.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    release();
    const [a, b] = [await first, await takeover];
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    expect(temporal.updates.map((u) => u.updateId)).toEqual([temporal.updates[0]!.updateId, temporal.updates[0]!.updateId]);
    expect(temporal.forloeb.get(id)!.state.seq).toBe(a.json<{ haendelser: { seq: number }[] }>().haendelser.at(-1)!.seq);
  });

  it('forgets keys after 24 hours', async () => {
    expect((await create(plan(), 'opret-old')).statusCode).toBe(201);
    await db.pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = 'opret-old'`);
    const later = await create(plan('skulder-overarm'), 'opret-old');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replay']).toBeUndefined();
  });

  it('is optional, and a malformed key is refused (400) naming the header', async () => {
    expect((await create(plan())).statusCode).toBe(201);
    expect((await create(plan())).statusCode).toBe(201);
    const bad = await create(plan(), 'x'.repeat(300));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ felter: [{ felt: 'header Idempotency-Key' }] });
  });

  it('keeps no CPR number in the idempotency table', async () => {
    const { rows } = await db.pool.query<{ t: string }>('SELECT row_to_json(k)::text AS t FROM idempotency_keys k');
    expect(rows.length).toBeGreaterThan(0);
    for (const { t } of rows) {
      expect(t).not.toContain('010190');
      expect(t).not.toContain('0101901234');
    }
  });
});

describe('the access log', () => {
  it('records a create, a detail read and a command, finds them by CPR number, and holds no CPR number', async () => {
    const cpr = '020285-4321';
    const id = (await create(plan('knae-underben', cpr))).json<{ id: string }>().id;
    expect((await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'leder' }) })).statusCode).toBe(200);
    expect((await visit(id, `visit-log-${id}`)).statusCode).toBe(200);

    const { rows } = await db.pool.query('SELECT * FROM adgangslog WHERE forloeb_id = $1 ORDER BY id', [id]);
    expect(rows.map((r) => [r.access_kind, r.action, r.rolle, r.purpose])).toEqual([
      ['oprettelse', 'POST /api/forloeb', 'koordinator', 'planlægning af genoptræning'],
      ['laesning', 'GET /api/forloeb/:id', 'leder', 'ledelse og opfølgning på frister'],
      ['kommando', 'POST /api/forloeb/:id/visitation', 'koordinator', 'planlægning af genoptræning'],
    ]);
    const expectedHash = createHmac('sha256', TEST_CPR_HASH_KEY).update(cpr).digest('hex');
    for (const r of rows) {
      expect(r.cpr_hash).toBe(expectedHash);
      expect(r.user_id).toMatch(/^dev:/);
      expect(r.kommune).toBe('Sønderborg');
    }

    // The leder searches by CPR number (in the body, with or without the dash).
    const found = await app.inject({ method: 'POST', url: '/api/adgangslog/soeg', headers: await as({ rolle: 'leder' }), payload: { cpr: '0202854321' } });
    expect(found.statusCode).toBe(200);
    const answer = found.json<{ forloeb: string[]; adgange: { forloebId: string; art: string; formaal: string }[]; total: number }>();
    expect(answer.forloeb).toEqual([id]);
    expect(answer.total).toBe(3);
    expect(answer.adgange.map((a) => a.art).sort()).toEqual(['kommando', 'laesning', 'oprettelse']);
    expect(found.body).not.toContain('020285');

    // Nobody else searches; another kommune's leder finds nothing of it.
    expect((await app.inject({ method: 'POST', url: '/api/adgangslog/soeg', headers: await as({ rolle: 'koordinator' }), payload: { cpr } })).statusCode).toBe(403);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/adgangslog/soeg', headers: await as({ rolle: 'leder', kommune: 'Aarhus' }), payload: { cpr } });
    expect(elsewhere.json()).toMatchObject({ forloeb: [], adgange: [], total: 0 });

    // No plain CPR number anywhere in the log or the citizen table.
    const all = await db.pool.query<{ t: string }>(
      'SELECT row_to_json(a)::text AS t FROM adgangslog a UNION ALL SELECT row_to_json(b)::text FROM forloeb_borger b',
    );
    for (const { t } of all.rows) {
      for (const needle of [cpr, '0202854321', '010190', '0101901234']) expect(t).not.toContain(needle);
    }
  });

  it('logs no access that was refused for another kommune', async () => {
    const id = (await create(plan())).json<{ id: string }>().id;
    const res = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'leder', kommune: 'Aarhus' }) });
    expect(res.statusCode).toBe(404);
    const { rows } = await db.pool.query('SELECT access_kind FROM adgangslog WHERE forloeb_id = $1', [id]);
    expect(rows.map((r) => r.access_kind)).toEqual(['oprettelse']);
  });

  it('is append-only', async () => {
    await expect(db.pool.query("UPDATE adgangslog SET purpose = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM adgangslog')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE adgangslog')).rejects.toThrow(/append-only/);
  });
});
