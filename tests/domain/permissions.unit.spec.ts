// permittedCommands: what a role may give now, by the gates decide checks first. The cases the web UI
// once worked out for itself and got wrong: a held start offered only after a booking, and no
// follow-up at all.
import { describe, expect, it } from 'vitest';
import { decideAndRecord, evolve, initialState, permittedCommands, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';

const sul140 = findRegelsaet('sonderborg-sul140')!;
const varde = findRegelsaet('varde-sel86-1')!;

function after(regelsaet: typeof sul140, commands: [ForloebCommand, string][]): ForloebState {
  let state: ForloebState = initialState();
  for (const [command, at] of commands) {
    const d = decideAndRecord(state, command, new Date(at), regelsaet);
    if (!d.ok) throw new Error(`${command.type}: ${d.refusal.message}`);
    state = d.events.reduce(evolve, state);
  }
  return state;
}

const plan = { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'ryg', niveau: 'basal' } as const;
const koordinator = { role: 'koordinator' as const };
const visitator = { role: 'visitator' as const };

describe('permittedCommands', () => {
  it('offers a held start in opstart before any booking, as decide accepts it', () => {
    const granted = after(sul140, [
      [{ type: 'CreateForloeb', actor: koordinator, source: plan }, '2026-11-20T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2026-11-21T09:00:00Z'],
    ]);
    expect(permittedCommands(granted, 'terapeut', sul140).HoldStart).toEqual({ allowed: true });
    const held = decideAndRecord(granted, { type: 'HoldStart', actor: { role: 'terapeut' }, heldOn: '2026-11-22' }, new Date('2026-11-22T12:00:00Z'), sul140);
    expect(held.ok).toBe(true);
  });

  it("offers the follow-up to the role its deadline names, after a grant, and says why not before", () => {
    const created = after(varde, [[{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-18' } }, '2026-11-18T09:00:00Z']]);
    expect(permittedCommands(created, 'visitator', varde).RecordFollowUp).toEqual({
      allowed: false,
      refusal: { code: 'wrong_phase', message: 'der kan først følges op efter en bevilling' },
    });
    const granted = after(varde, [
      [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-18' } }, '2026-11-18T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2026-11-19T09:00:00Z'],
    ]);
    expect(permittedCommands(granted, 'visitator', varde).RecordFollowUp).toEqual({ allowed: true });
    expect(permittedCommands(granted, 'terapeut', varde).RecordFollowUp).toMatchObject({ allowed: false, refusal: { code: 'forbidden_role' } });
  });

  it('names the choices a command leaves the role, and refuses everything once the forløb is closed', () => {
    const created = after(varde, [[{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-18' } }, '2026-11-18T09:00:00Z']]);
    const visitation = permittedCommands(created, 'visitator', varde).RecordVisitation;
    expect(visitation.allowed && visitation.choices).toEqual(varde.indsatser.filter((i) => (i.visitation ?? 'visitator') === 'visitator').map((i) => i.id));
    const refused = after(varde, [
      [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2026-11-18' } }, '2026-11-18T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: visitator, decision: 'afslaaet', reason: 'Udenfor målgruppen' }, '2026-11-19T09:00:00Z'],
    ]);
    for (const permission of Object.values(permittedCommands(refused, 'visitator', varde))) {
      expect(permission).toEqual({ allowed: false, refusal: { code: 'wrong_phase', message: 'forløbet er lukket' } });
    }
  });
});
