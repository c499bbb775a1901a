// A command is decided at the instant it carries (when the API received it), not at the moment the
// workflow happens to handle it: a command re-applied later (a retried or repaired workflow task)
// gets the same decision. Every event a command causes records its actor; the clock's notices none.
import { describe, expect, it } from 'vitest';
import { decide, decideAndRecord, evolve, initialState, instantOf, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';

const regelsaet = findRegelsaet('varde-sel86-1')!;
const visitator = { role: 'visitator' as const, userId: 'visitator-3' };
const RECEIVED = '2031-03-10T09:00:00.000Z';
const LATER = new Date('2031-03-17T12:00:00Z'); // a week later: a repaired workflow re-applies the Update

function applied(steps: [ForloebCommand, string][]): ForloebState {
  return steps.reduce<ForloebState>((s, [c, at]) => {
    const d = decideAndRecord(s, c, new Date(at), regelsaet);
    if (!d.ok) throw new Error(d.refusal.message);
    return d.events.reduce(evolve, s);
  }, initialState());
}
const created = applied([[{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-09' } }, '2031-03-09T08:00:00Z']]);

describe('a command with its instant', () => {
  it('is decided at that instant whatever the clock says', () => {
    const command: ForloebCommand = { type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb', receivedAt: RECEIVED };
    const first = decide(created, command, new Date(RECEIVED), regelsaet);
    const again = decide(created, command, LATER, regelsaet);
    expect(again).toEqual(first);
    // The decision date, and the start deadline that counts from it, follow the command's instant.
    expect(first.ok && first.events[0]).toMatchObject({ type: 'VisitationRecorded', data: { decidedOn: '2031-03-10' } });
    expect(instantOf(command, LATER).toISOString()).toBe(RECEIVED);
  });

  it('is refused again later for a date that lay in the future when it was received', () => {
    // Without its instant, a week later the start date would no longer lie in the future.
    const state = applied([
      [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-09' } }, '2031-03-09T08:00:00Z'],
      [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, RECEIVED],
    ]);
    const hold: ForloebCommand = { type: 'HoldStart', actor: { role: 'terapeut', userId: 't-1' }, heldOn: '2031-03-12', receivedAt: RECEIVED };
    const refused = decide(state, hold, LATER, regelsaet);
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
    // The same command without an instant is decided at the clock's moment, and then accepted.
    const { receivedAt: _, ...withoutInstant } = hold;
    expect(decide(state, withoutInstant, LATER, regelsaet).ok).toBe(true);
  });

  it('records its events at its instant, with its actor', () => {
    const command: ForloebCommand = { type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb', receivedAt: RECEIVED };
    const d = decideAndRecord(created, command, LATER, regelsaet);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.events.length).toBeGreaterThan(1); // the visitation and the deadline facts it causes
    for (const e of d.events) expect(e).toMatchObject({ at: RECEIVED, actor: visitator });
    expect(d.events.map((e) => e.seq)).toEqual(d.events.map((_, i) => created.seq + i + 1));
  });

  it('leaves the clock’s notices without an actor', () => {
    const visited = applied([
      [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-09' } }, '2031-03-09T08:00:00Z'],
      [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, RECEIVED],
    ]);
    // Months later the start deadline has passed: its reminders and escalations fall due.
    const t = decideAndRecord(visited, { type: 'Tick' }, new Date('2031-06-01T08:00:00Z'), regelsaet);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.events.length).toBeGreaterThan(0);
    for (const e of t.events) expect(e.actor).toBeUndefined();
  });
});

describe('the spread of notice moments across forløb', () => {
  it('is fixed per forløb, within 0–45 s, and spreads a thousand forløb over the window', async () => {
    const { noticeSpreadMs, NOTICE_SPREAD_MS } = await import('../../domain/forloeb');
    const ids = Array.from({ length: 1000 }, (_, i) => `forloeb-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const spreads = ids.map(noticeSpreadMs);
    expect(ids.map(noticeSpreadMs)).toEqual(spreads);
    for (const s of spreads) expect(s >= 0 && s < NOTICE_SPREAD_MS).toBe(true);
    // Every 5-second slice of the window gets some, none gets more than a fifth.
    const slices = new Array(NOTICE_SPREAD_MS / 5000).fill(0);
    for (const s of spreads) slices[Math.floor(s / 5000)]++;
    for (const n of slices) expect(n).toBeGreaterThan(0);
    expect(Math.max(...slices)).toBeLessThan(200);
  });
});
