// POST /api/ggop: a GGOP message creates a §140 forløb (the right CPR, name, discharge date, category
// and deadline), the same letter twice creates one, and every refused message is listed with its
// element and reason and creates nothing. Temporal is a fake that refuses a second workflow with the
// same id, as Temporal does; PostgreSQL is real.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { decide, initialState, type CommandOf } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { deliverFolder } from '../../intake/ggop/deliver-folder';
import type { ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';

const started = new Map<string, ForloebWorkflowInput>();
const fakeClient = {
  workflow: {
    start: async (_type: string, options: { workflowId: string; args: [ForloebWorkflowInput] }) => {
      if (started.has(options.workflowId)) throw new WorkflowExecutionAlreadyStartedError('started', options.workflowId, 'forloebWorkflow');
      started.set(options.workflowId, options.args[0]);
      return { workflowId: options.workflowId };
    },
  },
} as unknown as Client;

const NOW = new Date('2026-12-01T09:00:00Z');
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let koordinator: Record<string, string>;
let terapeut: Record<string, string>;
let vardeKoordinator: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({ temporal: { client: fakeClient, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now: () => NOW, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
  koordinator = await bearer(app, { rolle: 'koordinator', kommune: 'Sønderborg' });
  terapeut = await bearer(app, { rolle: 'terapeut', kommune: 'Sønderborg', enhed: 'Træningsenheden' });
  vardeKoordinator = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});
beforeEach(async () => {
  started.clear();
  await db.pool.query('TRUNCATE ggop_modtagelser');
});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ggop/${name}`, import.meta.url));
const post = (body: Buffer | string, headers = koordinator, contentType = 'application/xml') =>
  app.inject({ method: 'POST', url: '/api/ggop', headers: { ...headers, 'content-type': contentType }, payload: body });
const modtagelser = async (headers = koordinator) => (await app.inject({ method: 'GET', url: '/api/ggop/modtagelser', headers })).json<{ elementer: Record<string, unknown>[] }>().elementer;

describe('POST /api/ggop', () => {
  it('creates a §140 forløb from the plan: CPR, name, discharge date, proposed category, diagnoses', async () => {
    const res = await post(fixture('almen-basal.xml'));
    expect(res.statusCode).toBe(201);
    const { id, kategori, dublet } = res.json<{ id: string; kategori: string; dublet: boolean }>();
    expect({ kategori, dublet }).toEqual({ kategori: 'knae-underben', dublet: false });
    expect(res.headers.location).toBe(`/api/forloeb/${id}`);
    expect(res.body).not.toContain('0101901234');
    const input = started.get(id)!;
    if (!input.create) throw new Error("the workflow input holds no create command");
    expect(input.regelsaet.id).toBe('sonderborg-sul140');
    expect(input.create.source).toMatchObject({
      kind: 'genoptraeningsplan',
      cpr: '010190-1234',
      navn: 'Åse Ærø Østergård',
      udskrivningsdato: '2026-11-30',
      kategori: 'knae-underben',
      niveau: 'basal',
      modtaget: '2026-12-01',
    });
    expect(input.create.source.kind === 'genoptraeningsplan' && input.create.source.ggop?.diagnoser.map((d) => d.kode)).toEqual(['DS822', 'DI109']);
    // The deadline the rules open: 7 calendar days after discharge.
    const decided = decide(initialState(), input.create as CommandOf<'CreateForloeb'>, NOW, input.regelsaet);
    expect(decided.ok && decided.events.find((e) => e.type === 'DeadlineOpened')?.data).toMatchObject({ deadline: 'opstart', dueDate: '2026-12-07' });
    expect(await modtagelser()).toEqual([expect.objectContaining({ udfald: 'oprettet', forloebId: id, brevId: 'GOP-2026-000123', afsender: 'Sygehus Sønderjylland' })]);
  });

  it('moves the start deadline to the later start date the plan asks for (Sønderborg: "unless the plan states another start time")', async () => {
    const res = await post(fixture('senere-opstart.xml'));
    expect(res.statusCode).toBe(201);
    const input = started.get(res.json<{ id: string }>().id)!;
    if (!input.create) throw new Error("the workflow input holds no create command");
    const decided = decide(initialState(), input.create as CommandOf<'CreateForloeb'>, NOW, input.regelsaet);
    expect(decided.ok && decided.events.find((e) => e.type === 'DeadlineOpened')?.data).toMatchObject({ deadline: 'opstart', dueDate: '2026-12-14' });
  });

  it('reads an ISO-8859-1 message with the name intact', async () => {
    const res = await post(fixture('iso-8859-1.xml'), koordinator, 'text/xml; charset=ISO-8859-1');
    expect(res.statusCode).toBe(201);
    const input = started.get(res.json<{ id: string }>().id);
    expect(input?.create?.source).toMatchObject({ navn: 'Øjvind Åge Søgård-Ærtebjerg' });
  });

  it('creates one forløb from the same letter twice, also when both arrive at once', async () => {
    const [a, b] = await Promise.all([post(fixture('almen-avanceret.xml')), post(fixture('almen-avanceret.xml'))]);
    const again = await post(fixture('almen-avanceret.xml'));
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(again.statusCode).toBe(200);
    expect(new Set([a, b, again].map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(again.json()).toMatchObject({ dublet: true });
    expect(started.size).toBe(1);
    expect((await modtagelser()).map((m) => m.udfald).sort()).toEqual(['dublet', 'dublet', 'oprettet']);
  });

  it.each([
    ['afvist-mangler-cpr.xml', 400, 'RehabilitationPlan/Patient/CivilRegistrationNumber'],
    ['afvist-mangler-udskrivningsdato.xml', 400, 'RehabilitationPlan/CurrentHospitalContact/ExpectedEnd'],
    ['afvist-ugyldigt-cpr.xml', 400, 'RehabilitationPlan/Patient/CivilRegistrationNumber'],
    ['afvist-ukendt-plantype.xml', 400, 'RehabilitationPlan/TypeOfRehabilitationPlan'],
    ['afvist-forkert-rod.xml', 400, '(besked)'],
    ['afvist-ikke-xml.xml', 400, '(besked)'],
    ['afvist-billion-laughs.xml', 400, '(besked)'],
    ['anden-kommune.xml', 422, 'RehabilitationPlan/Receiver'],
    ['specialiseret.xml', 422, 'RehabilitationPlan/TypeOfRehabilitationPlan'],
  ])('refuses %s with %i naming %s, creates nothing and lists it', async (file, status, element) => {
    const res = await post(fixture(file));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ fejl: 'Genoptræningsplanen kan ikke modtages', felter: [{ felt: element }] });
    expect(started.size).toBe(0);
    const listed = await modtagelser();
    expect(listed).toEqual([expect.objectContaining({ udfald: 'afvist', element, forloebId: null })]);
    expect(JSON.stringify(listed)).not.toMatch(/0101901234|010190|Østergård/);
  });

  it('refuses a later plan for the same hospital contact and lists it, so the coordinator corrects the forløb', async () => {
    const first = await post(fixture('almen-basal.xml'));
    const replacing = await post(fixture('erstatning.xml'));
    expect(replacing.statusCode).toBe(409);
    expect(replacing.json<{ felter: { besked: string }[] }>().felter[0]!.besked).toContain(first.json<{ id: string }>().id);
    expect(started.size).toBe(1);
  });

  it('refuses a message too large before reading it, and one that is not XML by its type', async () => {
    const big = await post(Buffer.alloc(6 * 1024 * 1024, 0x20));
    expect(big.statusCode).toBe(413);
    const json = await app.inject({ method: 'POST', url: '/api/ggop', headers: { ...koordinator, 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(415);
    expect(started.size).toBe(0);
  });

  it('takes plans only from the role that creates §140 forløb, and only where the kommune has a §140 regelsæt', async () => {
    expect((await post(fixture('almen-basal.xml'), terapeut)).statusCode).toBe(403);
    expect((await post(fixture('anden-kommune.xml'), vardeKoordinator)).statusCode).toBe(409);
    expect(started.size).toBe(0);
  });

  it('lists only the kommune’s own messages', async () => {
    await post(fixture('afvist-mangler-cpr.xml'));
    expect(await modtagelser(vardeKoordinator)).toEqual([]);
  });
});

describe('deliverFolder (npm run ggop:intake)', () => {
  it('sends every message of a folder: the taken move to behandlet/, the refused to afvist/ with their reason', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const folder = mkdtempSync(join(tmpdir(), 'ggop-folder-'));
    try {
      for (const name of ['almen-basal.xml', 'iso-8859-1.xml', 'afvist-mangler-cpr.xml', 'anden-kommune.xml']) copyFileSync(new URL(`../fixtures/ggop/${name}`, import.meta.url), join(folder, name));
      copyFileSync(new URL('../fixtures/ggop/almen-basal.xml', import.meta.url), join(folder, 'almen-basal-igen.xml'));
      const progress: number[] = [];
      const token = koordinator.authorization!.replace(/^Bearer /, '');
      const results = await deliverFolder({ folder, api: address, token, concurrency: 1, onProgress: (p) => progress.push(p.done) });
      expect(results.map((r) => [r.file, r.outcome])).toEqual([
        ['afvist-mangler-cpr.xml', 'afvist'],
        ['almen-basal-igen.xml', 'oprettet'],
        ['almen-basal.xml', 'dublet'],
        ['anden-kommune.xml', 'afvist'],
        ['iso-8859-1.xml', 'oprettet'],
      ]);
      expect(progress).toEqual([1, 2, 3, 4, 5]);
      expect(started.size).toBe(2);
      expect(readdirSync(folder).sort()).toEqual(['afvist', 'behandlet']);
      expect(readdirSync(join(folder, 'behandlet')).sort()).toEqual(['almen-basal-igen.xml', 'almen-basal.xml', 'iso-8859-1.xml']);
      expect(readFileSync(join(folder, 'afvist', 'afvist-mangler-cpr.xml.afvist.txt'), 'utf8')).toContain('RehabilitationPlan/Patient/CivilRegistrationNumber: mangler');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('leaves a message where it is when the API cannot be reached', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ggop-folder-'));
    try {
      copyFileSync(new URL('../fixtures/ggop/almen-basal.xml', import.meta.url), join(folder, 'a.xml'));
      const [result] = await deliverFolder({ folder, api: 'http://127.0.0.1:1', token: 'x' });
      expect(result).toMatchObject({ file: 'a.xml', outcome: 'ikke_leveret' });
      expect(readdirSync(folder)).toEqual(['a.xml']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
