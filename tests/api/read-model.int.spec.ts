// The read API against PostgreSQL: the forløb list (filters, sorting, keyset pages), the timeline
// without CPR numbers, and the deadline report as JSON and CSV.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import { inbox } from '../../api/read-model/paamindelser';
import type { RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { lateStart } from '../support/lifecycles';

const NOW = new Date('2031-06-01T10:00:00Z'); // today in Copenhagen: 2031-06-01
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let koordinator: Record<string, string>;

const timelineForloeb = 'forloeb-11111111-0000-0000-0000-000000000001';
const made = lateStart();

// The access hook asks the workflow for any /api/forloeb/:id route; it answers with the domain's state.
const fakeClient = {
  workflow: { getHandle: () => ({ query: async () => ({ state: made.state, deadlines: [] }) }) },
} as unknown as Client;

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
  koordinator = await bearer(app, { rolle: 'koordinator' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const get = async (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...koordinator, ...headers } });

describe('GET /api/forloeb', () => {
  type Row = { id: string; due: string | null; phase: string; kommune: string; terapeut: string | null; enhed: string | null; created: string };
  const rows: Row[] = [];
  const dues = ['2031-05-20', '2031-06-04', '2031-06-04', '2031-06-10', null];
  const phases = ['visitering', 'opstart', 'traening'];

  beforeAll(async () => {
    for (let i = 0; i < 31; i++) {
      rows.push({
        // Ids out of creation order, so the tiebreak is visible.
        id: `forloeb-22222222-0000-0000-0000-${String((i * 7) % 31).padStart(12, '0')}`,
        due: dues[i % dues.length]!,
        phase: phases[i % phases.length]!,
        kommune: i % 10 === 9 ? 'Brøndby' : 'Sønderborg',
        terapeut: i % 4 === 0 ? 'terapeut-1' : null,
        enhed: i % 4 === 0 ? 'Nord' : null,
        created: new Date(Date.UTC(2031, 0, 1 + (i % 6))).toISOString(),
      });
    }
    for (const r of rows) {
      await db.pool.query(
        `INSERT INTO forloeb (id, regelsaet_id, kommune, status, phase, kategori, frame_unit, frame_amount, frame_used, terapeut, enhed,
                              next_deadline_type, next_deadline_due, next_deadline_status, created_at, updated_at, last_seq)
         VALUES ($1, 'sonderborg-sul140', $2, 'open', $3, 'ryg', 'timer', 9, 2, $4, $5, $6, $7, 'aaben', $8, $8, 3)`,
        [r.id, r.kommune, r.phase, r.terapeut, r.enhed, r.due ? 'opstart' : null, r.due, r.created],
      );
    }
  });

  const visible = () => rows.filter((r) => r.kommune === 'Sønderborg');
  const byDue = (a: Row, b: Row) => {
    const ka = a.due ?? '9999-99-99';
    const kb = b.due ?? '9999-99-99';
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

  async function allPages(query: string) {
    const ids: string[] = [];
    let side: string | undefined;
    let pages = 0;
    do {
      const res = await get(`/api/forloeb?${query}${side ? `&side=${side}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ elementer: { id: string }[]; naesteSide?: string; total?: number }>();
      ids.push(...body.elementer.map((e) => e.id));
      side = body.naesteSide;
      pages++;
    } while (side && pages < 50);
    return ids;
  }

  it('pages through every visible row once, ties broken by id, ascending and descending', async () => {
    const expected = visible().sort(byDue).map((r) => r.id);
    expect(await allPages('antal=4&sorter=naesteFrist')).toEqual(expected);
    expect(await allPages('antal=5&sorter=naesteFrist&retning=desc')).toEqual([...expected].reverse());
    const byCreated = visible()
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    expect(await allPages('antal=3&sorter=oprettet')).toEqual(byCreated);
  });

  it('answers each row with its next deadline, days left from today in Copenhagen, and frame', async () => {
    const res = await get('/api/forloeb?antal=200');
    const body = res.json<{ elementer: Record<string, unknown>[]; total: number; naesteSide?: string }>();
    expect(body.total).toBe(visible().length);
    expect(body.naesteSide).toBeUndefined();
    const first = body.elementer[0]!;
    expect(first).toMatchObject({
      regelsaetId: 'sonderborg-sul140',
      kommune: 'Sønderborg',
      status: 'aaben',
      kategori: 'ryg',
      naesteFrist: { type: 'opstart', forfald: '2031-05-20', status: 'overskredet', eskaleret: false, dageTilbage: -12 },
      ramme: { enhed: 'timer', antal: 9, brugt: 2 },
    });
    const soon = body.elementer.find((e) => (e.naesteFrist as { forfald?: string } | null)?.forfald === '2031-06-04')!;
    expect(soon.naesteFrist).toMatchObject({ status: 'aaben', dageTilbage: 3 });
    expect(body.elementer.at(-1)!.naesteFrist).toBeNull();
  });

  it('filters by phase, missed deadlines, due date, therapist, unit and regelsæt', async () => {
    const ids = async (q: string) => (await allPages(`antal=200&${q}`)).sort();
    const expect_ = (f: (r: Row) => boolean) => visible().filter(f).map((r) => r.id).sort();
    expect(await ids('fase=traening')).toEqual(expect_((r) => r.phase === 'traening'));
    expect(await ids('overskredet=true')).toEqual(expect_((r) => r.due !== null && r.due < '2031-06-01'));
    expect(await ids('forfaldFoer=2031-06-05')).toEqual(expect_((r) => r.due !== null && r.due < '2031-06-05'));
    expect(await ids('terapeut=terapeut-1&enhed=Nord')).toEqual(expect_((r) => r.terapeut === 'terapeut-1'));
    expect(await ids('fase=opstart&overskredet=true')).toEqual(expect_((r) => r.phase === 'opstart' && r.due !== null && r.due < '2031-06-01'));
    expect(await ids('regelsaet=andet')).toEqual([]);
    // Another kommune's forløb stay invisible, even when asked for.
    expect(await ids('kommune=Br%C3%B8ndby')).toEqual([]);
  });

  it("shows a terapeut only the forløb of their own unit and those not yet assigned", async () => {
    const headers = await bearer(app, { rolle: 'terapeut', enhed: 'Syd' });
    const seen: string[] = [];
    let side: string | undefined;
    do {
      const res = await get(`/api/forloeb?antal=200${side ? `&side=${side}` : ''}`, headers);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ elementer: { id: string }[]; naesteSide?: string }>();
      seen.push(...body.elementer.map((e) => e.id));
      side = body.naesteSide;
    } while (side);
    // Unit Nord's forløb are not Syd's; the unassigned ones are open to every terapeut of the kommune.
    expect(seen.sort()).toEqual(visible().filter((r) => r.enhed === null).map((r) => r.id).sort());
    const nord = await bearer(app, { rolle: 'terapeut', enhed: 'Nord' });
    const nordSees = (await get('/api/forloeb?antal=200', nord)).json<{ elementer: { id: string }[] }>().elementer.length;
    expect(nordSees).toBe(visible().length);
  });

  it('refuses bad input with 400 naming the fields, never echoing the values', async () => {
    const res = await get('/api/forloeb?antal=500&fase=ukendt&forfaldFoer=2031-13-01&sorter=navn&overskredet=ja');
    expect(res.statusCode).toBe(400);
    const felter = res.json<{ felter: { felt: string }[] }>().felter.map((f) => f.felt).sort();
    expect(felter).toEqual(['antal', 'fase', 'forfaldFoer', 'overskredet', 'sorter']);
    expect(res.body).not.toContain('ukendt');
    const side = await get('/api/forloeb?side=noget-andet');
    expect(side.statusCode).toBe(400);
    expect(side.json()).toMatchObject({ felter: [{ felt: 'side' }] });
  });
});

describe('GET /api/forloeb/:id/haendelser', () => {
  beforeAll(async () => {
    await appendAndProject(db.pool, timelineForloeb, made.events);
  });

  it('gives the events in order, paged, without any CPR number', async () => {
    const res = await get(`/api/forloeb/${timelineForloeb}/haendelser?antal=3&side=1`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ elementer: { seq: number; type: string; tidspunkt: string; data: Record<string, unknown> }[]; total: number }>();
    expect(body.total).toBe(made.events.length);
    expect(body.elementer.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(body.elementer[0]).toMatchObject({ type: 'ForloebCreated', tidspunkt: made.events[0]!.at });
    expect(body.elementer[0]!.data).toMatchObject({ source: { kind: 'genoptraeningsplan', udskrivningsdato: '2030-12-18' } });
    expect(res.body).not.toMatch(/cpr|010190/i);
    const page3 = await get(`/api/forloeb/${timelineForloeb}/haendelser?antal=3&side=3`);
    expect(page3.json<{ elementer: { seq: number }[] }>().elementer.map((e) => e.seq)).toEqual([7, 8]);
  });

  it('puts the forløb’s notices in the inbox query, escalations first, resolved once the start was booked', async () => {
    const all = await inbox(db.pool, { rolle: 'leder', status: 'alle', side: 1, antal: 10 }, { kommune: 'Sønderborg' });
    // Escalations 0 and 1 of the one deadline are one piece of work for the leder, at level 1.
    expect(all.total).toBe(1);
    expect(all.rows.map((r) => `${r.kind}:${r.level}:${r.resolved_at !== null}`)).toEqual(['eskalering:1:true']);
    expect(await inbox(db.pool, { rolle: 'leder', status: 'aabne', side: 1, antal: 10 }, { kommune: 'Sønderborg' })).toEqual({ rows: [], total: 0 });
    expect((await inbox(db.pool, { rolle: 'leder', status: 'alle', side: 1, antal: 10 }, { kommune: 'Brøndby' })).total).toBe(0);
  });

  it('answers 404 for an unknown forløb', async () => {
    expect((await get('/api/forloeb/forloeb-99999999-0000-0000-0000-000000000000/haendelser')).statusCode).toBe(404);
    expect((await get('/api/forloeb/ikke-et-id/haendelser')).statusCode).toBe(404);
  });
});

describe('GET /api/rapporter/frister', () => {
  const RS = 'rapport-test';
  let n = 0;
  /** A forløb with one deadline of `type`, opened and maybe met or lapsed. */
  async function deadline(type: 'opstart' | 'afgoerelse', anchorDate: string, dueDate: string, outcome: { metOn?: string; lapsedOn?: string }) {
    const id = `forloeb-33333333-0000-0000-0000-${String(++n).padStart(12, '0')}`;
    const at = `${anchorDate}T09:00:00.000Z`;
    const events: RecordedEvent[] = [
      {
        type: 'ForloebCreated',
        data: { regelsaetId: RS, kommune: 'Sønderborg', source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: anchorDate, kategori: 'ryg', niveau: 'basal' } },
        seq: 1,
        at,
      },
      { type: 'DeadlineOpened', data: { deadline: type, anchorDate, period: { amount: 14, unit: 'kalenderdage' }, dueDate, responsible: 'koordinator' }, seq: 2, at },
    ];
    if (outcome.metOn) events.push({ type: 'DeadlineMet', data: { deadline: type, dueDate, metOn: outcome.metOn, inTime: outcome.metOn <= dueDate }, seq: 3, at });
    if (outcome.lapsedOn) events.push({ type: 'DeadlineLapsed', data: { deadline: type, dueDate, on: outcome.lapsedOn }, seq: 3, at });
    await appendAndProject(db.pool, id, events);
  }

  beforeAll(async () => {
    await deadline('opstart', '2031-01-01', '2031-01-15', { metOn: '2031-01-10' }); // in time, 9 days
    await deadline('opstart', '2031-01-02', '2031-01-16', { metOn: '2031-01-20' }); // late, 18 days
    await deadline('opstart', '2031-01-03', '2031-01-17', { metOn: '2031-01-08' }); // in time, 5 days
    await deadline('opstart', '2031-01-04', '2031-01-18', { metOn: '2031-01-16' }); // in time, 12 days
    await deadline('opstart', '2031-01-05', '2031-01-19', {}); // missed: due before today, not met
    await deadline('opstart', '2031-01-06', '2031-01-20', { lapsedOn: '2031-01-07' }); // lapsed before due: not counted
    await deadline('opstart', '2031-01-06', '2031-01-20', { lapsedOn: '2031-01-25' }); // lapsed after due: a miss
    await deadline('opstart', '2031-01-10', '2031-02-20', { metOn: '2031-01-11' }); // due outside the span
    await deadline('opstart', '2031-01-10', '2031-06-20', {}); // not due yet: not counted (span includes it below)
    await deadline('afgoerelse', '2031-01-01', '2031-01-10', { metOn: '2031-01-04' }); // 3 days
    await deadline('afgoerelse', '2031-01-02', '2031-01-11', { metOn: '2031-01-09' }); // 7 days
  });

  const expected = [
    { fristtype: 'afgoerelse', antal: 2, overholdtITide: 2, andelITide: 1, medianDage: 5 },
    { fristtype: 'opstart', antal: 6, overholdtITide: 3, andelITide: 0.5, medianDage: 10.5 },
  ];

  it('counts met and missed deadlines per type, with the share in time and the median days', async () => {
    const res = await get(`/api/rapporter/frister?regelsaet=${RS}&fra=2031-01-01&til=2031-01-31`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ regelsaetId: RS, fra: '2031-01-01', til: '2031-01-31', opdeling: ['fristtype'], frister: expected });
    // A deadline not yet due never counts, even inside the span.
    const all = await get(`/api/rapporter/frister?regelsaet=${RS}&fra=2031-01-01&til=2031-12-31`);
    expect(all.json<{ frister: { fristtype: string; antal: number }[] }>().frister.find((f) => f.fristtype === 'opstart')?.antal).toBe(7);
  });

  it('gives the same figures as CSV, by Accept header or format=csv', async () => {
    for (const res of [
      await get(`/api/rapporter/frister?regelsaet=${RS}&fra=2031-01-01&til=2031-01-31`, { accept: 'text/csv' }),
      await get(`/api/rapporter/frister?regelsaet=${RS}&fra=2031-01-01&til=2031-01-31&format=csv`),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="frister-2031-01-01-2031-01-31\.csv"$/);
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const [header, ...lines] = res.body.slice(1).trim().split('\r\n');
      expect(header).toBe('Frist;Forfaldne;Overholdt i tide;Andel i tide;Median dage');
      expect(lines).toEqual(['Afgørelse;2;2;1;5', 'Opstart;6;3;0,5;10,5']);
      const parsed = lines.map((l) => {
        const [fristtype, antal, iTide, andel, median] = l.split(';');
        const num = (s: string | undefined) => (s === '' || s === undefined ? null : Number(s.replace(',', '.')));
        return { fristtype: fristtype === 'Afgørelse' ? 'afgoerelse' : 'opstart', antal: num(antal), overholdtITide: num(iTide), andelITide: num(andel), medianDage: num(median) };
      });
      expect(parsed).toEqual(expected);
    }
  });

  it('refuses a span that ends before it starts, and bad dates, naming the fields', async () => {
    const res = await get(`/api/rapporter/frister?regelsaet=${RS}&fra=2031-02-01&til=2031-01-01`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ felter: [{ felt: 'til' }] });
    const bad = await get(`/api/rapporter/frister?fra=2031-02-30`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ felter: { felt: string }[] }>().felter.map((f) => f.felt).sort()).toEqual(['fra']);
  });
});
