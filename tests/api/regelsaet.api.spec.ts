// /api/regelsaet through HTTP: the list, one regelsæt in full, and the deadline calculator.
// These routes need neither PostgreSQL nor Temporal: the pool and client given are never used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET, findRegelsaet, RegelsaetFile, type Regelsaet } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';

// A municipality's own regelsæt, as the loader would add it: Aarhus publishes "afgørelse inden for
// 3 hverdage; opstart inden for 4 hverdage efter visitation", and keeps 24 and 31 December closed.
const aarhus: Regelsaet = RegelsaetFile.parse({
  id: 'aarhus-sul140',
  name: 'Aarhus – almen genoptræning efter Sundhedsloven §140',
  kommune: 'Aarhus',
  legalBasis: ['SUL §140'],
  source: 'test',
  trigger: 'genoptraeningsplan',
  roles: { visitation: 'koordinator', startBooking: 'koordinator', extensionDecision: 'terapeut', closing: 'terapeut' },
  indsatser: [
    {
      id: 'almen-genoptraening',
      name: 'Almen genoptræning',
      legalBasis: 'SUL §140',
      categories: [{ id: 'knae-underben', name: 'Knæ og underben', frame: { unit: 'timer', amount: 14, cap: true }, source: 'test' }],
      source: 'test',
    },
  ],
  deadlines: [
    { type: 'afgoerelse', anchor: 'henvisning_modtaget', period: { amount: 3, unit: 'hverdage' }, responsible: 'koordinator', binding: 'skal', source: 'test' },
    { type: 'opstart', anchor: 'afgoerelse', period: { amount: 4, unit: 'hverdage' }, responsible: 'koordinator', binding: 'skal', source: 'test' },
  ],
  extension: { model: 'terapeutnotat', requestedBy: 'terapeut', source: 'test' },
  closedDays: ['2026-12-24', '2026-12-31'],
});

