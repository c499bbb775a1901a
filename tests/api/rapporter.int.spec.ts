// The reports, seeded through real events (the domain's decide → record, projected as the workflow's
// activity does) in Varde, with one Brøndby forløb that Varde's leder must never see. Today is
// Wednesday 2031-03-12 in Copenhagen. Varde's start deadline is 10 hverdage from the decision and the
// therapist answers for it; an extension decision is due 5 hverdage from the request.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import type { ForloebCommand } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';

const NOW = new Date('2031-03-12T10:00:00Z');
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let leder: Record<string, string>;

const as = (role: Role) => ({ role, userId: `${role}-1` });
const id = (n: number) => `forloeb-55555555-0000-0000-0000-${String(n).padStart(12, '0')}`;
type Step = [ForloebCommand, string];

const granted = (on: string, regelsaet = 'varde-sel86-1'): Step[] => [
  [{ type: 'CreateForloeb', actor: as('visitator'), source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: on } }, `${on}T08:00:00Z`],
  [
    { type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: regelsaet === 'varde-sel86-1' ? 'genoptraeningsforloeb' : 'genoptraening' },
    `${on}T09:00:00Z`,
  ],
];
const assign = (on: string, terapeut: string, enhed: string): Step => [{ type: 'AssignTherapist', actor: as('visitator'), terapeut, enhed }, `${on}T09:30:00Z`];
const book = (on: string, startDate: string): Step => [{ type: 'BookStart', actor: as('terapeut'), startDate }, `${on}T10:00:00Z`];

// Granted Monday 2031-02-03: the start is due Monday 2031-02-17 (10 hverdage).
const scenarios: { n: number; regelsaet: string; steps: Step[] }[] = [
  { n: 1, regelsaet: 'varde-sel86-1', steps: [...granted('2031-02-03'), assign('2031-02-03', 'Tove Terapeut', 'Nord'), book('2031-02-04', '2031-02-10')] }, // in time, 7 days
  { n: 2, regelsaet: 'varde-sel86-1', steps: [...granted('2031-02-03'), assign('2031-02-03', 'Tim Terapeut', 'Syd'), book('2031-02-18', '2031-02-20')] }, // late, 17 days
  { n: 3, regelsaet: 'varde-sel86-1', steps: granted('2031-02-03') }, // never booked: overdue, not assigned
  // Granted Sunday 2031-03-02 → due Friday 2031-03-14: this week.
  { n: 4, regelsaet: 'varde-sel86-1', steps: [...granted('2031-03-02'), assign('2031-03-02', 'Tove Terapeut', 'Nord')] },
  // Started, then an extension asked on 2031-03-10 → a decision due 2031-03-17: this week.
  {
    n: 5,
    regelsaet: 'varde-sel86-1',
    steps: [
      ...granted('2031-02-03'),
      book('2031-02-05', '2031-02-06'),
      [{ type: 'HoldStart', actor: as('terapeut'), heldOn: '2031-02-06' }, '2031-02-06T12:00:00Z'],
      [{ type: 'RequestExtension', actor: as('terapeut'), kind: 'tillaegsbevilling_lille', amount: 5, reason: 'Fortsat udviklingspotentiale' }, '2031-03-10T10:00:00Z'],
    ],
  },
  // Brøndby's overdue start: never in Varde's reports.
  { n: 6, regelsaet: 'brondby-sel86-1', steps: granted('2031-02-03', 'brondby-sel86-1') },
];

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
  leder = await bearer(app, { rolle: 'leder', kommune: 'Varde' });
  for (const s of scenarios) {
    const { events } = run(s.steps, findRegelsaet(s.regelsaet)!);
    for (let i = 0; i < events.length; ) {
      let j = i + 1;
      while (j < events.length && events[j]!.at === events[i]!.at) j++;
      await appendAndProject(db.pool, id(s.n), events.slice(i, j));
      i = j;
    }
  }
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const get = (url: string, headers = leder) => app.inject({ method: 'GET', url, headers });
type Linje = { fristtype?: string; regelsaetId?: string; enhed?: string | null; terapeut?: string | null; antal: number; overholdtITide: number; andelITide: number | null; medianDage: number | null };

