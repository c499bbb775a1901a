// The borger's name: recorded from the intake form, entered or corrected later by whoever may create a
// forløb and by the koordinator; folded into the state; compared for search in a normalised form. And
// the masked CPR number the lists show (ddmmyy-xxxx).
import { describe, expect, it } from 'vitest';
import { efternavnOf, maskCpr, normaliseNavn } from '../../domain/citizen/borger';
import { BorgerNavn } from '../../domain/citizen/borger.schema';
import { decideAndRecord, evolve, ForloebCommand, ForloebSource, initialState, toRecorded, type ForloebState, type RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet, type Role } from '../../domain/regelsaet';

const varde = findRegelsaet('varde-sel86-1')!;
const as = (role: Role) => ({ role, userId: `${role}-7` });
const AT = new Date('2031-03-10T09:00:00Z');

function applied(steps: [ForloebCommand, string][]): { state: ForloebState; events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  const state = steps.reduce<ForloebState>((s, [c, at]) => {
    const d = decideAndRecord(s, c, new Date(at), varde);
    if (!d.ok) throw new Error(d.refusal.message);
    events.push(...d.events);
    return d.events.reduce(evolve, s);
  }, initialState());
  return { state, events };
}
const create = (navn?: string): [ForloebCommand, string] => [
  { type: 'CreateForloeb', actor: as('visitator'), source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-09', ...(navn ? { navn } : {}) } },
  '2031-03-09T08:00:00Z',
];
const rename = (role: Role, navn: string): ForloebCommand => ({ type: 'RecordBorgerNavn', actor: as(role), navn, receivedAt: AT.toISOString() });
const nameOf = (s: ForloebState) => (s.status === 'empty' ? undefined : s.borgerNavn);

describe('a forløb created from the intake form', () => {
  it('records the name given beside the CPR number', () => {
    const { state, events } = applied([create('Søren Ærø Åberg')]);
    expect(nameOf(state)).toBe('Søren Ærø Åberg');
    expect(events[0]).toMatchObject({ type: 'ForloebCreated', data: { source: { navn: 'Søren Ærø Åberg' } } });
  });

  it('still reads when recorded before names were kept', () => {
    const stored = { seq: 1, type: 'ForloebCreated', data: { regelsaetId: varde.id, kommune: 'Varde', source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-09' } }, occurred_at: '2031-03-09T08:00:00Z' };
    const state = evolve(initialState(), toRecorded(stored));
    expect(state.status).toBe('open');
    expect(nameOf(state)).toBeUndefined();
  });

  it('takes the name trimmed, with single spaces, and refuses an empty one naming the field', () => {
    const source = ForloebSource.parse({ kind: 'henvisning', cpr: '0101901234', modtaget: '2031-03-09', henviser: 'laege', navn: '  Ida   Marie\tMølgaard ' });
    expect(source.navn).toBe('Ida Marie Mølgaard');
    const empty = ForloebSource.safeParse({ kind: 'henvisning', cpr: '0101901234', modtaget: '2031-03-09', henviser: 'laege', navn: '   ' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.path).toEqual(['navn']);
    expect(BorgerNavn.safeParse('x'.repeat(201)).success).toBe(false);
    // PostgreSQL's jsonb refuses NUL, so an event holding one could never be stored.
    expect(BorgerNavn.safeParse('Jens\u0000Hansen').success).toBe(false);
    expect(BorgerNavn.safeParse('Jens\u200BHansen').success).toBe(false);
  });
});

describe('when the name is entered or corrected later', () => {
  const withoutName = applied([create()]).state;

  it('the visitator who may create the forløb records it, with the actor', () => {
    const d = decideAndRecord(withoutName, rename('visitator', 'Jens Hansen'), AT, varde);
    expect(d.ok && d.events).toEqual([{ type: 'BorgerNavnRecorded', data: { navn: 'Jens Hansen' }, seq: withoutName.seq + 1, at: AT.toISOString(), actor: as('visitator') }]);
    if (d.ok) expect(nameOf(d.events.reduce(evolve, withoutName))).toBe('Jens Hansen');
  });

  it('the koordinator corrects a misspelt name, and the new one replaces it', () => {
    const { state } = applied([create('Jens Hanssen'), [rename('koordinator', 'Jens Hansen'), AT.toISOString()]]);
    expect(nameOf(state)).toBe('Jens Hansen');
  });

  it('a terapeut and a leder may not', () => {
    for (const role of ['terapeut', 'leder'] as const) {
      const d = decideAndRecord(withoutName, rename(role, 'Jens Hansen'), AT, varde);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.refusal.code).toBe('forbidden_role');
    }
  });

  it('the same name again is refused naming the field, without repeating the name', () => {
    const { state } = applied([create('Jens Hansen')]);
    const d = decideAndRecord(state, rename('visitator', 'Jens Hansen'), AT, varde);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.refusal).toMatchObject({ code: 'invalid' });
      expect(d.refusal.field).toBe('navn');
      expect(d.refusal.message).not.toContain('Hansen');
    }
  });

  it('a closed forløb is not renamed', () => {
    const { state } = applied([
      create('Jens Hansen'),
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'afslaaet', reason: 'Ikke behov' }, '2031-03-09T09:00:00Z'],
    ]);
    const d = decideAndRecord(state, rename('visitator', 'Jens Peter Hansen'), AT, varde);
    expect(!d.ok && d.refusal.code).toBe('wrong_phase');
  });
});

describe('the forms search and lists use', () => {
  it('normalises a name to Danish lower case, NFC and single spaces', () => {
    expect(normaliseNavn('  ÆBLE   Østergård ÅSE ')).toBe('æble østergård åse');
    // "å" typed as a + combining ring is the same letter as the precomposed one.
    expect(normaliseNavn('A\u030Agot')).toBe(normaliseNavn('Ågot'));
    expect(efternavnOf(normaliseNavn('Ida Marie Mølgaard'))).toBe('mølgaard');
  });

  it('masks a CPR number to its birth date: ddmmyy-xxxx', () => {
    expect(maskCpr('010190-1234')).toBe('010190-xxxx');
    expect(maskCpr('3112991234')).toBe('311299-xxxx');
    expect(maskCpr('010190-1234')).not.toContain('1234');
  });
});
