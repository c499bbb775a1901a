// Real forløb lifecycles, made by the domain rules (decide → record → evolve), for projection,
// read-model and benchmark data.
import { decideAndRecord, evolve, initialState, type ForloebCommand, type ForloebState, type RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet, type Regelsaet } from '../../domain/regelsaet';

export const SUL140: Regelsaet = findRegelsaet('sonderborg-sul140')!;

const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
const terapeut = { role: 'terapeut' as const, userId: 'terapeut-1' };

/** Applies commands in order at their instants; a refusal is a bug in the scenario and throws. */
export function run(steps: readonly [ForloebCommand, string][], regelsaet: Regelsaet = SUL140): { events: RecordedEvent[]; state: ForloebState } {
  let state: ForloebState = initialState();
  const events: RecordedEvent[] = [];
  for (const [command, at] of steps) {
    const d = decideAndRecord(state, command, new Date(at), regelsaet);
    if (!d.ok) throw new Error(`${command.type} at ${at}: ${d.refusal.code} ${d.refusal.message}`);
    events.push(...d.events);
    state = d.events.reduce(evolve, state);
  }
  return { events, state };
}

export const plan = (udskrivningsdato: string, kategori = 'ryg') =>
  ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori, niveau: 'basal' }) as const;

/** Discharged long ago: reminded and escalated before the visitation; the start is booked late. */
export const lateStart = () =>
  run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan('2030-12-18') }, '2030-12-18T10:00:00Z'],
    [{ type: 'Tick' }, '2030-12-31T10:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-01-02T10:00:00Z'],
    [{ type: 'BookStart', actor: koordinator, startDate: '2031-01-06' }, '2031-01-02T10:05:00Z'],
  ]);

/** A whole forløb: granted, assigned, started in time, trained, ended and closed. */
export const fullCourse = () =>
  run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan('2031-03-03', 'knae-underben') }, '2031-03-03T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-03-04T09:00:00Z'],
    [{ type: 'AssignTherapist', actor: koordinator, terapeut: 'terapeut-1', enhed: 'Træningsenheden Nord' }, '2031-03-04T09:10:00Z'],
    [{ type: 'BookStart', actor: koordinator, startDate: '2031-03-10' }, '2031-03-04T09:20:00Z'],
    [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-10' }, '2031-03-10T12:00:00Z'],
    [{ type: 'RecordSession', actor: terapeut, date: '2031-03-12', outcome: 'gennemfoert', durationMinutes: 60 }, '2031-03-12T12:00:00Z'],
    [{ type: 'RecordSession', actor: terapeut, date: '2031-03-17', outcome: 'udeblevet', durationMinutes: 0 }, '2031-03-17T12:00:00Z'],
    [{ type: 'RecordSession', actor: terapeut, date: '2031-03-19', outcome: 'gennemfoert', durationMinutes: 60 }, '2031-03-19T12:00:00Z'],
    [{ type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: '2031-03-24' }, '2031-03-24T12:00:00Z'],
    [{ type: 'CloseForloeb', actor: terapeut }, '2031-03-24T12:05:00Z'],
  ]);

/** Refused at visitation. */
export const refused = () =>
  run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan('2031-05-05') }, '2031-05-05T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'afslaaet', reason: 'Borgeren er allerede i et andet tilbud' }, '2031-05-06T09:00:00Z'],
  ]);