/** The CSV's lines after its byte-order mark, split on `;`, with its header apart. */
function csvOf(body: string): { header: string[]; rows: string[][] } {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  expect(body.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = body.slice(1).trimEnd().split('\r\n').map((l) => l.split(';'));
  return { header: header!, rows };
}
const num = (s: string | undefined) => (s === '' || s === undefined ? null : Number(s.replace(',', '.')));

describe('GET /api/rapporter/frister', () => {
  it('counts the starts due in February per deadline kind, across all of the kommune’s regelsæt when none is named', async () => {
    const res = await get('/api/rapporter/frister?maaned=2031-02');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ regelsaetId: null, fra: '2031-02-01', til: '2031-02-28', opdeling: ['fristtype'] });
    // 1 in time (7 days), 2 late (17 days), 3 overdue; 5's start met in time (3 days); Brøndby's not counted.
    expect(res.json<{ frister: Linje[] }>().frister).toEqual([{ fristtype: 'opstart', antal: 4, overholdtITide: 2, andelITide: 0.5, medianDage: 7 }]);
  });

  it('takes a month, a quarter, a year or from–to, and they agree where they cover the same days', async () => {
    const frister = async (q: string) => (await get(`/api/rapporter/frister?${q}`)).json<{ fra: string; til: string; frister: Linje[] }>();
    const kvartal = await frister('kvartal=2031-K1');
    expect([kvartal.fra, kvartal.til]).toEqual(['2031-01-01', '2031-03-31']);
    expect(await frister('fra=2031-01-01&til=2031-03-31')).toEqual(kvartal);
    // Nothing due after March has counted yet (4's start and 5's decision are not past due, nor met).
    expect((await frister('aar=2031')).frister).toEqual(kvartal.frister);
    expect((await frister('maaned=2031-01')).frister).toEqual([]);
    // Every February start was due on Monday 17 February.
    expect((await frister('fra=2031-02-17&til=2031-02-17')).frister).toEqual((await frister('maaned=2031-02')).frister);
    expect((await frister('fra=2031-02-18&til=2031-03-31')).frister).toEqual([]);
  });

  it('breaks down by unit and therapist, by regelsæt, or not at all', async () => {
    const linjer = async (opdeling: string) => (await get(`/api/rapporter/frister?maaned=2031-02&opdeling=${opdeling}`)).json<{ frister: Linje[] }>().frister;
    expect(await linjer('terapeut,enhed')).toEqual([
      { enhed: 'Nord', terapeut: 'Tove Terapeut', antal: 1, overholdtITide: 1, andelITide: 1, medianDage: 7 },
      { enhed: 'Syd', terapeut: 'Tim Terapeut', antal: 1, overholdtITide: 0, andelITide: 0, medianDage: 17 },
      { enhed: null, terapeut: null, antal: 2, overholdtITide: 1, andelITide: 0.5, medianDage: 3 },
    ]);
    expect(await linjer('regelsaet')).toEqual([{ regelsaetId: 'varde-sel86-1', antal: 4, overholdtITide: 2, andelITide: 0.5, medianDage: 7 }]);
    expect(await linjer('ingen')).toEqual([{ antal: 4, overholdtITide: 2, andelITide: 0.5, medianDage: 7 }]);
  });

  it('gives the same figures as CSV: byte-order mark, Danish headings and labels, semicolons, decimal commas, the period in the filename', async () => {
    for (const opdeling of ['fristtype', 'regelsaet,fristtype,enhed,terapeut']) {
      const json = (await get(`/api/rapporter/frister?maaned=2031-02&opdeling=${opdeling}`)).json<{ frister: Linje[] }>().frister;
      const res = await get(`/api/rapporter/frister?maaned=2031-02&opdeling=${opdeling}&format=csv`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="frister-2031-02-01-2031-02-28.csv"');
      const { header, rows } = csvOf(res.body);
      const keys = header.slice(0, -4);
      expect(header.slice(-4)).toEqual(['Forfaldne', 'Overholdt i tide', 'Andel i tide', 'Median dage']);
      expect(rows.map((r) => r.slice(-4).map(num))).toEqual(json.map((l) => [l.antal, l.overholdtITide, l.andelITide, l.medianDage]));
      if (opdeling === 'fristtype') {
        expect(keys).toEqual(['Frist']);
        expect(res.body.slice(1)).toBe('Frist;Forfaldne;Overholdt i tide;Andel i tide;Median dage\r\nOpstart;4;2;0,5;7\r\n');
      } else {
        expect(keys).toEqual(['Regelsæt', 'Frist', 'Enhed', 'Terapeut']);
        expect(rows.map((r) => r.slice(1, 4))).toEqual([
          ['Opstart', 'Nord', 'Tove Terapeut'],
          ['Opstart', 'Syd', 'Tim Terapeut'],
          ['Opstart', 'Ikke tildelt', 'Ikke tildelt'],
        ]);
        // The regelsæt by its name, not its id.
        expect(rows.map((r) => r[0])).toEqual(Array(3).fill(findRegelsaet('varde-sel86-1')!.name));
      }
    }
    // A decimal comma where a figure is not whole.
    const alle = csvOf((await get('/api/rapporter/frister?fra=2031-02-01&til=2031-02-17&opdeling=ingen&format=csv')).body);
    expect(alle.rows).toEqual([['4', '2', '0,5', '7']]);
  });

  it('refuses a bad period, naming the field in Danish, and an unknown field', async () => {
    const felter = async (q: string) => {
      const res = await get(`/api/rapporter/frister?${q}`);
      expect(res.statusCode, q).toBe(400);
      return res.json<{ felter: { felt: string; besked: string }[] }>().felter;
    };
    expect(await felter('fra=2031-02-01&til=2031-01-01')).toEqual([{ felt: 'til', besked: 'kan ikke ligge før fra' }]);
    expect(await felter('fra=2028-01-01&til=2031-12-31')).toEqual([{ felt: 'til', besked: 'perioden må højst være 3 år' }]);
    expect(await felter('fra=2031-01-01')).toEqual([{ felt: 'til', besked: 'skal udfyldes sammen med fra' }]);
    expect((await felter('maaned=2031-02&aar=2031'))[0]!.felt).toBe('fra');
    expect((await felter(''))[0]!.felt).toBe('fra');
    expect((await felter('maaned=2031-13'))[0]).toEqual({ felt: 'maaned', besked: 'skal være en måned på formen ÅÅÅÅ-MM' });
    expect((await felter('kvartal=2031-K5'))[0]!.felt).toBe('kvartal');
    expect(await felter('aar=0000')).toEqual([{ felt: 'fra', besked: 'skal ligge i år 1900 eller senere' }]);
    expect((await felter('maaned=2031-02&opdeling=kommune'))[0]!.felt).toBe('opdeling');
    expect((await get('/api/rapporter/frister?maaned=2031-02&ukendt=1')).statusCode).toBe(400);
  });
});

