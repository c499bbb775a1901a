// Every refusal code of the forløb rules through the API: its HTTP status, and the field it names (or
// none), for a create decided in the API and for a command decided by the workflow alike. Temporal
// runs the real rules in memory and fails a refused Update as the workflow does; PostgreSQL is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { REFUSAL_CODES, type RefusalCode } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet, type Regelsaet, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;

/** Sønderborg §140 allowing no extension at all, for the one refusal of bad input that names no field. */
const sonderborg = findRegelsaet('sonderborg-sul140', BUILT_IN_REGELSAET)!;
const NO_EXTENSIONS: Regelsaet = { ...sonderborg, id: 'sonderborg-uden-forlaengelse', extension: { ...sonderborg.extension, maxExtensions: 0 } };

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({
    temporal: { client: temporal.client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: [...BUILT_IN_REGELSAET, NO_EXTENSIONS],
    now,
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const plan = (kategori = 'ryg', udskrivningsdato = '2026-11-20') => ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori, niveau: 'basal' });

async function create(by: Role, body: object) {
  return app.inject({ method: 'POST', url: '/api/forloeb', headers: await bearer(app, { rolle: by }), payload: body });
}

async function command(id: string, by: Role, path: string, body: object) {
  return app.inject({ method: 'POST', url: `/api/forloeb/${id}${path}`, headers: await bearer(app, { rolle: by }), payload: body });
}

/** A Sønderborg forløb taken through `steps`, each accepted. */
async function forloebAfter(steps: [Role, string, object][], regelsaetId = 'sonderborg-sul140'): Promise<string> {
  const created = await create('koordinator', { regelsaetId, kilde: plan() });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  for (const [by, path, body] of steps) {
    const res = await command(id, by, path, body);
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  }
  return id;
}

const visit: [Role, string, object] = ['koordinator', '/visitation', { afgoerelse: 'bevilget' }];
const book: [Role, string, object] = ['koordinator', '/opstart', { startdato: TODAY }];
const hold: [Role, string, object] = ['terapeut', '/opstart/afholdt', { dato: TODAY }];
const session: [Role, string, object] = ['terapeut', '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60 }];

type Answer = { fejl: string; felter?: { felt: string; besked: string }[]; kode?: string };
type Case = { name: string; code: RefusalCode; status: number; field?: string; kode?: string; send: () => Promise<{ statusCode: number; body: string; json: <T>() => T }> };

const CASES: Case[] = [
  { name: 'create by a role that may not', code: 'forbidden_role', status: 403, send: () => create('terapeut', { regelsaetId: 'sonderborg-sul140', kilde: plan() }) },
  {
    name: 'create with a category the regelsæt lacks',
    code: 'invalid',
    status: 400,
    field: 'kilde.kategori',
    send: () => create('koordinator', { regelsaetId: 'sonderborg-sul140', kilde: plan('albue') }),
  },
  {
    name: 'create with a discharge far ahead',
    code: 'invalid',
    status: 400,
    field: 'kilde.udskrivningsdato',
    send: () => create('koordinator', { regelsaetId: 'sonderborg-sul140', kilde: plan('ryg', '2027-06-01') }),
  },
  { name: 'a start booked before visitation', code: 'wrong_phase', status: 409, send: async () => command(await forloebAfter([]), 'koordinator', '/opstart', { startdato: TODAY }) },
  { name: 'a second contact', code: 'wrong_phase', status: 409, send: async () => command(await forloebAfter([['koordinator', '/kontakt', { dato: TODAY }]]), 'koordinator', '/kontakt', { dato: TODAY }) },
  { name: 'a start booked by the terapeut', code: 'forbidden_role', status: 403, send: async () => command(await forloebAfter([visit]), 'terapeut', '/opstart', { startdato: TODAY }) },
  {
    name: 'a start booked before the discharge',
    code: 'invalid',
    status: 400,
    field: 'startdato',
    send: async () => command(await forloebAfter([visit]), 'koordinator', '/opstart', { startdato: '2026-11-19' }),
  },
  { name: 'a contact dated tomorrow', code: 'invalid', status: 400, field: 'dato', send: async () => command(await forloebAfter([]), 'koordinator', '/kontakt', { dato: '2026-11-26' }) },
  {
    name: 'an extension beyond the regelsæt’s limit',
    code: 'invalid',
    status: 400,
    send: async () => command(await forloebAfter([visit, book, hold], NO_EXTENSIONS.id), 'terapeut', '/forlaengelse', { type: 'notat', antal: 2, begrundelse: 'Mål' }),
  },
  {
    name: 'a session beyond the frame',
    code: 'frame_exceeded',
    status: 409,
    send: async () => {
      const id = await forloebAfter([visit, book, hold]);
      const entry = temporal.forloeb.get(id)!;
      if (entry.state.status === 'empty' || !entry.state.frame) throw new Error('no frame');
      entry.state = { ...entry.state, frame: { ...entry.state.frame, used: entry.state.frame.granted } };
      return command(id, 'terapeut', '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60 });
    },
  },
  {
    name: 'a second session on the same day, unconfirmed',
    code: 'needs_confirmation',
    status: 409,
    field: 'bekraeftet',
    kode: 'kraever_bekraeftelse',
    send: async () => command(await forloebAfter([visit, book, hold, session]), 'terapeut', '/sessioner', { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 60 }),
  },
];

describe('refusals through the API', () => {
  it('walks every refusal code', () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(REFUSAL_CODES));
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.code} → ${c.status}${c.field ? `, field ${c.field}` : ''}`, async () => {
      const res = await c.send();
      expect(res.statusCode, res.body).toBe(c.status);
      const answer = res.json<Answer>();
      if (c.field) {
        expect(answer.felter).toHaveLength(1);
        expect(answer.felter![0]!.felt).toBe(c.field);
        // The message stands apart from the field: the field is not repeated inside it.
        expect(answer.felter![0]!.besked).not.toMatch(new RegExp(`^${c.field.replace('.', '\\.')}:`));
      } else {
        expect(answer.felter).toBeUndefined();
        expect(answer.fejl).not.toBe('Ugyldigt input');
      }
      expect(answer.kode).toBe(c.kode);
    });
  }

  it('answers a refused create and a refused command of the same code with the same status', async () => {
    const refusedCreate = await create('leder', { regelsaetId: 'sonderborg-sul140', kilde: plan() });
    const refusedCommand = await command(await forloebAfter([]), 'leder', '/kontakt', { dato: TODAY });
    expect([refusedCreate.statusCode, refusedCommand.statusCode]).toEqual([403, 403]);
  });
});
