// The kommune's people: a signed-in person is on the list with the identity provider's name, role and
// unit; a leder enters, corrects and removes people; each kommune sees only its own.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let leder: Record<string, string>;
let koordinator: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({
    temporal: { client: {} as Client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now: () => new Date(),
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
  leder = await bearer(app, { rolle: 'leder', kommune: 'Sønderborg', navn: 'Lene Leder' });
  koordinator = await bearer(app, { rolle: 'koordinator', kommune: 'Sønderborg', navn: 'Kim Koordinator' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

type Liste = { elementer: { userId: string; navn: string; rolle: string; enhed: string | null; aktiv: boolean; kilde: string }[]; enheder: string[] };
const list = async (query = '', headers = koordinator) => (await app.inject({ method: 'GET', url: `/api/medarbejdere${query}`, headers })).json<Liste>();
const put = (userId: string, body: unknown, headers = leder) => app.inject({ method: 'PUT', url: `/api/medarbejdere/${encodeURIComponent(userId)}`, headers, payload: body as object });

describe('medarbejdere', () => {
  it('puts a signed-in therapist on the list with the name, role and unit of the token', async () => {
    const terapeut = await bearer(app, { rolle: 'terapeut', kommune: 'Sønderborg', enhed: 'Træningsenheden Nord', navn: 'Tove Terapeut' });
    expect((await app.inject({ method: 'GET', url: '/api/medarbejdere', headers: terapeut })).statusCode).toBe(200);
    // Recorded after the answer is sent.
    await expect
      .poll(async () => list('?rolle=terapeut'))
      .toEqual({
        elementer: [expect.objectContaining({ navn: 'Tove Terapeut', rolle: 'terapeut', enhed: 'Træningsenheden Nord', aktiv: true, kilde: 'login' })],
        enheder: ['Træningsenheden Nord'],
      });
  });

  it('lets a leder enter a therapist who has not signed in yet, correct them and take them off the list', async () => {
    const entered = await put('sub-123', { navn: 'Søren Sørensen', rolle: 'terapeut', enhed: 'Træningsenheden Syd' });
    expect(entered.statusCode).toBe(200);
    expect(entered.json()).toMatchObject({ userId: 'sub-123', kilde: 'liste', aktiv: true });
    expect((await list('?enhed=Træningsenheden%20Syd')).elementer.map((m) => m.navn)).toEqual(['Søren Sørensen']);

    await put('sub-123', { navn: 'Søren Sørensen', rolle: 'terapeut', enhed: 'Træningsenheden Syd', aktiv: false });
    expect((await list('?rolle=terapeut')).elementer.map((m) => m.userId)).not.toContain('sub-123');
    expect((await list('?rolle=terapeut&inaktive=true')).elementer.find((m) => m.userId === 'sub-123')).toMatchObject({ aktiv: false });
  });

  it('refuses a change from anyone but a leder, a therapist without a unit, and an unknown field', async () => {
    expect((await put('sub-9', { navn: 'X', rolle: 'terapeut', enhed: 'E' }, koordinator)).statusCode).toBe(403);
    const noUnit = await put('sub-9', { navn: 'X', rolle: 'terapeut' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json()).toMatchObject({ felter: [{ felt: 'enhed' }] });
    expect((await put('sub-9', { navn: 'X', rolle: 'leder', titel: 'chef' })).statusCode).toBe(400);
    expect((await list('?inaktive=true')).elementer.map((m) => m.userId)).not.toContain('sub-9');
  });

  it('shows each kommune only its own people', async () => {
    const varde = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
    const seen = await list('', varde);
    expect(seen.elementer.every((m) => !['Tove Terapeut', 'Lene Leder', 'Kim Koordinator'].includes(m.navn))).toBe(true);
  });
});
