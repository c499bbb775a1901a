// Every command endpoint × every role, allowed and refused, as the regelsæt names the roles
// (Sønderborg §140 and Varde §86.1), and another kommune's forløb answering 404 on each. The read
// endpoints answer every role of the kommune. Temporal runs the real rules in memory; PostgreSQL is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import { initialState, record } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, type Role } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY, type TokenRequest } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
const tokens = new Map<string, Record<string, string>>();
const as = async (who: TokenRequest) => {
  const key = JSON.stringify(who);
  if (!tokens.has(key)) tokens.set(key, await bearer(app, who));
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

const ROLES = ['visitator', 'koordinator', 'terapeut', 'leder'] as const;
type Step = { path: string; body: object; by: Role };
type Kommune = 'Sønderborg' | 'Varde';

async function post(id: string, step: Step, kommune: Kommune) {
  return app.inject({ method: 'POST', url: `/api/forloeb/${id}${step.path}`, headers: await as({ rolle: step.by, kommune }), payload: step.body });
}

/** Creates a forløb and takes it through `steps`, each by its allowed role. */
async function forloebAfter(kommune: Kommune, steps: Step[]): Promise<string> {
  const sul140 = kommune === 'Sønderborg';
  const created = await app.inject({
    method: 'POST',
    url: '/api/forloeb',
    headers: await as({ rolle: sul140 ? 'koordinator' : 'visitator', kommune }),
    payload: sul140
      ? { regelsaetId: 'sonderborg-sul140', kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'ryg', niveau: 'basal' } }
      : { regelsaetId: 'varde-sel86-1', kilde: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-24' } },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  for (const step of steps) {
    const res = await post(id, step, kommune);
    expect(res.statusCode, `${step.path}: ${res.body}`).toBe(200);
  }
  return id;
}

const S = {
  visit140: { path: '/visitation', body: { afgoerelse: 'bevilget' }, by: 'koordinator' },
  visitVarde: { path: '/visitation', body: { afgoerelse: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, by: 'visitator' },
  book140: { path: '/opstart', body: { startdato: TODAY }, by: 'koordinator' },
  hold: { path: '/opstart/afholdt', body: { dato: TODAY }, by: 'terapeut' },
  end: { path: '/afslutning', body: { aarsag: 'maal_naaet', dato: TODAY }, by: 'terapeut' },
  applyVarde: { path: '/forlaengelse', body: { type: 'tillaegsbevilling_lille', antal: 5, begrundelse: 'Potentiale' }, by: 'terapeut' },
} satisfies Record<string, Step>;

/** Each command endpoint: the state it needs, the request, and the roles that may send it. */
const CASES: { name: string; kommune: Kommune; before: Step[]; path: string; body: object; allowed: Role[] }[] = [
  { name: '§140 visitation', kommune: 'Sønderborg', before: [], path: '/visitation', body: { afgoerelse: 'bevilget' }, allowed: ['koordinator'] },
  { name: '§86 visitation', kommune: 'Varde', before: [], path: '/visitation', body: { afgoerelse: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, allowed: ['visitator'] },
  { name: 'terapeut', kommune: 'Sønderborg', before: [], path: '/terapeut', body: { terapeut: 't-1', enhed: 'Nord' }, allowed: ['koordinator', 'leder'] },
  { name: 'kontakt', kommune: 'Sønderborg', before: [], path: '/kontakt', body: { dato: TODAY }, allowed: ['koordinator'] },
  { name: 'opstart', kommune: 'Sønderborg', before: [S.visit140], path: '/opstart', body: { startdato: TODAY }, allowed: ['koordinator'] },
  { name: 'opstart/afholdt', kommune: 'Sønderborg', before: [S.visit140, S.book140], path: '/opstart/afholdt', body: { dato: TODAY }, allowed: ['terapeut', 'koordinator'] },
  { name: 'sessioner', kommune: 'Sønderborg', before: [S.visit140, S.book140, S.hold], path: '/sessioner', body: { dato: TODAY, udfald: 'gennemfoert', varighedMinutter: 45 }, allowed: ['terapeut'] },
  { name: 'status', kommune: 'Sønderborg', before: [S.visit140, S.book140, S.hold], path: '/status', body: { notat: 'Fremgang' }, allowed: ['terapeut'] },
  { name: '§140 forlaengelse (notat)', kommune: 'Sønderborg', before: [S.visit140, S.book140, S.hold], path: '/forlaengelse', body: { type: 'notat', antal: 2, begrundelse: 'Mål' }, allowed: ['terapeut'] },
  { name: '§86 tillægsbevilling', kommune: 'Varde', before: [S.visitVarde, S.hold], path: '/forlaengelse', body: { type: 'tillaegsbevilling_lille', antal: 5, begrundelse: 'Potentiale' }, allowed: ['terapeut'] },
  { name: '§86 afgørelse om tillægsbevilling', kommune: 'Varde', before: [S.visitVarde, S.hold, S.applyVarde], path: '/forlaengelse/1/afgoerelse', body: { afgoerelse: 'godkendt', begrundelse: 'Ok' }, allowed: ['visitator'] },
  { name: 'afslutning', kommune: 'Sønderborg', before: [S.visit140, S.book140, S.hold], path: '/afslutning', body: { aarsag: 'maal_naaet', dato: TODAY }, allowed: ['terapeut'] },
  { name: 'lukning', kommune: 'Sønderborg', before: [S.visit140, S.book140, S.hold, S.end], path: '/lukning', body: {}, allowed: ['terapeut'] },
  { name: 'opfoelgning', kommune: 'Varde', before: [S.visitVarde], path: '/opfoelgning', body: { dato: TODAY, notat: 'Fortsat behov' }, allowed: ['visitator'] },
];

describe('command endpoints × roles', () => {
  for (const c of CASES) {
    for (const rolle of ROLES) {
      const ok = c.allowed.includes(rolle);
      it(`${c.name} by a ${rolle}: ${ok ? '200' : '403 with the rule'}`, async () => {
        const id = await forloebAfter(c.kommune, c.before);
        const res = await post(id, { path: c.path, body: c.body, by: rolle }, c.kommune);
        if (ok) {
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json<{ haendelser: unknown[] }>().haendelser.length).toBeGreaterThan(0);
        } else {
          expect(res.statusCode, res.body).toBe(403);
          expect(res.json<{ fejl: string }>().fejl).toMatch(/kræver rollen/);
        }
      });
    }
    it(`${c.name} from another kommune: 404, and the forløb is unchanged`, async () => {
      const id = await forloebAfter(c.kommune, c.before);
      const before = temporal.forloeb.get(id)!.state;
      const res = await app.inject({
        method: 'POST',
        url: `/api/forloeb/${id}${c.path}`,
        headers: await as({ rolle: c.allowed[0]!, kommune: c.kommune === 'Varde' ? 'Sønderborg' : 'Varde' }),
        payload: c.body,
      });
      expect(res.statusCode).toBe(404);
      expect(temporal.forloeb.get(id)!.state).toEqual(before);
    });
  }
});

/** Projects the forløb's creation into the read model, as the workflow's activity would. */
async function projectCreation(id: string) {
  const state = temporal.forloeb.get(id)!.state;
  if (state.status === 'empty') throw new Error('not created');
  const events = record(initialState(), [{ type: 'ForloebCreated', data: { regelsaetId: state.regelsaetId, kommune: state.kommune, source: state.source } }], now());
  await appendAndProject(db.pool, id, events);
}

describe('read endpoints × roles', () => {
  const reads = (id: string) => ['/api/forloeb', `/api/forloeb/${id}`, `/api/forloeb/${id}/haendelser`, '/api/rapporter/frister?regelsaet=sonderborg-sul140&fra=2026-01-01&til=2026-12-31', '/api/regelsaet', '/api/paamindelser'];
  for (const rolle of ROLES) {
    it(`answers the ${rolle} of the kommune`, async () => {
      const id = await forloebAfter('Sønderborg', []);
      await projectCreation(id);
      for (const url of reads(id)) {
        const res = await app.inject({ method: 'GET', url, headers: await as({ rolle }) });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      }
    });
  }
  it("hides one kommune's forløb from another's roles", async () => {
    const id = await forloebAfter('Sønderborg', []);
    await projectCreation(id);
    for (const url of [`/api/forloeb/${id}`, `/api/forloeb/${id}/haendelser`]) {
      const res = await app.inject({ method: 'GET', url, headers: await as({ rolle: 'leder', kommune: 'Varde' }) });
      expect(res.statusCode).toBe(404);
    }
  });
});
