// Effective dates, the date rules and annulment of sessions, as given / when / then.
import { describe, expect, it } from 'vitest';
import { addCalendarDays, copenhagenDateOf } from '../../domain/calendar';
import {
  applyAll,
  decide,
  initialState,
  type Ansoegning,
  type ForloebCommand,
  type ForloebEvent,
  type ForloebState,
  type Genoptraeningsplan,
} from '../../domain/forloeb';
import { findRegelsaet, Regelsaet, type Regelsaet as RegelsaetType } from '../../domain/regelsaet';
import { given } from '../support/given';

const varde = findRegelsaet('varde-sel86-1')!;
const brondby = findRegelsaet('brondby-sel86-1')!;
const sul140 = findRegelsaet('sonderborg-sul140')!;
const visitator = { role: 'visitator' as const };
const terapeut = { role: 'terapeut' as const };
const koordinator = { role: 'koordinator' as const };

const ansoegning = (modtaget: string): Ansoegning => ({ kind: 'ansoegning', cpr: '010190-1234', modtaget, indsatsId: 'genoptraeningsforloeb' });

/** A history built by deciding each command in turn; a refusal fails the test at once. */
function history(regelsaet: RegelsaetType, steps: [ForloebCommand, string][]) {
  let state: ForloebState = initialState();
  const out: { events: ForloebEvent[]; at: Date }[] = [];
  for (const [command, at] of steps) {
    const d = decide(state, command, new Date(at), regelsaet);
    if (!d.ok) throw new Error(`${command.type}: ${d.refusal.message}`);
    state = applyAll(state, d.events, new Date(at));
    out.push({ events: d.events, at: new Date(at) });
  }
  return out;
}

/** The history with one more command decided at `at`. */
function extend(regelsaet: RegelsaetType, past: { events: ForloebEvent[]; at: Date }[], command: ForloebCommand, at: string) {
  const d = decide(given(regelsaet, past).state, command, new Date(at), regelsaet);
  if (!d.ok) throw new Error(`${command.type}: ${d.refusal.message}`);
  return [...past, { events: d.events, at: new Date(at) }];
}

const eventOf = <T extends ForloebEvent['type']>(events: readonly ForloebEvent[], type: T) =>
  events.find((e): e is Extract<ForloebEvent, { type: T }> => e.type === type);

describe('Varde: a decision made on 24.11 and entered on 01.12', () => {
  const created = history(varde, [[{ type: 'CreateForloeb', actor: visitator, source: ansoegning('2031-11-20') }, '2031-11-20T09:00:00Z']]);

  it('keeps its effective date, and the start deadline counts 10 arbejdsdage from it', () => {
    const { decision } = given(varde, created).when(
      { type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: '2031-11-24' },
      new Date('2031-12-01T10:00:00Z'),
    );
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(eventOf(decision.events, 'VisitationRecorded')?.data.decidedOn).toBe('2031-11-24');
    expect(eventOf(decision.events, 'DeadlineOpened')?.data).toMatchObject({ deadline: 'opstart', anchorDate: '2031-11-24', dueDate: '2031-12-08' });
  });

  it('without a date is decided on the day it is entered, as before', () => {
    const { decision } = given(varde, created).when({ type: 'RecordVisitation', actor: visitator, decision: 'bevilget' }, new Date('2031-12-01T10:00:00Z'));
    expect(decision.ok && eventOf(decision.events, 'DeadlineOpened')?.data).toMatchObject({ anchorDate: '2031-12-01', dueDate: '2031-12-15' });
  });

  it('refuses an effective date in the future, naming the field', () => {
    given(varde, created)
      .when({ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: '2031-12-02' }, new Date('2031-12-01T10:00:00Z'))
      .thenRefused('invalid', /^dato: datoen ligger i fremtiden$/);
  });

  it('refuses an effective date before the application was received', () => {
    given(varde, created)
      .when({ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: '2031-11-19' }, new Date('2031-12-01T10:00:00Z'))
      .thenRefused('invalid', /^dato: datoen ligger før modtagelsen$/);
  });

  it('dates a refusal by its effective date too', () => {
    const { decision } = given(varde, created).when(
      { type: 'RecordVisitation', actor: visitator, decision: 'afslaaet', reason: 'Ikke i målgruppen', effectiveOn: '2031-11-24' },
      new Date('2031-12-01T10:00:00Z'),
    );
    expect(decision.ok && eventOf(decision.events, 'VisitationRecorded')?.data.decidedOn).toBe('2031-11-24');
  });
});

