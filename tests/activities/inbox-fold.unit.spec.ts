// The inbox's pure fold (activities/projection/paamindelser.ts) without a database: each role gets
// one row per piece of work, a notice ranking lower than the row's current one leaves it as it is,
// a role named twice in a notice gets one row, and once the work is done a later notice of the same
// deadline starts a new row.
import { describe, expect, it } from 'vitest';
import { emptyProjection, projectEvent, type ForloebProjection } from '../../activities/projection/fold';
import type { PaamindelseRow } from '../../activities/projection/paamindelser';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import type { RecordedEvent } from '../../domain/forloeb';
import { plan, run } from '../support/lifecycles';

const ID = 'forloeb-00000000-0000-0000-0000-00000000f01d';
const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
const fold = (events: readonly RecordedEvent[], from: ForloebProjection = emptyProjection()) =>
  events.reduce((state, e) => projectEvent(state, e, ID, BUILT_IN_REGELSAET), from);
const rows = (p: ForloebProjection) =>
  [...p.paamindelser.values()].map((r: PaamindelseRow) => `${r.rolle} ${r.deadline} ${r.kind} ${r.level} ${r.resolvedAt === null ? 'open' : 'resolved'}`);

describe('the inbox fold', () => {
  const backfilled = run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan('2030-12-18') }, '2030-12-18T10:00:00Z'],
    [{ type: 'Tick' }, '2031-01-20T10:00:00Z'],
  ]).events;

  it('keeps one row per role and deadline, at the highest notice, made by the first', () => {
    const state = fold(backfilled);
    expect(rows(state)).toEqual(['koordinator opstart eskalering 0 open', 'leder opstart eskalering 8 open']);
    const firstNotice = backfilled.find((e) => e.type === 'ReminderSent')!;
    expect([...state.paamindelser.values()][0]!.seq).toBe(firstNotice.seq);
  });

  it('ignores a lower notice, and gives a role named twice one row', () => {
    const last = backfilled.at(-1)!;
    const lower: RecordedEvent = {
      seq: last.seq + 1,
      at: '2031-01-21T07:00:00.000Z',
      type: 'ReminderSent',
      data: { deadline: 'opstart', index: 0, to: ['leder', 'leder'], dueDate: '2030-12-25', scheduledAt: '2031-01-21T07:00:00.000Z' },
    } as RecordedEvent;
    const before = fold(backfilled);
    const after = fold([lower], before);
    expect(rows(after)).toEqual(rows(before));
    expect(after.paamindelser).toBe(before.paamindelser);
  });

  it('starts a new row for a notice after the work was done', () => {
    const last = backfilled.at(-1)!;
    const met: RecordedEvent = { seq: last.seq + 1, at: '2031-01-21T09:00:00.000Z', type: 'DeadlineMet', data: { deadline: 'opstart', dueDate: '2030-12-25', metOn: '2031-01-21', inTime: false } } as RecordedEvent;
    const again: RecordedEvent = {
      seq: last.seq + 2,
      at: '2031-01-22T07:00:00.000Z',
      type: 'DeadlineEscalated',
      data: { deadline: 'opstart', level: 9, to: ['leder'], dueDate: '2030-12-25', scheduledAt: '2031-01-22T07:00:00.000Z' },
    } as RecordedEvent;
    expect(rows(fold([...backfilled, met, again]))).toEqual([
      'koordinator opstart eskalering 0 resolved',
      'leder opstart eskalering 8 resolved',
      'leder opstart eskalering 9 open',
    ]);
  });
});