describe('GET /api/rapporter/uger', () => {
  it('gives 52 weeks up to this one, with the February starts in the week of 17 February, as JSON and CSV', async () => {
    const res = await get('/api/rapporter/uger');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ fra: string; til: string; uger: { uge: string; antal: number; overholdtITide: number; andelITide: number | null }[] }>();
    expect(body.uger).toHaveLength(52);
    expect(body.uger.at(-1)!.uge).toBe('2031-03-10');
    expect(body.fra).toBe(body.uger[0]!.uge);
    // 1, 2, 3 due Monday 17 February; 5's start was due the same day and met.
    expect(body.uger.find((u) => u.uge === '2031-02-17')).toEqual({ uge: '2031-02-17', antal: 4, overholdtITide: 2, andelITide: 0.5 });
    expect(body.uger.reduce((s, u) => s + u.antal, 0)).toBe(4);
    const { header, rows } = csvOf((await get('/api/rapporter/uger?format=csv')).body);
    expect(header).toEqual(['Uge (mandag)', 'Forfaldne', 'Overholdt i tide', 'Andel i tide']);
    expect(rows).toHaveLength(52);
    expect(rows.find((r) => r[0] === '2031-02-17')).toEqual(['2031-02-17', '4', '2', '0,5']);
  });
});

