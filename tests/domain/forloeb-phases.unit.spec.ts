// Every command in every phase: allowed where the lifecycle allows it, refused with a reason elsewhere,
// and refused for a role the regelsæt does not name. Sønderborg §140 (002).
import { describe, expect, it } from 'vitest';
import { applyAll, decide, initialState, type Actor, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import type { Role } from '../../domain/regelsaet';

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const as = (role: Role): Actor => ({ role });
const NOW = new Date('2030-12-20T10:00:00Z');
const TODAY = '2030-12-20';

function build(commands: ForloebCommand[]): ForloebState {
  return commands.reduce<ForloebState>((s, c) => {
    const d = decide(s, c, NOW, regelsaet);
    if (!d.ok) throw new Error(`${c.type}: ${d.refusal.message}`);
    return applyAll(s, d.events, NOW);
  }, initialState());
}

const create: ForloebCommand = {
  type: 'CreateForloeb',
  actor: as('koordinator'),
  source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2030-12-18', kategori: 'knae-underben', niveau: 'basal' },
};
const visit: ForloebCommand = { type: 'RecordVisitation', actor: as('koordinator'), decision: 'bevilget' };
const book: ForloebCommand = { type: 'BookStart', actor: as('koordinator'), startDate: TODAY };
const hold: ForloebCommand = { type: 'HoldStart', actor: as('terapeut'), heldOn: TODAY };
const end: ForloebCommand = { type: 'RecordAfslutning', actor: as('terapeut'), reason: 'maal_naaet', date: TODAY };
const close: ForloebCommand = { type: 'CloseForloeb', actor: as('terapeut') };

const STATES: Record<string, ForloebState> = {
  visitering: build([create]),
  opstart: build([create, visit]),
  traening: build([create, visit, book, hold]),
  afslutning: build([create, visit, book, hold, end]),
  lukket: build([create, visit, book, hold, end, close]),
};

/** Each command, with the role the regelsæt gives it, and the phases where it is allowed. */
const COMMANDS: { command: ForloebCommand; allowed: string[]; wrongRole: Role }[] = [
  { command: visit, allowed: ['visitering'], wrongRole: 'terapeut' },
  { command: { type: 'AssignTherapist', actor: as('koordinator'), terapeut: 't1', enhed: 'Træningsenheden' }, allowed: ['visitering', 'opstart', 'traening'], wrongRole: 'terapeut' },
  { command: { type: 'RecordContact', actor: as('koordinator'), contactedOn: TODAY }, allowed: ['visitering', 'opstart'], wrongRole: 'terapeut' },
  { command: book, allowed: ['opstart'], wrongRole: 'terapeut' },
  { command: hold, allowed: ['opstart'], wrongRole: 'leder' },
  { command: { type: 'RecordSession', actor: as('terapeut'), date: TODAY, outcome: 'gennemfoert', durationMinutes: 60 }, allowed: ['traening'], wrongRole: 'koordinator' },
  { command: { type: 'RecordStatus', actor: as('terapeut'), note: 'Fremgang' }, allowed: ['traening'], wrongRole: 'koordinator' },
  { command: { type: 'RequestExtension', actor: as('terapeut'), kind: 'notat', amount: 4, reason: 'Mål ikke nået' }, allowed: ['traening'], wrongRole: 'koordinator' },
  { command: end, allowed: ['opstart', 'traening'], wrongRole: 'koordinator' },
  { command: close, allowed: ['afslutning'], wrongRole: 'koordinator' },
];

describe('Sønderborg §140: the phase matrix', () => {
  for (const { command, allowed } of COMMANDS) {
    for (const [phase, state] of Object.entries(STATES)) {
      const ok = allowed.includes(phase);
      it(`${command.type} in ${phase} is ${ok ? 'accepted' : 'refused'}`, () => {
        const d = decide(state, command, NOW, regelsaet);
        if (ok) {
          expect(d.ok, d.ok ? '' : d.refusal.message).toBe(true);
        } else {
          expect(d.ok).toBe(false);
          if (!d.ok) {
            expect(d.refusal.code).toBe('wrong_phase');
            expect(d.refusal.message.length).toBeGreaterThan(10);
          }
        }
      });
    }
  }

  it('refuses an extension decision when nothing is pending', () => {
    const d = decide(STATES.traening!, { type: 'DecideExtension', actor: as('terapeut'), requestId: 1, decision: 'godkendt', reason: 'ok' }, NOW, regelsaet);
    expect(d).toEqual({ ok: false, refusal: { code: 'wrong_phase', message: 'der er ingen anmodning om forlængelse, der venter på afgørelse' } });
  });
});

describe('Sønderborg §140: the role matrix', () => {
  for (const { command, allowed, wrongRole } of COMMANDS) {
    it(`${command.type} by a ${wrongRole} is refused, naming the role it needs`, () => {
      const state = STATES[allowed[0]!]!;
      const d = decide(state, { ...command, actor: as(wrongRole) } as ForloebCommand, NOW, regelsaet);
      expect(d.ok).toBe(false);
      if (!d.ok) {
        expect(d.refusal.code).toBe('forbidden_role');
        expect(d.refusal.message).toMatch(new RegExp(`du har rollen ${wrongRole}`));
      }
    });
  }
});

describe('Sønderborg §140: a full forløb', () => {
  it('trains in hours, warns near the frame, extends by the therapist\'s note, refuses beyond the frame, ends and closes', () => {
    let s = STATES.traening!;
    const run = (c: ForloebCommand) => {
      const d = decide(s, c, NOW, regelsaet);
      if (d.ok) s = applyAll(s, d.events, NOW);
      return d;
    };
    const session = (minutes: number, outcome: 'gennemfoert' | 'udeblevet' = 'gennemfoert'): ForloebCommand => ({
      type: 'RecordSession',
      actor: as('terapeut'),
      date: TODAY,
      outcome,
      durationMinutes: outcome === 'gennemfoert' ? minutes : 0,
    });
    // Knæ og underben: 14 hours (002:922). 11 sessions of 60 minutes → 11 h (78 %), the 12th → 12 h (86 %): warned once.
    for (let i = 0; i < 11; i++) expect(run(session(60)).ok).toBe(true);
    const twelfth = run(session(60));
    expect(twelfth.ok && twelfth.events.map((e) => e.type)).toEqual(['SessionRecorded', 'FrameNearlyUsed']);
    expect(run(session(90)).ok).toBe(true); // 13.5 h
    const beyond = run(session(60)); // would be 14.5 h
    expect(beyond).toEqual({ ok: false, refusal: { code: 'frame_exceeded', message: 'rammen er brugt: 13.5 af 14 timer; en forlængelse skal godkendes først' } });
    // A no-show takes nothing from an hour frame (A14).
    expect(run(session(0, 'udeblevet')).ok).toBe(true);
    // The therapist's note extends the frame at once (002:115-116): requested and granted in one step.
    const note = run({ type: 'RequestExtension', actor: as('terapeut'), kind: 'notat', amount: 4, reason: 'Målene er ikke nået' });
    expect(note.ok && note.events.map((e) => e.type)).toEqual(['ExtensionRequested', 'ExtensionDecided']);
    expect(s.status === 'open' && s.frame).toMatchObject({ granted: 18, used: 13.5 });
    expect(run(session(60)).ok).toBe(true);
    // Other kinds are not this regelsæt's.
    const lille = run({ type: 'RequestExtension', actor: as('terapeut'), kind: 'tillaegsbevilling_lille', amount: 4, reason: 'x' });
    expect(!lille.ok && lille.refusal.message).toMatch(/har ikke tillægsbevillinger/);
    // Ending for a reason the facts do not support is refused.
    const noShows = run({ type: 'RecordAfslutning', actor: as('terapeut'), reason: 'udeblivelser', date: TODAY });
    expect(!noShows.ok && noShows.refusal.message).toMatch(/kræver mindst 2 udeblivelser \(registreret: 1\)/);
    const frameUsed = run({ type: 'RecordAfslutning', actor: as('terapeut'), reason: 'ramme_brugt', date: TODAY });
    expect(!frameUsed.ok && frameUsed.refusal.message).toMatch(/rammen er ikke brugt \(14.5 af 18\)/);
    expect(run(end).ok).toBe(true);
    expect(run(close).ok).toBe(true);
    expect(s.status).toBe('closed');
  });
});
