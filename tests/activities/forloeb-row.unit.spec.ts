// The forløb row's phase and status are the domain's: after every event of a lifecycle, the row folded
// by the projection says what the state folded by `evolve` says.
import { describe, expect, it } from 'vitest';
import { evolveForloebRow, type ForloebRow } from '../../activities/projection/forloeb-row';
import { caseStatusOf, evolve, initialState, lifecycleFromStored, lifecycleOf, type ForloebState, type RecordedEvent } from '../../domain/forloeb';
import { fullCourse, lateStart, plan, refused, run } from '../support/lifecycles';

const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };

/** Trained, sent to status, extended by a note (back to training), ended and closed. */
const extended = () =>
  run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan('2031-03-03') }, '2031-03-03T09:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-03-04T09:00:00Z'],
    [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-10' }, '2031-03-10T12:00:00Z'],
    [{ type: 'RecordStatus', actor: terapeut, note: 'Fremgang' }, '2031-03-11T12:00:00Z'],
    [{ type: 'RequestExtension', actor: terapeut, kind: 'notat', amount: 2, reason: 'Mål' }, '2031-03-12T12:00:00Z'],
    [{ type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: '2031-03-13' }, '2031-03-13T12:00:00Z'],
    [{ type: 'CloseForloeb', actor: terapeut }, '2031-03-13T12:05:00Z'],
  ]);

describe('the forløb row follows the domain lifecycle', () => {
  it.each([
    ['late start', lateStart],
    ['whole course', fullCourse],
    ['refusal', refused],
    ['status and extension', extended],
  ])('%s: phase and status after every event', (_name, make) => {
    const { events } = make();
    let state: ForloebState = initialState();
    let row: ForloebRow | null = null;
    const phases = new Set<string>();
    for (const event of events as RecordedEvent[]) {
      state = evolve(state, event);
      row = evolveForloebRow(row, event, 'forloeb-00000000-0000-0000-0000-000000000001');
      if (state.status === 'empty' || !row) throw new Error('not created');
      expect(row.phase, event.type).toBe(state.phase);
      expect(caseStatusOf(lifecycleFromStored(row.phase, row.status)), event.type).toBe(caseStatusOf(lifecycleOf(state)));
      phases.add(row.phase);
    }
    expect(phases.size).toBeGreaterThan(1);
  });
});