describe('Varde: booking and holding the start', () => {
  const visited = history(varde, [
    [{ type: 'CreateForloeb', actor: visitator, source: ansoegning('2031-11-20') }, '2031-11-20T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: '2031-11-24' }, '2031-12-01T10:00:00Z'],
  ]);

  it('refuses a start booked for a date that has passed', () => {
    given(varde, visited)
      .when({ type: 'BookStart', actor: terapeut, startDate: '2031-12-01' }, new Date('2031-12-02T09:00:00Z'))
      .thenRefused('invalid', /^startdato: en opstart kan ikke bookes til en dato, der er gået$/);
  });

  it('without the date rules (a command replayed from before them) decides a past booking as it was: accepted', () => {
    const state = given(varde, visited).state;
    const d = decide(state, { type: 'BookStart', actor: terapeut, startDate: '2031-12-01' }, new Date('2031-12-02T09:00:00Z'), varde, { dateRules: false });
    expect(d.ok && d.events[0]).toEqual({ type: 'StartBooked', data: { startDate: '2031-12-01' } });
  });

  it('books a start for today', () => {
    const { decision } = given(varde, visited).when({ type: 'BookStart', actor: terapeut, startDate: '2031-12-02' }, new Date('2031-12-02T09:00:00Z'));
    expect(decision.ok && eventOf(decision.events, 'DeadlineMet')?.data).toEqual({ deadline: 'opstart', dueDate: '2031-12-08', metOn: '2031-12-02', inTime: true });
  });

  it('refuses "opstart afholdt" before the booked date', () => {
    const g = given(varde, extend(varde, visited, { type: 'BookStart', actor: terapeut, startDate: '2031-12-05' }, '2031-12-02T09:00:00Z'));
    g.when({ type: 'HoldStart', actor: terapeut, heldOn: '2031-12-04' }, new Date('2031-12-05T09:00:00Z')).thenRefused(
      'invalid',
      /^dato: opstarten kan ikke være afholdt før den bookede dato$/,
    );
    expect(g.when({ type: 'HoldStart', actor: terapeut, heldOn: '2031-12-05' }, new Date('2031-12-05T09:00:00Z')).decision.ok).toBe(true);
  });

  it('refuses a held start before the visitation', () => {
    given(varde, visited)
      .when({ type: 'HoldStart', actor: terapeut, heldOn: '2031-11-23' }, new Date('2031-12-02T09:00:00Z'))
      .thenRefused('invalid', /^dato: datoen ligger før visitationen$/);
  });
});

describe('Brøndby: the decision deadline is met by what happened when (14 days from 03.03)', () => {
  const applied = history(brondby, [
    [{ type: 'CreateForloeb', actor: visitator, source: { ...ansoegning('2031-03-03'), indsatsId: 'genoptraening' } }, '2031-03-03T09:00:00Z'],
  ]);
  const decideOn16th = { type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: '2031-03-16' } as const;
  const metOf = (at: string) => {
    const { decision } = given(brondby, applied).when(decideOn16th, new Date(at));
    return decision.ok ? eventOf(decision.events, 'DeadlineMet')?.data : undefined;
  };

  it('a decision dated before the due date and entered before the deadline was reported missed is met in time', () => {
    // 17.03 21:30 in Copenhagen: after office hours, before the end of the due date.
    expect(metOf('2031-03-17T20:30:00Z')).toEqual({ deadline: 'afgoerelse', dueDate: '2031-03-17', metOn: '2031-03-16', inTime: true });
  });

  it('the same decision entered after the deadline was reported missed is met late', () => {
    expect(metOf('2031-03-18T09:00:00Z')).toEqual({ deadline: 'afgoerelse', dueDate: '2031-03-17', metOn: '2031-03-16', inTime: false });
  });

  it('a DeadlineMet saying "in time" that follows an escalation (a history recorded before this rule) folds as met late', () => {
    const state = [
      ...applied,
      { events: [{ type: 'DeadlineEscalated', data: { deadline: 'afgoerelse', level: 0, to: ['visitator'], dueDate: '2031-03-17', scheduledAt: '2031-03-17T23:00:00.000Z' } }], at: new Date('2031-03-17T23:00:00Z') },
      { events: [{ type: 'DeadlineMet', data: { deadline: 'afgoerelse', dueDate: '2031-03-17', metOn: '2031-03-16', inTime: true } }], at: new Date('2031-03-20T09:00:00Z') },
    ].reduce<ForloebState>((s, h) => applyAll(s, h.events as ForloebEvent[], h.at), initialState());
    expect(state.status === 'open' && state.deadlines.afgoerelse?.met).toEqual({ on: '2031-03-16', inTime: false, recordedAt: '2031-03-20T09:00:00.000Z' });
  });
});

describe('extension decisions and closing take an effective date', () => {
  const inTraining = history(varde, [
    [{ type: 'CreateForloeb', actor: visitator, source: ansoegning('2031-11-20') }, '2031-11-20T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget' }, '2031-11-21T10:00:00Z'],
    [{ type: 'BookStart', actor: terapeut, startDate: '2031-11-24' }, '2031-11-21T11:00:00Z'],
    [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-11-24' }, '2031-11-24T11:00:00Z'],
    [{ type: 'RequestExtension', actor: terapeut, kind: 'tillaegsbevilling_lille', amount: 5, reason: 'Mangler trappetræning' }, '2031-12-01T09:00:00Z'],
  ]);
  const decideExt = (effectiveOn?: string) =>
    ({ type: 'DecideExtension', actor: visitator, requestId: 1, decision: 'godkendt', reason: 'Potentiale', ...(effectiveOn ? { effectiveOn } : {}) }) as const;

  it('an extension decided on its effective date', () => {
    const { decision } = given(varde, inTraining).when(decideExt('2031-12-02'), new Date('2031-12-04T09:00:00Z'));
    expect(decision.ok && eventOf(decision.events, 'ExtensionDecided')?.data.decidedOn).toBe('2031-12-02');
  });

  it('refuses an extension decision dated before the request, or in the future', () => {
    given(varde, inTraining).when(decideExt('2031-11-30'), new Date('2031-12-04T09:00:00Z')).thenRefused('invalid', /^dato: datoen ligger før anmodningen$/);
    given(varde, inTraining).when(decideExt('2031-12-05'), new Date('2031-12-04T09:00:00Z')).thenRefused('invalid', /^dato: datoen ligger i fremtiden$/);
  });

  const ended = extend(varde, inTraining, { type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: '2031-12-10' }, '2031-12-10T09:00:00Z');

  it('closes on its effective date, not before the afslutning', () => {
    const g = given(varde, ended);
    const { decision } = g.when({ type: 'CloseForloeb', actor: terapeut, effectiveOn: '2031-12-11' }, new Date('2031-12-15T09:00:00Z'));
    expect(decision.ok && eventOf(decision.events, 'ForloebClosed')?.data.closedOn).toBe('2031-12-11');
    g.when({ type: 'CloseForloeb', actor: terapeut, effectiveOn: '2031-12-09' }, new Date('2031-12-15T09:00:00Z')).thenRefused(
      'invalid',
      /^dato: datoen ligger før afslutningen$/,
    );
  });
});

describe('§140: a discharge date at most maxDischargeDaysAhead ahead', () => {
  const now = new Date('2031-03-01T09:00:00Z');
  const today = copenhagenDateOf(now);
  const plan = (udskrivningsdato: string): Genoptraeningsplan => ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori: 'ryg', niveau: 'basal' });
  const create = (udskrivningsdato: string, regelsaet = sul140) =>
    decide(initialState(), { type: 'CreateForloeb', actor: koordinator, source: plan(udskrivningsdato), receivedAt: now.toISOString() }, now, regelsaet);

  it('takes a discharge 30 days ahead and refuses one 31 days ahead, naming the field', () => {
    expect(sul140.maxDischargeDaysAhead).toBe(30);
    expect(create(addCalendarDays(today, 30)).ok).toBe(true);
    const refused = create(addCalendarDays(today, 31));
    expect(refused).toEqual({ ok: false, refusal: { code: 'invalid', field: 'kilde.udskrivningsdato', message: 'datoen ligger mere end 30 dage ude i fremtiden' } });
  });

  it("follows the regelsæt's own limit", () => {
    const strict = Regelsaet.parse({ ...sul140, maxDischargeDaysAhead: 3 });
    expect(create(addCalendarDays(today, 4), strict).ok).toBe(false);
    expect(create(addCalendarDays(today, 3), strict).ok).toBe(true);
  });

  it('a regelsæt with a negative or fractional limit is refused', () => {
    expect(Regelsaet.safeParse({ ...sul140, maxDischargeDaysAhead: -1 }).success).toBe(false);
    expect(Regelsaet.safeParse({ ...sul140, maxDischargeDaysAhead: 2.5 }).success).toBe(false);
  });
});

