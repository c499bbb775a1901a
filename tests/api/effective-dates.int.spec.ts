// Effective dates, date rules and annulment through the HTTP API: a refused date answers 400 with the
// field, a second session on one day 409 with a code asking for confirmation, and an annulled session
// leaves the frame and the attendance counts. Temporal runs the real rules in memory; PostgreSQL is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { addCalendarDays } from '../../domain/calendar';
import { BUILT_IN_REGELSAET, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
const tokens = new Map<string, Record<string, string>>();
const as = async (rolle: Role, kommune = 'Varde') => {
  const key = `${rolle}|${kommune}`;
  if (!tokens.has(key)) tokens.set(key, await bearer(app, { rolle, kommune }));
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

const post = async (id: string, path: string, payload: object, rolle: Role) =>
  app.inject({ method: 'POST', url: `/api/forloeb/${id}${path}`, headers: await as(rolle), payload });

async function vardeForloeb(modtaget = addCalendarDays(TODAY, -10)): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/forloeb',
    headers: await as('visitator'),
    payload: { regelsaetId: 'varde-sel86-1', kilde: { kind: 'ansoegning', cpr: '010190-1234', modtaget, indsatsId: 'genoptraeningsforloeb' } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const expectOk = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);
const detail = async (id: string) => (await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: await as('terapeut') })).json();

describe('effective dates: 400 naming the field', () => {
  it('refuses a decision dated in the future or before the application, and an unknown date field', async () => {
    const id = await vardeForloeb();
    const future = await post(id, '/visitation', { afgoerelse: 'bevilget', dato: addCalendarDays(TODAY, 1) }, 'visitator');
    expect(future.statusCode).toBe(400);
    expect(future.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'dato', besked: 'datoen ligger i fremtiden' }] });
    const early = await post(id, '/visitation', { afgoerelse: 'bevilget', dato: addCalendarDays(TODAY, -11) }, 'visitator');
    expect(early.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'dato', besked: 'datoen ligger før modtagelsen' }] });
    const misspelt = await post(id, '/visitation', { afgoerelse: 'bevilget', virkningsdato: addCalendarDays(TODAY, -7) }, 'visitator');
    expect(misspelt.statusCode).toBe(400);
    expect(JSON.stringify(misspelt.json())).toContain('virkningsdato');
  });

  it('a decision dated last week counts the start deadline from that date', async () => {
    const id = await vardeForloeb();
    const lastWeek = addCalendarDays(TODAY, -7);
    expectOk(await post(id, '/visitation', { afgoerelse: 'bevilget', dato: lastWeek }, 'visitator'));
    const d = await detail(id);
    expect(d.visitation.dato).toBe(lastWeek);
    expect(d.frister.find((f: { type: string }) => f.type === 'opstart')).toMatchObject({ ankerdato: lastWeek });
  });

  it('refuses a start booked for a past date and a held start before the booked date', async () => {
    const id = await vardeForloeb();
    expectOk(await post(id, '/visitation', { afgoerelse: 'bevilget' }, 'visitator'));
    const past = await post(id, '/opstart', { startdato: addCalendarDays(TODAY, -1) }, 'terapeut');
    expect(past.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'startdato', besked: 'en opstart kan ikke bookes til en dato, der er gået' }] });
    expectOk(await post(id, '/opstart', { startdato: addCalendarDays(TODAY, 1) }, 'terapeut'));
    const early = await post(id, '/opstart/afholdt', { dato: TODAY }, 'terapeut');
    expect(early.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'dato', besked: 'opstarten kan ikke være afholdt før den bookede dato' }] });
  });

  it('refuses a discharge date more than 30 days ahead', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/forloeb',
      headers: await as('koordinator', 'Sønderborg'),
      payload: { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: addCalendarDays(TODAY, 90), kategori: 'ryg', niveau: 'basal' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'kilde.udskrivningsdato', besked: 'datoen ligger mere end 30 dage ude i fremtiden' }] });
  });
});

describe('sessions: the same-day question and annulment', () => {
  async function inTraining() {
    const id = await vardeForloeb();
    expectOk(await post(id, '/visitation', { afgoerelse: 'bevilget' }, 'visitator'));
    expectOk(await post(id, '/opstart/afholdt', { dato: TODAY }, 'terapeut'));
    return id;
  }

  it('answers a second session on one day with 409 and kraever_bekraeftelse, and takes it confirmed', async () => {
    const id = await inTraining();
    expectOk(await post(id, '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60 }, 'terapeut'));
    const second = await post(id, '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60 }, 'terapeut');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ kode: 'kraever_bekraeftelse', felter: [{ felt: 'bekraeftet' }] });
    expectOk(await post(id, '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60, bekraeftet: true }, 'terapeut'));
    expect((await detail(id)).fremmoede.gennemfoert).toBe(2);
  });

  it('annuls a no-show: the count follows, a second annulment is 409, a koordinator is 403, a reason is required', async () => {
    const id = await inTraining();
    const recorded = await post(id, '/sessioner', { dato: TODAY, udfald: 'udeblevet' }, 'terapeut');
    const seq = recorded.json<{ haendelser: { seq: number; type: string }[] }>().haendelser.find((e) => e.type === 'SessionRecorded')!.seq;
    expect((await detail(id)).fremmoede.udeblevet).toBe(1);

    const noReason = await post(id, `/sessioner/${seq}/annullering`, {}, 'terapeut');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().felter[0].felt).toBe('begrundelse');
    expect((await post(id, `/sessioner/${seq}/annullering`, { begrundelse: 'Fejl' }, 'koordinator')).statusCode).toBe(403);

    const annulled = await post(id, `/sessioner/${seq}/annullering`, { begrundelse: 'Borgeren mødte op; registreret på den forkerte' }, 'terapeut');
    expectOk(annulled);
    expect(annulled.json<{ haendelser: { type: string }[] }>().haendelser.map((e) => e.type)).toEqual(['SessionAnnulled']);
    expect((await detail(id)).fremmoede.udeblevet).toBe(0);
    expect((await detail(id)).sessioner).toEqual([{ seq, dato: TODAY, udfald: 'udeblevet', annulleret: true }]);

    const again = await post(id, `/sessioner/${seq}/annullering`, { begrundelse: 'Igen' }, 'terapeut');
    expect(again.statusCode).toBe(409);
    const nothingLeft = await post(id, '/sessioner/1/annullering', { begrundelse: 'Fejl' }, 'terapeut');
    expect(nothingLeft.json()).toEqual({ fejl: 'forløbet har ingen registreret træning, der kan annulleres' });
    expectOk(await post(id, '/sessioner', { dato: TODAY, udfald: 'aflyst_af_enheden' }, 'terapeut'));
    const notASession = await post(id, '/sessioner/1/annullering', { begrundelse: 'Fejl' }, 'terapeut');
    expect(notASession.json()).toEqual({ fejl: 'Ugyldigt input', felter: [{ felt: 'seq', besked: 'forløbet har ingen registreret træning med nummer 1' }] });
  });
});