const served = [...BUILT_IN_REGELSAET, aarhus];
let app: Awaited<ReturnType<typeof buildApp>>;
let headers: Record<string, string>;
beforeAll(async () => {
  app = await buildApp({
    temporal: {} as never,
    pool: {} as never,
    regelsaet: served,
    now: () => new Date('2026-11-25T10:00:00Z'),
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
  headers = await bearer(app, { rolle: 'visitator', kommune: 'Brøndby' });
});
afterAll(() => app?.close());

const get = (url: string) => app.inject({ method: 'GET', url, headers });
type Fejl = { fejl: string; felter?: { felt: string; besked: string }[] };

describe('GET /api/regelsaet', () => {
  it('lists the regelsæt it was given, built-in and own, with id, name, kommune, legal basis and trigger', async () => {
    const res = await get('/api/regelsaet');
    expect(res.statusCode).toBe(200);
    const list = res.json<Record<string, unknown>[]>();
    expect(list.map((r) => r.id)).toEqual(served.map((r) => r.id));
    expect(list.find((r) => r.id === 'brondby-sel86-2')).toEqual({
      id: 'brondby-sel86-2',
      name: 'Brøndby – vedligeholdende træning efter Serviceloven §86 stk. 2',
      kommune: 'Brøndby',
      legalBasis: ['SEL §86 stk. 2'],
      trigger: 'ansoegning',
    });
    expect(list.find((r) => r.id === 'aarhus-sul140')).toMatchObject({ kommune: 'Aarhus', trigger: 'genoptraeningsplan' });
  });
});

describe('GET /api/regelsaet/{id}', () => {
  it('answers the whole regelsæt', async () => {
    const res = await get('/api/regelsaet/varde-sel86-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(findRegelsaet('varde-sel86-1'))));
  });

  it('answers 404 for an id it does not have, without echoing the id', async () => {
    const res = await get('/api/regelsaet/010190-1234');
    expect(res.statusCode).toBe(404);
    expect(res.json<Fejl>().fejl).toBe('Regelsættet findes ikke');
    expect(res.body).not.toContain('010190');
  });
});

describe('GET /api/regelsaet/{id}/frist', () => {
  const frist = (id: string, query: string) => get(`/api/regelsaet/${id}/frist?${query}`);

  const cases: [what: string, id: string, type: string, fra: string, forfald: string, antal: number, enhed: string][] = [
    // 19–23 April 2027 (23 April was Store Bededag until 2023) and 26–30 April: 10 hverdage.
    ['Brøndby §86.1 start, 2027', 'brondby-sel86-1', 'opstart', '2027-04-16', '2027-04-30', 10, 'hverdage'],
    ['Brøndby §86.2 start over Ascension and Pentecost', 'brondby-sel86-2', 'opstart', '2026-05-08', '2026-06-09', 20, 'hverdage'],
    ['Brøndby decision aim, 14 calendar days', 'brondby-sel86-1', 'afgoerelse', '2026-12-20', '2027-01-03', 14, 'kalenderdage'],
    ['Brøndby §86.1 follow-up', 'brondby-sel86-1', 'opfoelgning', '2026-11-30', '2027-02-28', 3, 'maaneder'],
    ['Brøndby §86.2 follow-up', 'brondby-sel86-2', 'opfoelgning', '2027-04-16', '2027-10-16', 6, 'maaneder'],
    ['Nyborg contact over Ascension', 'nyborg-sel86-1', 'kontakt', '2026-05-12', '2026-05-20', 5, 'hverdage'],
    ['Nyborg start, 14 calendar days', 'nyborg-sel86-1', 'opstart', '2026-12-24', '2027-01-07', 14, 'kalenderdage'],
    ['Sønderborg §140 start after discharge', 'sonderborg-sul140', 'opstart', '2026-12-23', '2026-12-30', 7, 'kalenderdage'],
    ['Sønderborg §86 start (default) over Easter', 'sonderborg-sel86', 'opstart', '2027-03-24', '2027-04-12', 10, 'hverdage'],
    ['Sønderborg §86 grant', 'sonderborg-sel86', 'bevilling', '2027-03-31', '2027-06-30', 3, 'maaneder'],
    ['Varde start over New Year', 'varde-sel86-1', 'opstart', '2025-12-23', '2026-01-09', 10, 'hverdage'],
    ['Varde grant', 'varde-sel86-1', 'bevilling', '2027-01-31', '2027-04-30', 3, 'maaneder'],
    // 22, 23 Dec; 24 closed, 25 holiday; 28 Dec is the 3rd hverdag (without the closed day: 24 Dec).
    ["Aarhus decision with the municipality's closed days", 'aarhus-sul140', 'afgoerelse', '2026-12-21', '2026-12-28', 3, 'hverdage'],
    // 29, 30 Dec; 31 closed, 1 Jan holiday; 4, 5 Jan (without the closed day: 4 Jan).
    ["Aarhus start with the municipality's closed days", 'aarhus-sul140', 'opstart', '2026-12-28', '2027-01-05', 4, 'hverdage'],
  ];

  it.each(cases)('%s: %s %s from %s is due %s', async (_what, id, type, fra, forfald, antal, enhed) => {
    const res = await frist(id, `type=${type}&fra=${fra}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ type, fra, forfald, antal, enhed });
  });

  it("counts a municipality's closed days as closed", async () => {
    // Built-in Sønderborg §86 keeps no closed days: 24 and 31 Dec are hverdage there.
    const res = await frist('sonderborg-sel86', 'type=opstart&fra=2026-12-18');
    expect(res.json<{ forfald: string }>().forfald).toBe('2027-01-05');
    // Aarhus: from 23 Dec, 28, 29, 30 Dec and 4 Jan (24 and 31 Dec closed, 25 Dec and 1 Jan holidays).
    const aarhusStart = await frist('aarhus-sul140', 'type=opstart&fra=2026-12-23');
    expect(aarhusStart.json<{ forfald: string }>().forfald).toBe('2027-01-04');
  });

  it('answers 404 naming the type when the regelsæt has no such deadline', async () => {
    const res = await frist('sonderborg-sul140', 'type=kontakt&fra=2026-12-01');
    expect(res.statusCode).toBe(404);
    expect(res.json<Fejl>().fejl).toMatch(/kontakt/);
    expect(res.json<Fejl>().fejl).toMatch(/sonderborg-sul140/);
  });

  it('answers 404 for a regelsæt it does not have', async () => {
    const res = await frist('aalborg', 'type=opstart&fra=2026-12-01');
    expect(res.statusCode).toBe(404);
    expect(res.json<Fejl>().fejl).toBe('Regelsættet findes ikke');
  });

  const badDates: [string, string, RegExp][] = [
    ['an impossible date', '2026-02-30', /ikke en gyldig dato/],
    ['a date written DD-MM-YYYY', '30-11-2026', /ÅÅÅÅ-MM-DD/],
    ['an empty date', '', /ÅÅÅÅ-MM-DD/],
  ];
  it.each(badDates)('answers 400 on field fra for %s', async (_what, fra, message) => {
    const res = await frist('brondby-sel86-1', `type=opstart&fra=${fra}`);
    expect(res.statusCode).toBe(400);
    const felt = res.json<Fejl>().felter?.find((f) => f.felt === 'fra');
    expect(felt, res.body).toBeDefined();
    expect(felt!.besked).toMatch(message);
  });

  it('answers 400 on field fra when it is missing', async () => {
    const res = await frist('brondby-sel86-1', 'type=opstart');
    expect(res.statusCode).toBe(400);
    expect(res.json<Fejl>().felter?.map((f) => f.felt)).toContain('fra');
  });

  it('answers 400 on field type for a type that does not exist', async () => {
    const res = await frist('brondby-sel86-1', 'type=levering&fra=2026-12-01');
    expect(res.statusCode).toBe(400);
    expect(res.json<Fejl>().felter?.map((f) => f.felt)).toContain('type');
  });

  it('answers 400 on field fra when the due date would fall outside the calendar', async () => {
    const res = await frist('brondby-sel86-1', 'type=opstart&fra=9999-12-31');
    expect(res.statusCode).toBe(400);
    expect(res.json<Fejl>().felter?.map((f) => f.felt)).toEqual(['fra']);
  });
});

describe('the OpenAPI document', () => {
  it('describes the regelsæt routes', async () => {
    await app.ready();
    const spec = app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/regelsaet', '/api/regelsaet/{id}', '/api/regelsaet/{id}/frist']));
  });
});
