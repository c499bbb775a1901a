// The operations inbox (GET /api/drift/fund, POST /api/drift/fund/:id/kvittering) against PostgreSQL:
// findings are inserted as the watchdog writes them, then listed, paged and acknowledged.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const UI_ORIGIN = 'http://127.0.0.1:18233';
const NAMESPACE = 'forloeb-test';
const NOW = new Date('2026-11-25T10:00:00Z');
const now = () => NOW;

let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let drift: Record<string, string>;

type Fund = {
  id: string;
  forloebId: string;
  runId: string | null;
  fundet: string;
  art: string;
  detalje: string;
  reparation: string;
  reparationDetalje: string | null;
  loest: string | null;
  loestAf: string | null;
  temporalLink: string;
};
type Liste = { elementer: Fund[]; naeste?: string };

type Finding = { forloebId: string; foundAt: string; kind?: string; repair?: string; resolvedAt?: string; resolvedBy?: string; runId?: string };

async function insert(f: Finding): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO drift_fund (forloeb_id, run_id, found_at, kind, detail, repair, repair_detail, resolved_at, resolved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
    [
      f.forloebId,
      f.runId ?? null,
      f.foundAt,
      f.kind ?? 'timeout',
      `workflow task timed out (${f.forloebId})`,
      f.repair ?? 'ingen',
      f.repair === 'repareret' ? 'reset to the last completed workflow task' : null,
      f.resolvedAt ?? null,
      f.resolvedBy ?? null,
    ],
  );
  return rows[0]!.id;
}

const list = (query = '', headers = drift) => app.inject({ method: 'GET', url: `/api/drift/fund${query}`, headers });
const acknowledge = (id: string, headers = drift) => app.inject({ method: 'POST', url: `/api/drift/fund/${id}/kvittering`, headers, payload: {} });

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
    drift: { payloadCodecs: [], temporalUiOrigin: UI_ORIGIN, namespace: NAMESPACE },
  });
  drift = await bearer(app, { rolle: 'drift', navn: 'Dorte Drift' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});
beforeEach(async () => {
  await db.pool.query('DELETE FROM drift_fund');
});

