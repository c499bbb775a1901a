// POST /api/borgere/soeg: a borger is found by the whole CPR number (compared as its keyed hash) or
// by the beginning of the name or surname, case-insensitive and with Danish letters; only in the
// caller's own kommune (a terapeut: their unit and the forløb not yet assigned). Each search is a row
// of the access log with its kind and number of hits, never the term. The read model is seeded
// through real events (decide → record, projected as the workflow's activity does), and forloeb_borger
// as the API writes it when a forløb is created.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cprHash, recordForloebCreated } from '../../api/access-log';
import { appendAndProject } from '../../activities/projection';
import { rebuildReadModel } from '../../activities/projection/rebuild';
import { buildApp } from '../../api/app';
import type { ForloebCommand } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';

const NOW = new Date('2031-03-12T10:00:00Z');
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let varde: Record<string, string>;

const as = (role: Role) => ({ role, userId: `${role}-1` });
const id = (n: number) => `forloeb-55555555-0000-0000-0000-${String(n).padStart(12, '0')}`;

type Borger = { n: number; kommune: 'Varde' | 'Brøndby'; cpr: string; navn?: string; rename?: string; enhed?: string };
const borgere: Borger[] = [
  { n: 1, kommune: 'Varde', cpr: '010190-1234', navn: 'Søren Ærø Åberg' },
  { n: 2, kommune: 'Varde', cpr: '020285-2345', navn: 'Åse Østergård' },
  { n: 3, kommune: 'Varde', cpr: '030370-3456', navn: 'Jens Hansen', enhed: 'Vest' },
  { n: 4, kommune: 'Varde', cpr: '040460-4567', navn: 'Jens Peter Hansen', enhed: 'Øst' },
  // Created without a name, which was entered later.
  { n: 5, kommune: 'Varde', cpr: '050555-5678', rename: 'Ødis Ærtebjerg' },
  // Misspelt at intake and corrected.
  { n: 6, kommune: 'Varde', cpr: '060650-6789', navn: 'Karen Smidt', rename: 'Karen Schmidt' },
  // The same borger (by CPR) with a second forløb in Varde.
  { n: 7, kommune: 'Varde', cpr: '010190-1234', navn: 'Søren Ærø Åberg' },
  // Another kommune: a namesake, and the same CPR number as n 1.
  { n: 8, kommune: 'Brøndby', cpr: '010190-1234', navn: 'Søren Ærø Åberg' },
  { n: 9, kommune: 'Brøndby', cpr: '090990-9012', navn: 'Jens Hansen' },
];

function steps(b: Borger): [ForloebCommand, string][] {
  const visitator = as('visitator');
  const out: [ForloebCommand, string][] = [
    [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: b.cpr, modtaget: '2031-03-02', ...(b.navn ? { navn: b.navn } : {}) } }, '2031-03-02T09:00:00Z'],
  ];
  if (b.rename) out.push([{ type: 'RecordBorgerNavn', actor: as('koordinator'), navn: b.rename }, '2031-03-03T09:00:00Z']);
  if (b.enhed) out.push([{ type: 'AssignTherapist', actor: visitator, terapeut: 'Terapeut', enhed: b.enhed }, '2031-03-04T09:00:00Z']);
  return out;
}

