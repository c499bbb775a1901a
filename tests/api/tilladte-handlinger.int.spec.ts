// The forløb detail's `tilladteHandlinger` against what the API does: for every built-in regelsæt,
// every role and every phase (and the states within a phase that change what may be done), a command
// the detail offers is accepted with valid input, and one it does not offer is refused with the reason
// it gave. The states are made by the domain's own decider; Temporal runs the real rules in memory
// (each command is given to a fresh copy of the state), and PostgreSQL is real.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { HANDLINGER, KOMMANDOER, type Handling } from '../../api/contract';
import { decideAndRecord, evolve, initialState, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, Role, type Regelsaet } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';

const TODAY = '2026-11-25';
const now = () => new Date(`${TODAY}T10:00:00Z`);
const temporal = fakeTemporal(now);
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({ temporal: { client: temporal.client, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

type Detail = {
  tilladteHandlinger: { handling: Handling; tilladt: boolean; begrundelse?: string; valg?: string[] }[];
  sessioner?: { seq: number; annulleret: boolean }[];
  forlaengelser: { id: number; afgoerelse?: string }[];
};
type Answer = { fejl: string; felter?: { felt: string; besked: string }[] };

/** A forløb of the regelsæt taken through its life by the decider, each step by a role that may give it. */
function lifeOf(regelsaet: Regelsaet) {
  const actor = (role: Role) => ({ role, userId: `${role}-1` });
  const indsats = regelsaet.indsatser[0]!;
  const granter = indsats.visitation ?? regelsaet.roles.visitation;
  const category = indsats.categories[0];
  const source =
    regelsaet.trigger === 'genoptraeningsplan'
      ? ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: category!.id, niveau: 'basal' } as const)
      : regelsaet.trigger === 'ansoegning'
        ? ({ kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-18', indsatsId: indsats.id } as const)
        : ({ kind: 'henvisning', cpr: '010190-1234', modtaget: '2026-11-18', henviser: 'laege' } as const);
  let state: ForloebState = initialState();
  const give = (command: ForloebCommand, at: string) => {
    const d = decideAndRecord(state, command, new Date(at), regelsaet);
    if (!d.ok) throw new Error(`${regelsaet.id}: ${command.type}: ${d.refusal.message}`);
    state = d.events.reduce(evolve, state);
    return state;
  };
  const states: [string, ForloebState][] = [];
  give({ type: 'CreateForloeb', actor: actor(regelsaet.roles.visitation), source }, '2026-11-20T09:00:00Z');
  states.push(['visitering', state]);
  const frameAmount = indsats.frames.length > 1 ? { frameAmount: indsats.frames[0]!.amount } : {};
  const refusedState = decideAndRecord(state, { type: 'RecordVisitation', actor: actor(granter), decision: 'afslaaet', indsatsId: indsats.id, reason: 'Ikke i målgruppen' }, new Date('2026-11-21T09:00:00Z'), regelsaet);
  if (refusedState.ok) states.push(['afslået', refusedState.events.reduce(evolve, state)]);
  give({ type: 'RecordVisitation', actor: actor(granter), decision: 'bevilget', indsatsId: indsats.id, ...frameAmount }, '2026-11-21T09:00:00Z');
  states.push(['opstart', state]);
  give({ type: 'RecordContact', actor: actor(regelsaet.roles.startBooking), contactedOn: '2026-11-21' }, '2026-11-21T10:00:00Z');
  give({ type: 'BookStart', actor: actor(regelsaet.roles.startBooking), startDate: '2026-11-24' }, '2026-11-21T10:05:00Z');
  states.push(['opstart, kontaktet og booket', state]);
  give({ type: 'HoldStart', actor: actor('terapeut'), heldOn: '2026-11-24' }, '2026-11-24T10:00:00Z');
  states.push(['traening', state]);
  give({ type: 'RecordSession', actor: actor('terapeut'), date: '2026-11-24', outcome: 'aflyst_af_enheden', durationMinutes: 0 }, '2026-11-24T12:00:00Z');
  states.push(['traening med en træning', state]);
  give({ type: 'RecordStatus', actor: actor('terapeut'), note: 'Fremgang' }, '2026-11-24T13:00:00Z');
  states.push(['status', state]);
  // Where an extension waits for a decision, that state too.
  const kind = regelsaet.extension.model === 'anmodning' ? 'anmodning' : regelsaet.extension.model === 'tillaegsbevilling' ? 'tillaegsbevilling_lille' : undefined;
  if (kind) {
    const size = regelsaet.extension.tillaegsbevillinger.find((s) => s.id === 'lille');
    const waiting = decideAndRecord(
      state,
      { type: 'RequestExtension', actor: actor(regelsaet.extension.requestedBy), kind, amount: size?.min ?? 2, reason: 'Potentiale' },
      new Date('2026-11-24T14:00:00Z'),
      regelsaet,
    );
    if (waiting.ok) states.push(['status, forlængelse venter', waiting.events.reduce(evolve, state)]);
  }
  give({ type: 'RecordAfslutning', actor: actor('terapeut'), reason: 'maal_naaet', date: '2026-11-24' }, '2026-11-24T15:00:00Z');
  states.push(['afslutning', state]);
  give({ type: 'CloseForloeb', actor: actor(regelsaet.roles.closing) }, '2026-11-24T16:00:00Z');
  states.push(['lukket', state]);
  return states;
}

/** A valid request for each command in the forløb as the detail shows it. */
function request(handling: Handling, detail: Detail, regelsaet: Regelsaet): { path: string; body: object } {
  const valg = detail.tilladteHandlinger.find((h) => h.handling === handling)?.valg ?? [];
  const path = (params: Record<string, string | number> = {}) => KOMMANDOER[handling].path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => String(params[name]));
  switch (handling) {
    case 'visitation':
      return { path: path(), body: { afgoerelse: 'afslaaet', begrundelse: 'Ikke i målgruppen', ...(valg[0] ? { indsatsId: valg[0] } : {}) } };
    case 'terapeut':
      return { path: path(), body: { terapeut: 'terapeut-2', enhed: 'Træningsenheden Nord' } };
    case 'kontakt':
      return { path: path(), body: { dato: TODAY } };
    case 'opstart':
      return { path: path(), body: { startdato: TODAY } };
    case 'afholdt':
      return { path: path(), body: { dato: TODAY } };
    case 'sessioner':
      return { path: path(), body: { dato: TODAY, udfald: 'aflyst_af_enheden', bekraeftet: true } };
    case 'annullering':
      return { path: path({ seq: detail.sessioner?.find((x) => !x.annulleret)?.seq ?? 1 }), body: { begrundelse: 'Registreret ved en fejl' } };
    case 'status':
      return { path: path(), body: { notat: 'Fremgang' } };
    case 'forlaengelse': {
      const type = valg[0] ?? 'notat';
      const size = regelsaet.extension.tillaegsbevillinger.find((s) => `tillaegsbevilling_${s.id}` === type);
      return { path: path(), body: { type, antal: size?.min ?? 1, begrundelse: 'Potentiale' } };
    }
    case 'afgoerelse':
      return { path: path({ anmodningId: detail.forlaengelser.find((x) => !x.afgoerelse)?.id ?? 1 }), body: { afgoerelse: 'godkendt', begrundelse: 'Målene kan nås' } };
    case 'afslutning':
      return { path: path(), body: { aarsag: 'maal_naaet', dato: TODAY } };
    case 'lukning':
      return { path: path(), body: {} };
    case 'opfoelgning':
      return { path: path(), body: { dato: TODAY, notat: 'Fortsat behov' } };
    case 'borger':
      return { path: path(), body: { navn: 'Ny Navnesen' } };
  }
}

describe('the detail offers what the API accepts, and nothing else', () => {
  for (const regelsaet of BUILT_IN_REGELSAET) {
    it(`${regelsaet.id}: every role, every phase, every command`, async () => {
      const offered = new Set<Handling>();
      for (const [phase, state] of lifeOf(regelsaet)) {
        for (const role of Role.options) {
          const id = `forloeb-${randomUUID()}`;
          const headers = await bearer(app, { rolle: role, kommune: regelsaet.kommune });
          temporal.forloeb.set(id, { state, regelsaet });
          const read = await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers });
          expect(read.statusCode, read.body).toBe(200);
          const detail = read.json<Detail>();
          expect(detail.tilladteHandlinger.map((h) => h.handling)).toEqual(HANDLINGER);
          for (const h of detail.tilladteHandlinger) {
            temporal.forloeb.set(id, { state, regelsaet });
            const { path, body } = request(h.handling, detail, regelsaet);
            const res = await app.inject({ method: 'POST', url: `/api/forloeb/${id}${path}`, headers, payload: body });
            const what = `${regelsaet.id}, ${phase}, ${role}, ${h.handling}: ${res.body}`;
            if (h.tilladt) {
              offered.add(h.handling);
              expect(res.statusCode, what).toBe(200);
            } else {
              expect([403, 409], what).toContain(res.statusCode);
              expect(h.begrundelse, what).toBeTruthy();
              // The API's own words for a closed forløb begin with the domain's ("Forløbet er lukket og …").
              expect(res.json<Answer>().fejl.toLowerCase(), what).toContain(h.begrundelse!.toLowerCase());
            }
          }
        }
      }
      // Every command is offered to some role in some phase: none is out of the UI's reach.
      expect(HANDLINGER.filter((h) => !offered.has(h)), regelsaet.id).toEqual(regelsaet.extension.model === 'terapeutnotat' ? ['afgoerelse'] : []);
    });
  }
});
