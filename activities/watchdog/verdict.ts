// The watchdog's rules, pure: what a suspect forløb's describe and replay say is wrong with it, which
// workflow task a reset goes back to, which stored events a reset discards, and which inbox notices
// of a rebuilt forløb are the ones people already had. activities/watchdog/examine.ts does the I/O.

export type FindingKind = 'ikke_deterministisk' | 'timeout' | 'opgave_fejler' | 'frist_uden_tick';
export type RepairOutcome = 'ingen' | 'repareret' | 'mislykket';

/** What describe says about the workflow task: its attempt and the server's TemporalReportedProblems. */
export type TaskProblems = { attempt: number; reported: readonly string[] };

/** The replay of the whole history against the deployed workflow bundle. */
export type ReplayOutcome = { ok: true } | { ok: false; errorName: string; message: string };

export type Verdict = { kind: FindingKind; reset: boolean; detail: string };

/** A workflow task tried this often in a row is a problem (the server's attribute uses the same count). */
export const SUSPECT_ATTEMPT = 3;
const MAX_DETAIL = 500;

/**
 * A history the deployed code does not replay. Besides a DeterminismViolationError, the SDK core
 * reports commands that do not fit the recorded events as a fatal error of its state machines ("…
 * does not handle this event: TimerStarted", "TimerMachine … says the transition is invalid"): the
 * same condition, found one step later, and what stopped a forløb in the long chaos run.
 */
const MISMATCH = /nondetermin|Fatal error in workflow machines|does not handle this event|transition is invalid/i;

export const isNondeterminism = (r: ReplayOutcome): boolean => !r.ok && (r.errorName === 'DeterminismViolationError' || MISMATCH.test(r.message));

/**
 * What is wrong, or null when nothing is (the attribute was stale). Only a history that no longer
 * replays with the deployed code is reset: a reset is the one repair that changes what a forløb did,
 * and it helps only there. Timed-out tasks on a history that replays are a capacity problem; a task
 * that fails on a history that replays (a worker with other code, an exception) needs a person.
 */
export function classify(problems: TaskProblems, replay: ReplayOutcome): Verdict | null {
  const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}…` : s);
  const tried = `opgaveforsøg ${problems.attempt}${problems.reported.length ? ` (${problems.reported.join(', ')})` : ''}`;
  if (!replay.ok) {
    if (isNondeterminism(replay)) {
      return { kind: 'ikke_deterministisk', reset: true, detail: clip(`Historikken kan ikke genafspilles med den udrullede kode; ${tried}: ${replay.message}`) };
    }
    return { kind: 'opgave_fejler', reset: false, detail: clip(`Genafspilning fejler med ${replay.errorName}; ${tried}: ${replay.message}`) };
  }
  const failed = problems.reported.some((p) => /WorkflowTaskFailed/i.test(p));
  const timedOut = problems.reported.some((p) => /WorkflowTaskTimedOut/i.test(p));
  if (failed) return { kind: 'opgave_fejler', reset: false, detail: clip(`Workflow-opgaven fejler, men historikken kan genafspilles; ${tried}`) };
  if (timedOut || problems.attempt >= SUSPECT_ATTEMPT) {
    return { kind: 'timeout', reset: false, detail: clip(`Workflow-opgaven når ikke at blive udført (kapacitet); historikken kan genafspilles; ${tried}`) };
  }
  return null;
}

/**
 * The last WorkflowTaskCompleted event (by id, ascending in `completed`) whose history prefix still
 * replays, by binary search: a prefix that fails makes every longer one fail, so the predicate is
 * monotone. A prefix ending at a task's completion checks the commands of every earlier task, not
 * that task's own, so resetting to it re-runs exactly the first task whose commands no longer match.
 * Undefined when not even the first task's prefix replays.
 */
export async function lastReplayingTask(completed: readonly number[], replays: (eventId: number) => Promise<boolean>): Promise<number | undefined> {
  let lo = 0;
  let hi = completed.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (await replays(completed[mid]!)) {
      found = completed[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Whether a reset to `resetTo` can help. A run that a reset made marks the reset point with a failed
 * workflow task (cause ResetWorkflow); if the last task that replays lies before that mark, the
 * deployed code failed on the very task the reset gave it to decide again, and another reset would
 * only repeat that every minute. Then a person must look.
 */
export const resetCanHelp = (resetTo: number, lastResetMark: number | undefined): boolean => lastResetMark === undefined || resetTo > lastResetMark;

/** The events a publishEvents activity was scheduled with, at the id of its ActivityTaskScheduled event. */
export type ScheduledDelivery = { eventId: number; seqs: readonly number[] };

/**
 * The last sequence number the kept part of the history decided: a reset to `resetEventId` keeps the
 * deliveries scheduled before it (and the state the run started with); every stored event after this
 * one was decided by a workflow task the reset discards.
 */
export function keptSeq(startSeq: number, deliveries: readonly ScheduledDelivery[], resetEventId: number): number {
  let kept = startSeq;
  for (const d of deliveries) if (d.eventId < resetEventId) for (const s of d.seqs) kept = Math.max(kept, s);
  return kept;
}

export type NoticeIdentity = { seq: number; rolle: string; kind: string; deadline: string; level: number };
export type SavedNotice = NoticeIdentity & { id: number };
export type RebuiltNotice = NoticeIdentity & { id: number };

/**
 * Which rebuilt inbox row is which saved one, so people keep their row ids and what they did with
 * them. A row is a piece of work: a role and a deadline (or task). First the row made by the same
 * event (sequence number and role) for the same piece; then a row made by a superseded event is the
 * re-decided row of the same role and deadline: the same work sent again after a repair, which a
 * person must not see twice. Its acknowledgement stands unless the re-decided row reached a higher
 * level. Answers [rebuilt id, saved].
 */
export function matchNotices<S extends SavedNotice>(saved: readonly S[], rebuilt: readonly RebuiltNotice[]): [number, S][] {
  const same = (a: NoticeIdentity, b: NoticeIdentity) => a.rolle === b.rolle && a.deadline === b.deadline;
  const pairs: [number, S][] = [];
  const usedSaved = new Set<number>();
  const usedRebuilt = new Set<number>();
  for (const r of rebuilt) {
    const s = saved.find((x) => !usedSaved.has(x.id) && x.seq === r.seq && same(x, r));
    if (s) {
      pairs.push([r.id, s]);
      usedSaved.add(s.id);
      usedRebuilt.add(r.id);
    }
  }
  for (const r of [...rebuilt].sort((a, b) => a.seq - b.seq)) {
    if (usedRebuilt.has(r.id)) continue;
    const s = [...saved].sort((a, b) => a.seq - b.seq).find((x) => !usedSaved.has(x.id) && same(x, r));
    if (s) {
      pairs.push([r.id, s]);
      usedSaved.add(s.id);
      usedRebuilt.add(r.id);
    }
  }
  return pairs;
}
