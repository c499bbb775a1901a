// Showing a forløb's CPR number on request (POST /api/forloeb/:id/cpr), against PostgreSQL: the same
// access as the forløb's details, every showing in the access log as its own kind (cpr_visning) with
// the role's purpose, and the number in no log row, no stored answer and no cache. Temporal is the
// in-memory fake that runs the real rules.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { forloebWorkflowId } from '../../workflows/forloeb.messages';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY, type TokenRequest } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
const as = (who: TokenRequest) => bearer(app, who);

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({ temporal: { client: temporal.client, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

async function createForloeb(cpr: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/forloeb',
    headers: await as({ rolle: 'koordinator' }),
    payload: { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr, udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' } },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const reveal = async (id: string, who: TokenRequest, extra: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/forloeb/${id}/cpr`, headers: { ...(await as(who)), ...extra } });

const logOf = async (id: string) =>
  (await db.pool.query<{ access_kind: string; action: string; rolle: string; purpose: string; cpr_hash: string; t: string }>(
    'SELECT access_kind, action, rolle, purpose, cpr_hash, row_to_json(a)::text AS t FROM adgangslog a WHERE forloeb_id = $1 ORDER BY id',
    [id],
  )).rows;

describe('POST /api/forloeb/:id/cpr', () => {
  it('shows the CPR number, not to be cached, while the details leave it out', async () => {
    const id = await createForloeb('0503821234');
    const detail = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as({ rolle: 'terapeut' }) });
    expect(detail.statusCode).toBe(200);
    // The detail carries the number masked (birth date, last four hidden), never the number itself.
    expect(detail.json<{ borger: { cprMaskeret: string } }>().borger.cprMaskeret).toBe('050382-xxxx');
    for (const whole of ['050382-1234', '0503821234']) expect(detail.body).not.toContain(whole);

    const res = await reveal(id, { rolle: 'terapeut' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cpr: '050382-1234' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('logs each showing as cpr_visning with who and the purpose of the role, and the leder finds it by CPR number', async () => {
    const cpr = '121180-4321';
    const id = await createForloeb(cpr);
    expect((await reveal(id, { rolle: 'visitator' })).statusCode).toBe(200);
    expect((await reveal(id, { rolle: 'leder' })).statusCode).toBe(200);

    const rows = await logOf(id);
    expect(rows.map((r) => [r.access_kind, r.action, r.rolle, r.purpose])).toEqual([
      ['oprettelse', 'POST /api/forloeb', 'koordinator', 'planlægning af genoptræning'],
      ['cpr_visning', 'POST /api/forloeb/:id/cpr', 'visitator', 'visitation og afgørelse om genoptræning'],
      ['cpr_visning', 'POST /api/forloeb/:id/cpr', 'leder', 'ledelse og opfølgning på frister'],
    ]);
    const hash = createHmac('sha256', TEST_CPR_HASH_KEY).update(cpr).digest('hex');
    for (const r of rows) {
      expect(r.cpr_hash).toBe(hash);
      expect(r.t).not.toContain('121180');
    }

    const found = await app.inject({ method: 'POST', url: '/api/adgangslog/soeg', headers: await as({ rolle: 'leder' }), payload: { cpr } });
    expect(found.statusCode).toBe(200);
    const answer = found.json<{ adgange: { art: string; rolle: string; handling: string }[] }>();
    expect(answer.adgange.filter((a) => a.art === 'cpr_visning').map((a) => a.rolle).sort()).toEqual(['leder', 'visitator']);
    expect(found.body).not.toContain('121180');
  });

  it('answers 404 to another kommune, as for a forløb that does not exist, and logs nothing', async () => {
    const id = await createForloeb('010203-1234');
    for (const rolle of ['koordinator', 'leder'] as const) {
      const res = await reveal(id, { rolle, kommune: 'Varde' });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('010203');
    }
    expect((await reveal('forloeb-00000000-0000-4000-8000-000000000000', { rolle: 'leder' })).statusCode).toBe(404);
    expect((await logOf(id)).map((r) => r.access_kind)).toEqual(['oprettelse']);
  });

  it('refuses a terapeut of another unit (403), as the details do, and logs nothing', async () => {
    const id = await createForloeb('150595-2345');
    const entry = temporal.forloeb.get(forloebWorkflowId(id))!;
    if (entry.state.status !== 'empty') entry.state = { ...entry.state, assignment: { terapeut: 'T1', enhed: 'Træningsenheden Syd' } };
    expect((await reveal(id, { rolle: 'terapeut', enhed: 'Træningsenheden Nord' })).statusCode).toBe(403);
    expect((await reveal(id, { rolle: 'terapeut', enhed: 'Træningsenheden Syd' })).statusCode).toBe(200);
    expect((await logOf(id)).map((r) => r.access_kind)).toEqual(['oprettelse', 'cpr_visning']);
  });

  it('needs a token, and never stores its answer under an Idempotency-Key', async () => {
    const id = await createForloeb('240470-3456');
    expect((await app.inject({ method: 'POST', url: `/api/forloeb/${id}/cpr` })).statusCode).toBe(401);
    const first = await reveal(id, { rolle: 'koordinator' }, { 'idempotency-key': 'vis-cpr-1' });
    const again = await reveal(id, { rolle: 'koordinator' }, { 'idempotency-key': 'vis-cpr-1' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBeUndefined();
    const stored = await db.pool.query<{ t: string }>('SELECT row_to_json(k)::text AS t FROM idempotency_keys k');
    for (const { t } of stored.rows) expect(t).not.toContain('240470');
    // Both showings are logged: a repeat is a new showing.
    expect((await logOf(id)).filter((r) => r.access_kind === 'cpr_visning')).toHaveLength(2);
  });
});