type Aaben = { forloebId: string; fristtype: string; forfald: string; senestITide: string; overskredet: boolean; ansvarligRolle: string; terapeut: string | null; enhed: string | null; naesteHandling: { tekst: string } };
type Liste = { elementer: Aaben[]; total: number; side: number; antal: number };

describe('the overdue, this week and forecast lists', () => {
  it('lists the overdue starts with the responsible role, and the week’s deadlines with therapist and unit', async () => {
    const overskredne = (await get('/api/rapporter/overskredne')).json<Liste>();
    expect(overskredne.elementer).toEqual([
      expect.objectContaining({ forloebId: id(3), fristtype: 'opstart', forfald: '2031-02-17', overskredet: true, ansvarligRolle: 'terapeut', terapeut: null, enhed: null }),
    ]);
    const uge = (await get('/api/rapporter/denne-uge')).json<Liste>();
    expect(uge.elementer.map((e) => [e.forloebId, e.fristtype, e.forfald, e.terapeut, e.enhed])).toEqual([
      [id(4), 'opstart', '2031-03-14', 'Tove Terapeut', 'Nord'],
      [id(5), 'forlaengelse', '2031-03-17', null, null],
    ]);
    // The end of the due date in Copenhagen (UTC+1 in March): met by anything before it.
    expect(uge.elementer[0]!.senestITide).toBe('2031-03-14T23:00:00.000Z');
  });

  it('forecasts who will miss a deadline this week and the action that meets it, sortable', async () => {
    const prognose = (await get('/api/rapporter/prognose')).json<Liste>();
    expect(prognose.total).toBe(3);
    expect(prognose.elementer.map((e) => [e.forloebId, e.naesteHandling.tekst])).toEqual([
      [id(3), 'Book opstart'],
      [id(4), 'Book opstart'],
      [id(5), 'Afgør anmodning'],
    ]);
    const byRole = (await get('/api/rapporter/prognose?sorter=ansvarlig&retning=faldende')).json<Liste>();
    const roles = byRole.elementer.map((e) => e.ansvarligRolle);
    expect(roles).toEqual([...roles].sort().reverse());
    const byTherapist = (await get('/api/rapporter/prognose?sorter=terapeut')).json<Liste>();
    // Unassigned last.
    expect(byTherapist.elementer.map((e) => e.terapeut)).toEqual(['Tove Terapeut', null, null]);
  });

  it('pages without a row limit: every row once across pages, and whole in the CSV', async () => {
    const seen: string[] = [];
    for (let side = 1; side <= 4; side++) {
      const page = (await get(`/api/rapporter/prognose?antal=1&side=${side}`)).json<Liste>();
      expect(page).toMatchObject({ total: 3, side, antal: 1 });
      seen.push(...page.elementer.map((e) => `${e.forloebId}/${e.fristtype}`));
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const res = await get('/api/rapporter/prognose?antal=1&format=csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="prognose-2031-03-12.csv"');
    const { header, rows } = csvOf(res.body);
    expect(header).toEqual(['Forløb', 'Regelsæt', 'Frist', 'Forfald', 'Senest i tide', 'Dage tilbage', 'Ansvarlig', 'Terapeut', 'Enhed', 'Næste handling']);
    expect(rows[1]![4]).toBe('2031-03-14 23:59');
    expect(rows.map((r) => [r[0], r[2], r[5], r[6], r[9]])).toEqual([
      [id(3), 'Opstart', '-23', 'Terapeut', 'Book opstart'],
      [id(4), 'Opstart', '2', 'Terapeut', 'Book opstart'],
      [id(5), 'Afgørelse om forlængelse', '5', 'Visitator', 'Afgør anmodning'],
    ]);
    const bad = await get('/api/rapporter/prognose?antal=101');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ felter: [{ felt: 'antal', besked: 'må højst være 100' }] });
  });

  it('shows another kommune only its own', async () => {
    const brondby = await bearer(app, { rolle: 'leder', kommune: 'Brøndby' });
    const overskredne = (await get('/api/rapporter/overskredne', brondby)).json<Liste>();
    expect(overskredne.elementer.map((e) => e.forloebId)).toEqual([id(6)]);
    expect(overskredne.elementer[0]!.naesteHandling.tekst).toBe('Book opstart');
  });
});
