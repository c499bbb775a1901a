// GET /api/forloeb?aabenFrist=<type>: the forløb with an open deadline of that type. The read model is
// seeded through real events (the domain's decide → record, projected as the workflow's activity
// does): a visitator's extension requests waiting for a decision are listed with the date the
// decision is due, while requests already approved or refused, a forløb that ended with its request
// unanswered, and another kommune's request are not. The filter composes with sorting, keyset pages
// and the other filters; a deadline type the domain does not know is a 400 naming the field.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import type { ForloebCommand } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';

const NOW = new Date('2031-03-12T10:00:00Z'); // today in Copenhagen: 2031-03-12
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let varde: Record<string, string>;
let brondby: Record<string, string>;

const as = (role: Role) => ({ role, userId: `${role}-1` });
const id = (n: number) => `forloeb-44444444-0000-0000-0000-${String(n).padStart(12, '0')}`;
type Step = [ForloebCommand, string];

/** An application granted on 2031-03-03 and started: in training, ready for an extension request. */
function started(regelsaetId: 'varde-sel86-1' | 'brondby-sel86-1'): Step[] {
  const indsatsId = regelsaetId === 'varde-sel86-1' ? 'genoptraeningsforloeb' : 'genoptraening';
  return [
    [{ type: 'CreateForloeb', actor: as('visitator'), source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-02' } }, '2031-03-02T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId }, '2031-03-03T09:00:00Z'],
    [{ type: 'HoldStart', actor: as('terapeut'), heldOn: '2031-03-03' }, '2031-03-03T12:00:00Z'],
  ];
}
const request = (on: string, kind: 'tillaegsbevilling_lille' | 'anmodning' = 'tillaegsbevilling_lille'): Step => [
  { type: 'RequestExtension', actor: as('terapeut'), kind, amount: 5, reason: 'Borgeren har fortsat udviklingspotentiale' },
  `${on}T10:00:00Z`,
];
const decideOn = (on: string, requestId: number, decision: 'godkendt' | 'afvist'): Step => [
  { type: 'DecideExtension', actor: as('visitator'), requestId, decision, reason: 'Vurderet' },
  `${on}T11:00:00Z`,
];

