// The borger's name over HTTP: given in the create body's `kilde`, shown in the detail beside the
// masked CPR number (and not in `kilde`), entered or corrected by POST /api/forloeb/:id/borger, which
// sends the RecordBorgerNavn Update with its actor and instant. The rules run in memory (the fake
// Temporal client applies the real decide), the access check is the real hook.
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const NOW = new Date('2026-11-25T10:00:00Z');
const temporal = fakeTemporal(() => NOW);
// The event log holds nothing, so the forløb is read from the (fake) workflow; the access log's SQL is tested against PostgreSQL elsewhere.
const fakePool = { query: async () => ({ rows: [], rowCount: 1 }) } as unknown as Pool;

let app: Awaited<ReturnType<typeof buildApp>>;
let koordinator: Record<string, string>;
let id: string;
const plan = { kind: 'genoptraeningsplan', cpr: '010190-1234', navn: '  Søren   Ærø Åberg ', udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' };

beforeAll(async () => {
  app = await buildApp({
    temporal: { client: temporal.client, taskQueue: 'test' },
    pool: fakePool,
    regelsaet: BUILT_IN_REGELSAET,
    now: () => NOW,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
  koordinator = await bearer(app, { rolle: 'koordinator', kommune: 'Sønderborg' });
  const created = await app.inject({ method: 'POST', url: '/api/forloeb', headers: koordinator, payload: { regelsaetId: 'sonderborg-sul140', kilde: plan } });
  expect(created.statusCode, created.body).toBe(201);
  id = created.json<{ id: string }>().id;
});
afterAll(() => app.close());

const detail = async () => (await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers: koordinator })).json<{ borger: unknown; kilde: Record<string, unknown> }>();
const rename = (payload: object, headers = koordinator) => app.inject({ method: 'POST', url: `/api/forloeb/${id}/borger`, headers, payload });

describe('the borger in the detail', () => {
  it('shows the name as given (trimmed) and the CPR number masked, and neither in kilde', async () => {
    const d = await detail();
    expect(d.borger).toEqual({ navn: 'Søren Ærø Åberg', cprMaskeret: '010190-xxxx' });
    expect(d.kilde).not.toHaveProperty('navn');
    expect(d.kilde).not.toHaveProperty('cpr');
    expect(JSON.stringify(d)).not.toContain('010190-1234');
    // The workflow id stays opaque.
    expect(temporal.starts.at(-1)!.workflowId).not.toMatch(/søren|010190/i);
  });
});

describe('POST /api/forloeb/:id/borger', () => {
  it('corrects the name through the RecordBorgerNavn Update, with the actor and the instant received', async () => {
    const res = await rename({ navn: 'Søren Ærø Aaberg' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().haendelser).toEqual([expect.objectContaining({ type: 'BorgerNavnRecorded' })]);
    expect(temporal.updates.at(-1)).toMatchObject({
      name: 'recordBorgerNavn',
      command: { type: 'RecordBorgerNavn', navn: 'Søren Ærø Aaberg', actor: { role: 'koordinator' }, receivedAt: NOW.toISOString() },
    });
    expect((await detail()).borger).toEqual({ navn: 'Søren Ærø Aaberg', cprMaskeret: '010190-xxxx' });
  });

  it('refuses bad input naming the field, the same name again, and a role that may not', async () => {
    const before = temporal.updates.length;
    const empty = await rename({ navn: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().felter).toEqual([{ felt: 'navn', besked: 'skal udfyldes' }]);
    expect((await rename({ navn: 'Ny', cpr: '010190-1234' })).statusCode).toBe(400);
    expect(temporal.updates.length).toBe(before);
    const same = await rename({ navn: 'Søren Ærø Aaberg' });
    expect(same.statusCode).toBe(400);
    expect(same.json().felter).toEqual([{ felt: 'navn', besked: 'navnet er allerede registreret' }]);
    expect(same.body).not.toContain('Aaberg');
    const terapeut = await bearer(app, { rolle: 'terapeut', kommune: 'Sønderborg' });
    expect((await rename({ navn: 'Søren Åberg' }, terapeut)).statusCode).toBe(403);
  });

  it("answers 404 for another kommune's forløb, as if it did not exist", async () => {
    const varde = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
    expect((await rename({ navn: 'Søren Åberg' }, varde)).statusCode).toBe(404);
  });
});