describe('Varde: annulling a session recorded in error', () => {
  const inTraining = history(varde, [
    [{ type: 'CreateForloeb', actor: visitator, source: ansoegning('2031-11-20') }, '2031-11-20T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget' }, '2031-11-21T10:00:00Z'],
    [{ type: 'BookStart', actor: terapeut, startDate: '2031-11-24' }, '2031-11-21T11:00:00Z'],
    [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-11-24' }, '2031-11-24T11:00:00Z'],
  ]);
  const session = (date: string, outcome: 'gennemfoert' | 'udeblevet', confirmed?: boolean): ForloebCommand => ({
    type: 'RecordSession',
    actor: terapeut,
    date,
    outcome,
    durationMinutes: outcome === 'gennemfoert' ? 60 : 0,
    ...(confirmed === undefined ? {} : { confirmed }),
  });
  const afterOne = extend(varde, inTraining, session('2031-11-25', 'gennemfoert'), '2031-11-25T12:00:00Z');
  const sessionSeq = given(varde, afterOne).state.seq;
  const annulled = extend(varde, afterOne, { type: 'AnnulSession', actor: terapeut, sessionSeq, reason: 'Fejl' }, '2031-11-26T08:00:00Z');

  it('gives back what the session took from the frame, and the counts no longer see it', () => {
    const g = given(varde, afterOne);
    expect(g.state.status === 'open' && g.state.frame?.used).toBe(1);
    g.when({ type: 'AnnulSession', actor: terapeut, sessionSeq, reason: 'Registreret på den forkerte borger' }, new Date('2031-11-26T08:00:00Z')).then([
      {
        type: 'SessionAnnulled',
        data: { sessionSeq, date: '2031-11-25', outcome: 'gennemfoert', reason: 'Registreret på den forkerte borger', frameReleased: 1, frameUsedTotal: 0 },
      },
    ]);
    const after = given(varde, annulled);
    expect(after.state.status === 'open' && { used: after.state.frame?.used, held: after.state.counts.held }).toEqual({ used: 0, held: 0 });
  });

  it('refuses to annul it twice, to annul what is not a session, and a role that may not record sessions', () => {
    // Its only session annulled, the forløb has nothing left to annul.
    given(varde, annulled)
      .when({ type: 'AnnulSession', actor: terapeut, sessionSeq, reason: 'Igen' }, new Date('2031-11-26T09:00:00Z'))
      .thenRefused('wrong_phase', /ingen registreret træning, der kan annulleres/);
    const annulledAndAnother = extend(varde, annulled, session('2031-11-26', 'gennemfoert'), '2031-11-26T12:00:00Z');
    given(varde, annulledAndAnother)
      .when({ type: 'AnnulSession', actor: terapeut, sessionSeq, reason: 'Igen' }, new Date('2031-11-26T13:00:00Z'))
      .thenRefused('wrong_phase', /allerede annulleret/);
    given(varde, afterOne)
      .when({ type: 'AnnulSession', actor: terapeut, sessionSeq: 1, reason: 'Fejl' }, new Date('2031-11-26T09:00:00Z'))
      .thenRefused('invalid', /^seq: forløbet har ingen registreret træning med nummer 1$/);
    given(varde, afterOne)
      .when({ type: 'AnnulSession', actor: visitator, sessionSeq, reason: 'Fejl' }, new Date('2031-11-26T09:00:00Z'))
      .thenRefused('forbidden_role', /kræver rollen terapeut/);
  });

  it('an annulled no-show is not counted by the no-show rule (Varde: the 2nd may end the forløb)', () => {
    const h1 = extend(varde, inTraining, session('2031-11-25', 'udeblevet'), '2031-11-25T12:00:00Z');
    const seq1 = given(varde, h1).state.seq;

    // Without the annulment, the second no-show calls for reassessment with the right to end.
    const second = given(varde, h1).when(session('2031-11-27', 'udeblevet'), new Date('2031-11-27T12:00:00Z')).decision;
    expect(second.ok && eventOf(second.events, 'ReassessmentRequired')?.data).toMatchObject({ cause: 'udeblivelse', count: 2, mayEnd: true });

    const h2 = extend(varde, h1, { type: 'AnnulSession', actor: terapeut, sessionSeq: seq1, reason: 'Borgeren var der' }, '2031-11-26T08:00:00Z');
    expect(given(varde, h2).state).toMatchObject({ counts: { noShows: 0 } });
    const afterAnnul = given(varde, h2).when(session('2031-11-27', 'udeblevet'), new Date('2031-11-27T12:00:00Z')).decision;
    expect(afterAnnul.ok && afterAnnul.events.map((e) => e.type)).toEqual(['SessionRecorded']);
  });

  it('asks for confirmation of a second session on the same day, unless the session on that day was annulled', () => {
    const at = new Date('2031-11-25T15:00:00Z');
    given(varde, afterOne).when(session('2031-11-25', 'gennemfoert', false), at).thenRefused('needs_confirmation', /^bekraeftet: der er allerede registreret en træning/);
    expect(given(varde, afterOne).when(session('2031-11-25', 'gennemfoert', true), at).decision.ok).toBe(true);
    // A command recorded before the question existed carries no answer and is decided as it was.
    expect(given(varde, afterOne).when(session('2031-11-25', 'gennemfoert'), at).decision.ok).toBe(true);
    expect(given(varde, afterOne).when(session('2031-11-24', 'gennemfoert', false), at).decision.ok).toBe(true);
    expect(given(varde, annulled).when(session('2031-11-25', 'gennemfoert', false), at).decision.ok).toBe(true);
  });
});