const fakeClient = { workflow: { getHandle: () => ({ query: async () => ({}) }) } } as unknown as Client;

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({
    temporal: { client: fakeClient, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now: () => NOW,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
  varde = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
  for (const b of borgere) {
    const regelsaet = findRegelsaet(b.kommune === 'Varde' ? 'varde-sel86-1' : 'brondby-sel86-1')!;
    const { events } = run(steps(b), regelsaet);
    for (const e of events) await appendAndProject(db.pool, id(b.n), [e]);
    await recordForloebCreated(
      { pool: db.pool, cprHashKey: TEST_CPR_HASH_KEY },
      { identity: { userId: 'visitator-1', rolle: 'visitator', kommune: b.kommune, navn: 'Visitator' }, forloebId: id(b.n), kommune: b.kommune, cpr: b.cpr, action: 'POST /api/forloeb' },
    );
  }
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

type Element = { id: string; kommune: string; borger: { navn: string | null; cprMaskeret: string | null } };
type Answer = { soegning: 'cpr' | 'navn'; elementer: Element[]; total?: number; naesteSide?: string };

const soeg = (body: Record<string, unknown>, headers = varde) => app.inject({ method: 'POST', url: '/api/borgere/soeg', headers, payload: body });
async function found(term: string, headers = varde): Promise<string[]> {
  const res = await soeg({ soeg: term }, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json<Answer>()
    .elementer.map((e) => e.id)
    .sort();
}
const ids = (...ns: number[]) => ns.map(id).sort();

type LogRow = Record<string, unknown> & { soegning_type: string; antal_fund: number; cpr_hash: string | null; forloeb_id: string | null };
async function lastSearches(n: number): Promise<LogRow[]> {
  const { rows } = await db.pool.query<LogRow>("SELECT * FROM adgangslog WHERE access_kind = 'soegning' ORDER BY id DESC LIMIT $1", [n]);
  return rows;
}

describe('POST /api/borgere/soeg by CPR number', () => {
  it('finds every forløb of that borger in the kommune, exactly, with or without the dash', async () => {
    expect(await found('010190-1234')).toEqual(ids(1, 7));
    expect(await found(' 0101901234 ')).toEqual(ids(1, 7));
    expect(await found('010190-1235')).toEqual([]);
    const body = (await soeg({ soeg: '020285-2345' })).json<Answer>();
    expect(body).toMatchObject({ soegning: 'cpr', total: 1 });
    expect(body.elementer[0]!.borger).toEqual({ navn: 'Åse Østergård', cprMaskeret: '020285-xxxx' });
  });

  it("never finds another kommune's borger, though the number is the same", async () => {
    const brondby = await bearer(app, { rolle: 'koordinator', kommune: 'Brøndby' });
    expect(await found('010190-1234', brondby)).toEqual(ids(8));
    expect(await found('030370-3456', brondby)).toEqual([]);
  });
});

describe('POST /api/borgere/soeg by name', () => {
  it('matches the beginning of the name or the surname, whatever the case, with æ, ø and å', async () => {
    expect(await found('søren')).toEqual(ids(1, 7));
    expect(await found('SØREN ÆRØ å')).toEqual(ids(1, 7));
    expect(await found('åse')).toEqual(ids(2));
    expect(await found('ØSTERG')).toEqual(ids(2));
    expect(await found('ÅB')).toEqual(ids(1, 7));
    expect(await found('hansen')).toEqual(ids(3, 4));
    expect(await found('jens p')).toEqual(ids(4));
    // Not a match in the middle of a word, and LIKE's wildcards are letters here.
    expect(await found('ergård')).toEqual([]);
    expect(await found('j%')).toEqual([]);
    expect(await found('__')).toEqual([]);
  });

  it('finds a name entered later, and a corrected name instead of the misspelt one', async () => {
    expect(await found('ødis')).toEqual(ids(5));
    expect(await found('ærteb')).toEqual(ids(5));
    expect(await found('karen sch')).toEqual(ids(6));
    expect(await found('karen smi')).toEqual([]);
  });

  it("keeps to the kommune, and to a terapeut's unit and the unassigned", async () => {
    expect(await found('jens')).toEqual(ids(3, 4));
    const brondby = await bearer(app, { rolle: 'visitator', kommune: 'Brøndby' });
    expect(await found('jens', brondby)).toEqual(ids(9));
    const vest = await bearer(app, { rolle: 'terapeut', kommune: 'Varde', enhed: 'Vest' });
    expect(await found('jens', vest)).toEqual(ids(3));
    expect(await found('søren', vest)).toEqual(ids(1, 7));
  });

  it('finds the same after the read model is rebuilt from the event log', async () => {
    await rebuildReadModel(db.pool);
    expect(await found('ØSTERG')).toEqual(ids(2));
    expect(await found('karen sch')).toEqual(ids(6));
    expect(await found('karen smi')).toEqual([]);
    expect((await soeg({ soeg: '050555-5678' })).json<Answer>().elementer[0]!.borger).toEqual({ navn: 'Ødis Ærtebjerg', cprMaskeret: '050555-xxxx' });
  });

  it('pages through the hits with keyset pages', async () => {
    const seen: string[] = [];
    let side: string | undefined;
    do {
      const res = await soeg({ soeg: 'søren', antal: 1, ...(side ? { side } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<Answer>();
      seen.push(...body.elementer.map((e) => e.id));
      side = body.naesteSide;
    } while (side && seen.length < 10);
    expect(seen.sort()).toEqual(ids(1, 7));
  });
});

describe('each search in the access log', () => {
  it('records who searched, by what and how many it found, never the term', async () => {
    await found('010190-1234');
    await found('hansen');
    const [navn, cpr] = await lastSearches(2);
    expect(cpr).toMatchObject({ user_id: expect.stringContaining('koordinator'), rolle: 'koordinator', kommune: 'Varde', soegning_type: 'cpr', antal_fund: 2, forloeb_id: null });
    expect(cpr!.cpr_hash).toBe(cprHash(TEST_CPR_HASH_KEY, '010190-1234'));
    expect(navn).toMatchObject({ soegning_type: 'navn', antal_fund: 2, cpr_hash: null, action: 'POST /api/borgere/soeg' });
    for (const row of [navn, cpr]) {
      const text = JSON.stringify(row).toLowerCase();
      expect(text).not.toContain('hansen');
      expect(text).not.toContain('0101901234');
      expect(text).not.toContain('010190-1234');
    }
  });

  it("shows a CPR search in a leder's search of the log for that borger", async () => {
    await found('020285-2345');
    const leder = await bearer(app, { rolle: 'leder', kommune: 'Varde' });
    const res = await app.inject({ method: 'POST', url: '/api/adgangslog/soeg', headers: leder, payload: { cpr: '020285-2345' } });
    expect(res.statusCode, res.body).toBe(200);
    const adgange = res.json<{ adgange: { art: string; forloebId: string | null; soegning?: unknown }[] }>().adgange;
    expect(adgange[0]).toMatchObject({ art: 'soegning', forloebId: null, soegning: { type: 'cpr', antalFund: 1 } });
    expect(adgange.some((a) => a.art === 'oprettelse' && a.forloebId === id(2))).toBe(true);
  });

  it('records a search that found nothing', async () => {
    await found('zzz');
    expect((await lastSearches(1))[0]).toMatchObject({ soegning_type: 'navn', antal_fund: 0 });
  });
});

describe('bad input', () => {
  const fields = async (body: Record<string, unknown>) => {
    const res = await soeg(body);
    expect(res.statusCode).toBe(400);
    return res.json<{ felter: { felt: string; besked: string }[] }>().felter;
  };

  it('is refused naming the field, without repeating the term, and without a log row', async () => {
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM adgangslog WHERE access_kind = 'soegning'")).rows[0].n as number;
    const invalidDate = await fields({ soeg: '320190-1234' });
    expect(invalidDate).toEqual([{ felt: 'soeg', besked: expect.stringContaining('CPR-nummer') }]);
    expect(JSON.stringify(invalidDate)).not.toContain('320190');
    expect(await fields({ soeg: '12345' })).toEqual([{ felt: 'soeg', besked: expect.stringContaining('helt CPR-nummer') }]);
    expect(await fields({ soeg: ' j ' })).toEqual([{ felt: 'soeg', besked: 'skriv mindst 2 bogstaver af navnet' }]);
    expect(await fields({ soeg: 'je\u0000ns' })).toEqual([{ felt: 'soeg', besked: 'må ikke indeholde usynlige tegn eller kontroltegn' }]);
    expect((await fields({ soeg: 'jens', cpr: '010190-1234' }))[0]!.felt).toBe('(hele input)');
    expect((await fields({ soeg: 'jens', side: 'ikke-en-side' }))[0]!.felt).toBe('side');
    const after = (await db.pool.query("SELECT count(*)::int AS n FROM adgangslog WHERE access_kind = 'soegning'")).rows[0].n as number;
    expect(after).toBe(before);
  });
});

describe('GET /api/forloeb', () => {
  it('shows each row with the name and the masked CPR number', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/forloeb?antal=200', headers: varde });
    const rows = res.json<{ elementer: Element[] }>().elementer;
    expect(rows.find((r) => r.id === id(3))!.borger).toEqual({ navn: 'Jens Hansen', cprMaskeret: '030370-xxxx' });
    expect(rows.find((r) => r.id === id(5))!.borger).toEqual({ navn: 'Ødis Ærtebjerg', cprMaskeret: '050555-xxxx' });
    const text = JSON.stringify(rows);
    for (const b of borgere) expect(text).not.toContain(b.cpr);
  });
});
