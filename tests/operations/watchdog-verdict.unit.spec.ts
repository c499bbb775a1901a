// The watchdog's pure rules: what a describe and a replay say, where a reset goes back to, what it
// keeps, and which rebuilt notice is which one people already had.
import { describe, expect, it } from 'vitest';
import { classify, keptSeq, lastReplayingTask, matchNotices, resetCanHelp, type ReplayOutcome } from '../../activities/watchdog/verdict';

const replays: ReplayOutcome = { ok: true };
const nondeterministic: ReplayOutcome = { ok: false, errorName: 'DeterminismViolationError', message: 'Activity machine does not handle this event: TimerStarted' };

describe('classify', () => {
  it('resets a history that no longer replays with the deployed code', () => {
    const v = classify({ attempt: 4, reported: ['category=WorkflowTaskFailed', 'cause=WorkflowTaskFailedCauseNonDeterministicError'] }, nondeterministic);
    expect(v).toMatchObject({ kind: 'ikke_deterministisk', reset: true });
    expect(v!.detail).toContain('TimerStarted');
    expect(v!.detail).toContain('opgaveforsøg 4');
  });

  it.each([
    'Nondeterminism error: x',
    'Replay failed due to internal SDK issue. Code: FATAL, Details: Fatal error in workflow machines: TimerMachine in state StartCommandCreated says the transition is invalid during event EventInfo { event_id: 14, event_type: TimerCanceled }',
    'Activity machine does not handle this event: TimerStarted',
  ])('recognises a history that does not fit the code when the SDK core reports it as a fatal replay error: %s', (message) => {
    expect(classify({ attempt: 3, reported: [] }, { ok: false, errorName: 'ReplayError', message })?.kind).toBe('ikke_deterministisk');
  });

  it('takes no action on tasks that only time out on a history that replays: capacity', () => {
    expect(classify({ attempt: 5, reported: ['category=WorkflowTaskTimedOut'] }, replays)).toMatchObject({ kind: 'timeout', reset: false });
    expect(classify({ attempt: 3, reported: [] }, replays)).toMatchObject({ kind: 'timeout', reset: false });
  });

  it('leaves a task that fails on a history that replays, or a replay failing otherwise, to a person', () => {
    expect(classify({ attempt: 3, reported: ['category=WorkflowTaskFailed'] }, replays)).toMatchObject({ kind: 'opgave_fejler', reset: false });
    expect(classify({ attempt: 3, reported: [] }, { ok: false, errorName: 'Error', message: 'boom' })).toMatchObject({ kind: 'opgave_fejler', reset: false });
  });

  it('finds nothing when the attribute was stale and the task is not retried', () => {
    expect(classify({ attempt: 1, reported: [] }, replays)).toBeNull();
  });

  it('keeps the detail short', () => {
    expect(classify({ attempt: 3, reported: [] }, { ...nondeterministic, message: 'x'.repeat(5000) } as ReplayOutcome)!.detail.length).toBeLessThanOrEqual(501);
  });
});

describe('lastReplayingTask', () => {
  const completed = [4, 10, 17, 25, 31, 40, 52];
  it.each([0, 1, 3, 6, 7])('finds the last replaying task when the first %i prefixes replay, with few replays', async (good) => {
    const asked: number[] = [];
    const found = await lastReplayingTask(completed, async (id) => {
      asked.push(id);
      return completed.indexOf(id) < good;
    });
    expect(found).toBe(good === 0 ? undefined : completed[good - 1]);
    expect(asked.length).toBeLessThanOrEqual(Math.ceil(Math.log2(completed.length + 1)));
  });
});

describe('resetCanHelp', () => {
  it('resets a run never reset, or one that went on past its last reset point', () => {
    expect(resetCanHelp(17, undefined)).toBe(true);
    expect(resetCanHelp(25, 18)).toBe(true);
  });
  it('gives up when the code failed on the task the last reset gave it to decide again', () => {
    expect(resetCanHelp(10, 18)).toBe(false);
  });
});

describe('keptSeq', () => {
  it('keeps the events delivered before the reset point and what the run started from', () => {
    const deliveries = [
      { eventId: 5, seqs: [1, 2, 3] },
      { eventId: 11, seqs: [4, 5] },
      { eventId: 18, seqs: [6] },
    ];
    expect(keptSeq(0, deliveries, 17)).toBe(5);
    expect(keptSeq(0, deliveries, 4)).toBe(0);
    expect(keptSeq(40, deliveries, 4)).toBe(40);
    expect(keptSeq(0, deliveries, 100)).toBe(6);
  });
});

describe('matchNotices', () => {
  const n = (id: number, seq: number, rolle = 'koordinator', deadline = 'visitation', level = 1, kind = 'paamindelse') => ({ id, seq, rolle, kind, deadline, level });
  it('keeps a notice of a surviving event and gives a re-decided reminder the notice people had', () => {
    const saved = [n(1, 3), n(2, 5, 'leder', 'visitation', 1, 'eskalering'), n(3, 6, 'koordinator', 'opstart')];
    // After the repair: seq 3 survives; the escalation was decided again as seq 7; the opstart reminder was not sent again.
    const rebuilt = [n(101, 3), n(102, 7, 'leder', 'visitation', 1, 'eskalering')];
    expect(matchNotices(saved, rebuilt)).toEqual([
      [101, saved[0]],
      [102, saved[1]],
    ]);
  });

  it('does not hand one saved row to two rebuilt ones, nor match another role or deadline', () => {
    const saved = [n(1, 3)];
    expect(matchNotices(saved, [n(101, 4), n(102, 5)])).toEqual([[101, saved[0]]]);
    expect(matchNotices(saved, [n(101, 4, 'leder'), n(102, 5, 'koordinator', 'opstart')])).toEqual([]);
  });

  it('gives a piece of work re-decided at another level the row people had', () => {
    const saved = [n(1, 5, 'leder', 'opstart', 1, 'eskalering')];
    expect(matchNotices(saved, [n(101, 7, 'leder', 'opstart', 8, 'eskalering')])).toEqual([[101, saved[0]]]);
  });
});