// The extension decision deadline is 5 hverdage from the request (DEFAULT_EXTENSION_DECISION_DEADLINE).
const scenarios: { n: number; regelsaet: 'varde-sel86-1' | 'brondby-sel86-1'; steps: Step[]; pendingDue?: string }[] = [
  { n: 1, regelsaet: 'varde-sel86-1', steps: [...started('varde-sel86-1'), request('2031-03-10')], pendingDue: '2031-03-17' },
  { n: 2, regelsaet: 'varde-sel86-1', steps: [...started('varde-sel86-1'), request('2031-03-04')], pendingDue: '2031-03-11' }, // overdue
  { n: 3, regelsaet: 'varde-sel86-1', steps: [...started('varde-sel86-1'), request('2031-03-05'), decideOn('2031-03-06', 1, 'godkendt')] },
  { n: 4, regelsaet: 'varde-sel86-1', steps: [...started('varde-sel86-1'), request('2031-03-05'), decideOn('2031-03-06', 1, 'afvist')] },
  // Decided, then asked again: the deadline opens anew for the second request.
  {
    n: 5,
    regelsaet: 'varde-sel86-1',
    steps: [...started('varde-sel86-1'), request('2031-03-04'), decideOn('2031-03-05', 1, 'godkendt'), request('2031-03-10')],
    pendingDue: '2031-03-17',
  },
  // Ended with the request unanswered: the deadline lapsed.
  {
    n: 6,
    regelsaet: 'varde-sel86-1',
    steps: [
      ...started('varde-sel86-1'),
      request('2031-03-05'),
      [{ type: 'RecordAfslutning', actor: as('terapeut'), reason: 'borger_fravaelger', date: '2031-03-06' }, '2031-03-06T10:00:00Z'],
      [{ type: 'CloseForloeb', actor: as('terapeut') }, '2031-03-06T10:05:00Z'],
    ],
  },
  // Never asked.
  { n: 7, regelsaet: 'varde-sel86-1', steps: started('varde-sel86-1') },
  { n: 8, regelsaet: 'varde-sel86-1', steps: [...started('varde-sel86-1'), request('2031-03-09')], pendingDue: '2031-03-14' },
  // Another kommune's pending request.
  { n: 9, regelsaet: 'brondby-sel86-1', steps: [...started('brondby-sel86-1'), request('2031-03-10', 'anmodning')], pendingDue: '2031-03-17' },
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
  varde = await bearer(app, { rolle: 'visitator', kommune: 'Varde' });
  brondby = await bearer(app, { rolle: 'visitator', kommune: 'Brøndby' });
  for (const s of scenarios) {
    const { events } = run(s.steps, findRegelsaet(s.regelsaet)!);
    // As the workflow delivers them: one batch per command.
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

type Element = { id: string; fase: string; kommune: string; naesteFrist: { type: string; forfald: string } | null; aabenFrist?: Record<string, unknown> };
type Answer = { elementer: Element[]; total?: number; naesteSide?: string };

const get = (url: string, headers = varde) => app.inject({ method: 'GET', url, headers });

async function allPages(query: string, headers = varde): Promise<Element[]> {
  const all: Element[] = [];
  let side: string | undefined;
  do {
    const res = await get(`/api/forloeb?${query}${side ? `&side=${side}` : ''}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Answer>();
    all.push(...body.elementer);
    side = body.naesteSide;
  } while (side && all.length < 100);
  return all;
}

const pendingIn = (regelsaet: string) => scenarios.filter((s) => s.pendingDue !== undefined && s.regelsaet === regelsaet);

describe('GET /api/forloeb?aabenFrist', () => {
  it('lists exactly the forløb whose extension request waits for a decision, with its due date', async () => {
    const res = await get('/api/forloeb?aabenFrist=forlaengelse&antal=200');
    expect(res.statusCode).toBe(200);
    const body = res.json<Answer>();
    const expected = pendingIn('varde-sel86-1').map((s) => id(s.n)).sort();
    expect(body.elementer.map((e) => e.id).sort()).toEqual(expected);
    expect(body.total).toBe(expected.length);
    // Not the approved (3), the refused (4), the ended (6), the never asked (7), nor Brøndby's (9).
    for (const n of [3, 4, 6, 7, 9]) expect(body.elementer.map((e) => e.id)).not.toContain(id(n));
    expect(body.elementer.every((e) => e.kommune === 'Varde')).toBe(true);
    const byId = new Map(body.elementer.map((e) => [e.id, e]));
    expect(byId.get(id(1))!.aabenFrist).toEqual({ type: 'forlaengelse', forfald: '2031-03-17', status: 'aaben', eskaleret: false, dageTilbage: 5 });
    expect(byId.get(id(2))!.aabenFrist).toMatchObject({ type: 'forlaengelse', forfald: '2031-03-11', status: 'overskredet', dageTilbage: -1 });
    // The phase filter the UI used before also holds the refused request, which is not waiting.
    const status = (await allPages('fase=status&antal=200')).map((e) => e.id);
    expect(status).toContain(id(4));
    // Without the filter no row carries the field.
    expect((await allPages('antal=200')).some((e) => 'aabenFrist' in e)).toBe(false);
  });

  it("shows each kommune only its own, even when another kommune is asked for", async () => {
    expect((await allPages('aabenFrist=forlaengelse&antal=200', brondby)).map((e) => e.id)).toEqual([id(9)]);
    expect(await allPages('aabenFrist=forlaengelse&kommune=Br%C3%B8ndby&antal=200')).toEqual([]);
    const terapeut = await bearer(app, { rolle: 'terapeut', kommune: 'Varde', enhed: 'Ingen' });
    // A terapeut's unit scope still applies: these forløb have no unit, so all pending ones show.
    expect((await allPages('aabenFrist=forlaengelse&antal=200', terapeut)).length).toBe(pendingIn('varde-sel86-1').length);
  });

  it('sorts by the open deadline’s due date and pages through it with keyset pages, both ways', async () => {
    const expected = pendingIn('varde-sel86-1')
      .sort((a, b) => (a.pendingDue! < b.pendingDue! ? -1 : a.pendingDue! > b.pendingDue! ? 1 : id(a.n) < id(b.n) ? -1 : 1))
      .map((s) => id(s.n));
    expect((await allPages('aabenFrist=forlaengelse&sorter=aabenFrist&antal=1')).map((e) => e.id)).toEqual(expected);
    expect((await allPages('aabenFrist=forlaengelse&sorter=aabenFrist&retning=desc&antal=1')).map((e) => e.id)).toEqual([...expected].reverse());
    // And with the other sorts and filters.
    const byCreated = await allPages('aabenFrist=forlaengelse&sorter=oprettet&antal=1');
    expect(byCreated.map((e) => e.id).sort()).toEqual([...expected].sort());
    expect((await allPages('aabenFrist=forlaengelse&overskredet=true&antal=200')).map((e) => e.id)).toEqual(
      (await allPages('aabenFrist=forlaengelse&antal=200')).filter((e) => e.naesteFrist !== null && e.naesteFrist.forfald < '2031-03-12').map((e) => e.id),
    );
    expect(await allPages('aabenFrist=forlaengelse&fase=visitering&antal=200')).toEqual([]);
  });

  it('finds other deadline types the same way: every started Varde forløb has its grant expiry open', async () => {
    const open = (await allPages('aabenFrist=bevilling&antal=200')).map((e) => e.id).sort();
    // The one that ended (6) lapsed its deadlines.
    expect(open).toEqual([1, 2, 3, 4, 5, 7, 8].map(id).sort());
    expect(await allPages('aabenFrist=afgoerelse&antal=200')).toEqual([]);
  });

  it('refuses a deadline type the domain does not define, and sorting by it without the filter, naming the field in Danish', async () => {
    const bad = await get('/api/forloeb?aabenFrist=tillaegsbevilling');
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ fejl: string; felter: { felt: string; besked: string }[] }>();
    expect(body.felter).toEqual([{ felt: 'aabenFrist', besked: 'skal være en af: afgoerelse, kontakt, opstart, opfoelgning, bevilling, forlaengelse' }]);
    const sort = await get('/api/forloeb?sorter=aabenFrist');
    expect(sort.statusCode).toBe(400);
    expect(sort.json()).toMatchObject({ felter: [{ felt: 'sorter', besked: 'aabenFrist kræver filteret aabenFrist' }] });
  });
});