const forloeb = (n: number) => `forloeb-00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Findings in a known order: open ones newest first (two at the same instant, two a microsecond apart), then resolved ones newest first. */
async function seed(): Promise<string[]> {
  const openOld = await insert({ forloebId: forloeb(1), foundAt: '2026-11-20T08:00:00Z', kind: 'ikke_deterministisk' });
  const openSameA = await insert({ forloebId: forloeb(2), foundAt: '2026-11-24T08:00:00.000001Z' });
  const openSameB = await insert({ forloebId: forloeb(3), foundAt: '2026-11-24T08:00:00.000001Z', kind: 'frist_uden_tick' });
  const openMicroLater = await insert({ forloebId: forloeb(4), foundAt: '2026-11-24T08:00:00.000002Z', kind: 'opgave_fejler', repair: 'mislykket' });
  const resolvedNew = await insert({ forloebId: forloeb(5), foundAt: '2026-11-25T09:00:00Z', repair: 'repareret', resolvedAt: '2026-11-25T09:00:05Z', resolvedBy: 'watchdog', runId: 'run-5' });
  const resolvedOld = await insert({ forloebId: forloeb(6), foundAt: '2026-11-01T09:00:00Z', resolvedAt: '2026-11-02T09:00:00Z', resolvedBy: 'dev:drift:en anden' });
  return [openMicroLater, openSameB, openSameA, openOld, resolvedNew, resolvedOld];
}

describe('GET /api/drift/fund', () => {
  it('lists open findings first, newest first, then the resolved ones, with a link to the workflow', async () => {
    const order = await seed();
    const res = await list();
    expect(res.statusCode).toBe(200);
    const { elementer, naeste } = res.json<Liste>();
    expect(elementer.map((f) => f.id)).toEqual(order);
    expect(naeste).toBeUndefined();
    expect(elementer[0]).toEqual({
      id: order[0],
      forloebId: forloeb(4),
      runId: null,
      fundet: '2026-11-24T08:00:00.000Z',
      art: 'opgave_fejler',
      detalje: `workflow task timed out (${forloeb(4)})`,
      reparation: 'mislykket',
      reparationDetalje: null,
      loest: null,
      loestAf: null,
      temporalLink: `${UI_ORIGIN}/namespaces/${NAMESPACE}/workflows/${forloeb(4)}`,
    });
    expect(elementer[4]).toMatchObject({ reparation: 'repareret', loest: '2026-11-25T09:00:05.000Z', loestAf: 'watchdog', runId: 'run-5' });
  });

  it('filters with aabne=true and aabne=false', async () => {
    const order = await seed();
    expect((await list('?aabne=true')).json<Liste>().elementer.map((f) => f.id)).toEqual(order.slice(0, 4));
    expect((await list('?aabne=false')).json<Liste>().elementer.map((f) => f.id)).toEqual(order.slice(4));
  });

  it.each([1, 2, 4])('pages %i at a time through the same order, none lost or twice, even a microsecond apart', async (antal) => {
    const order = await seed();
    const seen: string[] = [];
    let side: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const res = await list(`?antal=${antal}${side ? `&side=${side}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<Liste>();
      expect(page.elementer.length).toBeLessThanOrEqual(antal);
      seen.push(...page.elementer.map((f) => f.id));
      side = page.naeste;
      if (!side) break;
    }
    expect(seen).toEqual(order);
  });

  it('pages within a filter', async () => {
    const order = await seed();
    const first = (await list('?aabne=true&antal=3')).json<Liste>();
    const second = (await list(`?aabne=true&antal=3&side=${first.naeste}`)).json<Liste>();
    expect([...first.elementer, ...second.elementer].map((f) => f.id)).toEqual(order.slice(0, 4));
    expect(second.naeste).toBeUndefined();
  });

  it.each([
    ['?side=ikke-en-side', 'side'],
    // A cursor of the right shape whose instant lies beyond any timestamp.
    ['?side=eyJsb2VzdCI6ZmFsc2UsInVzIjoiOTk5OTk5OTk5OTk5OTk5OTk5OTkiLCJpZCI6IjEifQ', 'side'],
    ['?aabne=ja', 'aabne'],
    ['?antal=0', 'antal'],
    ['?status=aabne', '(hele input)'],
  ])('refuses %s with 400 naming the field', async (query, felt) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ felter: { felt: string }[] }>().felter.map((f) => f.felt)).toContain(felt);
  });
});

describe('any query', () => {
  it('gets 200 or a 400 naming a field, never a 5xx (random cursors and values included)', async () => {
    await seed();
    // Cursors of the right shape with numbers up to far beyond what PostgreSQL holds, and malformed ones.
    const big = fc
      .tuple(fc.integer({ min: 1, max: 22 }), fc.boolean())
      .chain(([digits, negative]) => fc.bigInt({ min: 10n ** BigInt(digits - 1), max: 10n ** BigInt(digits) - 1n }).map((n) => String(negative ? -n : n)));
    const wellShaped = fc.record({ loest: fc.boolean(), us: big, id: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String) });
    const cursorLike = fc
      .oneof(wellShaped, fc.record({ loest: fc.oneof(fc.boolean(), fc.string()), us: fc.oneof(big, fc.string()), id: fc.oneof(fc.nat().map(String), fc.string()) }, { requiredKeys: [] }))
      .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'));
    const answers = async (query: string) => {
      const res = await list(query);
      expect(res.statusCode, res.body).toBeLessThan(500);
      if (res.statusCode !== 200) expect(res.json<{ felter: unknown[] }>().felter.length).toBeGreaterThan(0);
    };
    // A cursor alone reaches the database: every number in it must be one PostgreSQL can take.
    await fc.assert(
      fc.asyncProperty(wellShaped, async (c) => answers(`?side=${Buffer.from(JSON.stringify(c)).toString('base64url')}`)),
      { numRuns: 200 },
    );
    const value = fc.oneof(fc.string(), fc.integer().map(String), cursorLike, fc.constantFrom('true', 'false', '0', '201', '-1'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('aabne', 'side', 'antal', 'ukendt'), value, { maxKeys: 3 }), async (q) => answers(`?${new URLSearchParams(q).toString()}`)),
      { numRuns: 300 },
    );
  });
});

describe('POST /api/drift/fund/:id/kvittering', () => {
  it('resolves an open finding as acknowledged by the user, and it moves among the resolved', async () => {
    const [id] = await seed();
    const res = await acknowledge(id!);
    expect(res.statusCode).toBe(200);
    expect(res.json<Fund>()).toMatchObject({ id, loest: NOW.toISOString(), loestAf: 'dev:drift:Dorte Drift' });
    const { rows } = await db.pool.query('SELECT resolved_at, resolved_by FROM drift_fund WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ resolved_at: NOW, resolved_by: 'dev:drift:Dorte Drift' });
    expect((await list('?aabne=true')).json<Liste>().elementer.map((f) => f.id)).not.toContain(id);
  });

  it('answers 409 when the finding is already resolved, by a person or by the watchdog, and changes nothing', async () => {
    const order = await seed();
    expect((await acknowledge(order[0]!)).statusCode).toBe(200);
    const again = await acknowledge(order[0]!);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ fejl: string }>().fejl).toBe('Fundet er allerede kvitteret for');
    const byWatchdog = await acknowledge(order[4]!);
    expect(byWatchdog.statusCode).toBe(409);
    expect(byWatchdog.json<{ fejl: string }>().fejl).toBe('Fundet er allerede løst af vagthunden');
    const { rows } = await db.pool.query('SELECT resolved_by FROM drift_fund WHERE id = $1', [order[4]]);
    expect(rows[0]).toEqual({ resolved_by: 'watchdog' });
  });

  it('answers 404 for an unknown id and 400 for one that is no id', async () => {
    await seed();
    expect((await acknowledge('999999')).statusCode).toBe(404);
    const bad = await acknowledge('abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ felter: [{ felt: 'id' }] });
  });
});

describe('who may', () => {
  it.each(['visitator', 'koordinator', 'terapeut', 'leder'] as const)('a %s gets 403 on the list and the acknowledgement, and nothing changes', async (rolle) => {
    const [id] = await seed();
    const headers = await bearer(app, { rolle });
    const listed = await list('', headers);
    expect(listed.statusCode).toBe(403);
    expect(listed.json<{ fejl: string }>().fejl).toBe('Kun driftsrollen har adgang hertil');
    expect((await acknowledge(id!, headers)).statusCode).toBe(403);
    const { rows } = await db.pool.query('SELECT resolved_at FROM drift_fund WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ resolved_at: null });
  });

  it('without a token: 401', async () => {
    expect((await list('', {})).statusCode).toBe(401);
    expect((await acknowledge('1', {})).statusCode).toBe(401);
  });
});
