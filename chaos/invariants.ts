// The invariants checked after a chaos run, once every fault has stopped and the read model has
// caught up with the workflows. Each invariant is a pure function of what was gathered (the clients'
// records, the event log, the workflows' state and histories, what the API answered) that returns
// the lines of its breaches: empty means it holds. tests/chaos/ feeds them injected breaches. The
// async functions below gather the inputs from PostgreSQL and Temporal.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { appendAndProject, rebuildReadModel } from '../activities/projection';
import { READ_TABLES } from '../activities/projection/rebuild';
import { toRecorded, type StoredEvent } from '../activities/projection/fold';
import { dueNotices, escalationAt, ruleFor, type DeadlineState, type ForloebState } from '../domain/forloeb';
import type { Regelsaet } from '../domain/regelsaet';
import { copenhagenInstant } from '../domain/calendar';
import { subtractPeriod } from '../domain/regelsaet/period';
import { reconcile, type ReconcileClient } from '../scripts/reconcile';
import { forloebWorkflowId, getForloebQuery, type ForloebSnapshot } from '../workflows/forloeb.messages';
import type { ForloebRecord } from './clients';
import { sleep } from './processes';

export type EventRow = { forloeb_id: string; seq: number; type: string; data: Record<string, unknown>; occurred_at: string };

/** Events no command answer names: written at creation or by the workflow's own clock. */
const UNANSWERED_TYPES = new Set(['ForloebCreated', 'DeadlineOpened', 'ReminderSent', 'DeadlineEscalated', 'DeadlineLapsed']);

// ---------------------------------------------------------------------------------------------
// 1. Commands: every command answered 2xx is in the workflow and in forloeb_events exactly once.

export type CommandFigures = { accepted: number; lost: number; duplicated: number };

/**
 * One forløb: the events each accepted answer named are stored once, at their seq, with their type;
 * the log runs 1..n with n the workflow's seq; no event from a command belongs to no accepted answer
 * (a command applied twice, or applied without a 2xx); the workflow's counts equal what was accepted.
 */
export function commandBreaches(rec: ForloebRecord, log: readonly EventRow[], state: ForloebState): { lines: string[]; figures: CommandFigures } {
  const lines: string[] = [];
  const figures: CommandFigures = { accepted: 0, lost: 0, duplicated: 0 };
  log.forEach((e, i) => {
    if (e.seq !== i + 1) lines.push(`${rec.id}: forloeb_events seq ${e.seq} at position ${i + 1} (gap or disorder)`);
  });
  if (state.seq !== log.length) lines.push(`${rec.id}: workflow seq ${state.seq} but ${log.length} events stored`);
  const bySeq = new Map(log.map((e) => [e.seq, e]));
  const answered = new Set<number>();
  for (const a of rec.accepted) {
    figures.accepted++;
    let lost = false;
    for (const e of a.events) {
      if (answered.has(e.seq)) lines.push(`${rec.id}: seq ${e.seq} named by two accepted answers`);
      answered.add(e.seq);
      const stored = bySeq.get(e.seq);
      if (!stored || stored.type !== e.type) {
        lost = true;
        lines.push(`${rec.id}: accepted ${a.command} answered ${e.type}@${e.seq}, stored ${stored ? `${stored.type}@${stored.seq}` : 'nothing'}`);
      }
    }
    if (a.events.length === 0) lines.push(`${rec.id}: accepted ${a.command} named no event`);
    if (lost) figures.lost++;
  }
  const extra = log.filter((e) => !answered.has(e.seq) && !UNANSWERED_TYPES.has(e.type));
  for (const e of extra) lines.push(`${rec.id}: stored ${e.type}@${e.seq} belongs to no accepted answer (applied twice, or applied but not answered 2xx)`);
  figures.duplicated += extra.length;
  if (log.filter((e) => e.type === 'ForloebCreated').length !== 1) lines.push(`${rec.id}: ${log.filter((e) => e.type === 'ForloebCreated').length} ForloebCreated events`);
  if (state.status === 'empty') {
    lines.push(`${rec.id}: workflow state is empty`);
    return { lines, figures };
  }
  const s = rec.sessions;
  const want = { held: s.gennemfoert ?? 0, noShows: s.udeblevet ?? 0, citizenCancellations: s.aflyst_af_borger ?? 0, unitCancellations: s.aflyst_af_enheden ?? 0 };
  for (const [k, v] of Object.entries(want)) {
    const got = state.counts[k as keyof typeof want];
    if (got !== v) lines.push(`${rec.id}: workflow counts.${k} = ${got}, client had ${v} accepted`);
  }
  const sessionEvents = log.filter((e) => e.type === 'SessionRecorded').length;
  const sessionsAccepted = Object.values(s).reduce((a, b) => a + b, 0);
  if (sessionEvents !== sessionsAccepted) lines.push(`${rec.id}: ${sessionEvents} SessionRecorded events, client had ${sessionsAccepted} sessions accepted`);
  const extensions = rec.accepted.filter((a) => a.command === 'forlaengelse').length;
  if (state.extensions.length !== extensions) lines.push(`${rec.id}: workflow has ${state.extensions.length} extension requests, client had ${extensions} accepted`);
  if (rec.completed && state.status !== 'closed') lines.push(`${rec.id}: closing was accepted but the workflow state is ${state.status}`);
  return { lines, figures };
}

/** Forløb the system holds that no client was answered 201 for (a create applied twice). */
export function orphanBreaches(known: ReadonlySet<string>, logged: readonly string[], workflows: readonly { id: string; status: string }[]): string[] {
  return [
    ...logged.filter((id) => !known.has(id)).map((id) => `${id}: in forloeb_events but no client was answered 201 for it`),
    ...workflows.filter((w) => !known.has(w.id)).map((w) => `${w.id}: workflow (${w.status}) that no client was answered 201 for`),
  ];
}

// ---------------------------------------------------------------------------------------------
// 2. The read model equals a rebuild from the event log.

export type TableRows = Map<string, string[]>;

export function diffTables(before: TableRows, after: TableRows, what: string): string[] {
  const lines: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = new Set(before.get(table) ?? []);
    const b = new Set(after.get(table) ?? []);
    const gone = [...a].filter((r) => !b.has(r));
    const added = [...b].filter((r) => !a.has(r));
    const count = (rows: string[] | undefined) => rows?.length ?? 0;
    if (gone.length || added.length || count(before.get(table)) !== count(after.get(table))) {
      lines.push(`${what}: ${table} differs (${gone.length} rows only before, ${added.length} only after, ${count(before.get(table))} vs ${count(after.get(table))} rows)`);
      for (const r of gone.slice(0, 3)) lines.push(`  before: ${r}`);
      for (const r of added.slice(0, 3)) lines.push(`  after:  ${r}`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// 3. Every reminder and escalation whose moment has passed fired once per step, and is in the inbox once.

export type NoticeFigures = { due: number; fired: number; inboxRows: number; firedLate: number; maxLateMs: number };

/** When a notice of this deadline should have been sent: reminder `index` or escalation `level`. */
function scheduledMoment(d: DeadlineState, regelsaet: Regelsaet, kind: 'ReminderSent' | 'DeadlineEscalated', step: number): Date | undefined {
  const rule = ruleFor(regelsaet, d.type);
  if (!rule) return undefined;
  if (kind === 'DeadlineEscalated') return escalationAt(d, rule, regelsaet, step)?.at;
  const moments = rule.reminders
    .map((r) => copenhagenInstant(subtractPeriod(d.dueDate, r.before, regelsaet.closedDays), regelsaet.noticeTime))
    .sort((a, b) => a.getTime() - b.getTime());
  return moments[step];
}

/**
 * One forløb. `inbox` counts paamindelser rows by "deadline|rolle", and the open ones among them by
 * "deadline|rolle|open" (the inbox holds one row per piece of work: a deadline's notices to a role
 * share it). A step fired twice, a notice fired before its moment, a notice with no row in the
 * inbox, a deadline open twice for one role, a due step that never fired,
 * or workflow counters that disagree with the log are breaches. Of repeats that fell due together
 * (the workflow was down for days) only the latest is sent, by design: a later repeat covers them.
 */
export function noticeBreaches(
  id: string,
  log: readonly EventRow[],
  state: ForloebState,
  regelsaet: Regelsaet,
  inbox: ReadonlyMap<string, number>,
  now: Date,
): { lines: string[]; figures: NoticeFigures } {
  const lines: string[] = [];
  const figures: NoticeFigures = { due: 0, fired: 0, inboxRows: 0, firedLate: 0, maxLateMs: 0 };
  if (state.status === 'empty') return { lines, figures };
  const closedAt = log.find((e) => e.type === 'ForloebClosed')?.occurred_at;
  const notices = log.filter((e) => e.type === 'ReminderSent' || e.type === 'DeadlineEscalated');
  const seen = new Map<string, number>();
  for (const e of notices) {
    const step = e.type === 'ReminderSent' ? Number(e.data.index) : Number(e.data.level);
    const key = `${String(e.data.deadline)} ${e.type === 'ReminderSent' ? 'reminder' : 'escalation'} ${step}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    figures.fired++;
    for (const rolle of (e.data.to as string[] | undefined) ?? []) {
      const n = inbox.get(`${String(e.data.deadline)}|${rolle}`) ?? 0;
      if (n > 0) figures.inboxRows++;
      else lines.push(`${id}: ${e.type}@${e.seq} to ${rolle} is in paamindelser 0 times`);
    }
    // Never before its moment, and at the moment the rules give.
    const d = state.deadlines[e.data.deadline as DeadlineState['type']];
    const expected = d && scheduledMoment(d, regelsaet, e.type as 'ReminderSent', step);
    const firedAt = Date.parse(e.occurred_at);
    if (!expected) lines.push(`${id}: ${key} fired, but the rules have no such step`);
    else {
      if (String(e.data.scheduledAt) !== expected.toISOString()) lines.push(`${id}: ${key} scheduled ${String(e.data.scheduledAt)}, the rules say ${expected.toISOString()}`);
      if (firedAt < expected.getTime()) lines.push(`${id}: ${key} fired at ${e.occurred_at}, before its moment ${expected.toISOString()}`);
      else if (firedAt > expected.getTime() + 1000) {
        // Fired by a tick that came later than its moment: the workflow was created after it (catch-up) or woke late.
        figures.firedLate++;
      }
    }
  }
  for (const [step, n] of seen) if (n > 1) lines.push(`${id}: ${step} fired ${n} times`);
  for (const d of Object.values(state.deadlines) as DeadlineState[]) {
    const rule = ruleFor(regelsaet, d.type);
    if (!rule) continue;
    const mine = notices.filter((e) => e.data.deadline === d.type);
    const reminders = new Set(mine.filter((e) => e.type === 'ReminderSent').map((e) => Number(e.data.index)));
    const levels = mine.filter((e) => e.type === 'DeadlineEscalated').map((e) => Number(e.data.level));
    if (d.remindersSent !== reminders.size) lines.push(`${id}: ${d.type} remindersSent ${d.remindersSent} in the workflow, ${reminders.size} ReminderSent stored`);
    const maxLevel = levels.length ? Math.max(...levels) + 1 : 0;
    if (d.escalationsSent !== maxLevel) lines.push(`${id}: ${d.type} escalationsSent ${d.escalationsSent} in the workflow, highest DeadlineEscalated level + 1 = ${maxLevel}`);
    // Due: every notice whose moment passed while the deadline was open (until met, lapsed, closed or now).
    const endedAt = [
      log.find((e) => e.type === 'DeadlineMet' && e.data.deadline === d.type)?.occurred_at,
      log.find((e) => e.type === 'DeadlineLapsed' && e.data.deadline === d.type)?.occurred_at,
      closedAt,
    ].filter((x): x is string => x !== undefined);
    const cutoff = endedAt.length ? new Date(Math.min(...endedAt.map((x) => Date.parse(x)))) : now;
    const fresh = { ...d, remindersSent: 0, escalationsSent: 0, met: undefined, lapsed: undefined } as DeadlineState;
    for (const n of dueNotices(fresh, rule, regelsaet, cutoff)) {
      figures.due++;
      const fired = n.kind === 'reminder' ? reminders.has(n.index) : levels.includes(n.level) || (n.level >= rule.escalation.length && levels.some((l) => l >= n.level));
      if (!fired) lines.push(`${id}: ${d.type} ${n.kind} ${n.kind === 'reminder' ? n.index : n.level} due at ${n.at.toISOString()} (open until ${cutoff.toISOString()}) never fired`);
    }
  }
  for (const [key, n] of inbox) {
    if (key.endsWith('|open') && n > 1) lines.push(`${id}: ${key.slice(0, -'|open'.length).replace('|', ' to ')} is open in paamindelser ${n} times`);
  }
  return { lines, figures };
}

// ---------------------------------------------------------------------------------------------
// 4. No workflow is stuck.

/** The parts of a history event the check reads. */
export type HistoryEvent = {
  workflowTaskFailedEventAttributes?: { failure?: { message?: string | null } | null } | null;
  workflowTaskCompletedEventAttributes?: unknown;
  workflowTaskTimedOutEventAttributes?: unknown;
  workflowTaskScheduledEventAttributes?: { attempt?: number | null } | null;
  activityTaskStartedEventAttributes?: { attempt?: number | null } | null;
};

/** maxTaskAttempt: the highest attempt of a workflow task (a task timed out or failed attempt − 1 times in a row). */
export type WorkflowFigures = { failedTasks: number; timedOutTasks: number; retriedDeliveries: number; maxTaskAttempt: number };

/**
 * One workflow: a forløb whose closing was accepted has completed (its outbox is empty); one that is
 * still open runs with no failed last workflow task, no delivery retried for ever, and no wake-up
 * moment long past.
 */
export function workflowBreaches(
  id: string,
  info: { status: string; pendingActivities: { attempt: number; lastFailure?: string }[] },
  history: readonly HistoryEvent[],
  expectCompleted: boolean,
  nextWakeUp: Date | undefined,
  now: Date,
): { lines: string[]; figures: WorkflowFigures } {
  const lines: string[] = [];
  const figures: WorkflowFigures = {
    failedTasks: history.filter((e) => e.workflowTaskFailedEventAttributes).length,
    timedOutTasks: history.filter((e) => e.workflowTaskTimedOutEventAttributes).length,
    retriedDeliveries: history.filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length,
    maxTaskAttempt: Math.max(1, ...history.map((e) => e.workflowTaskScheduledEventAttributes?.attempt ?? 1)),
  };
  if (info.status === 'COMPLETED') return { lines, figures };
  if (info.status !== 'RUNNING') {
    lines.push(`${id}: workflow ${info.status}`);
    return { lines, figures };
  }
  if (expectCompleted) lines.push(`${id}: closing was accepted, but the workflow still runs (outbox not delivered?)`);
  const lastTask = [...history]
    .reverse()
    .find((e) => e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes || e.workflowTaskScheduledEventAttributes);
  if (lastTask?.workflowTaskFailedEventAttributes) lines.push(`${id}: last workflow task failed: ${lastTask.workflowTaskFailedEventAttributes.failure?.message ?? '?'}`);
  for (const a of info.pendingActivities) if (a.attempt > 3) lines.push(`${id}: a delivery is on attempt ${a.attempt} (${a.lastFailure ?? 'no failure recorded'})`);
  if (nextWakeUp && now.getTime() - nextWakeUp.getTime() > 60_000) lines.push(`${id}: its next moment ${nextWakeUp.toISOString()} passed more than a minute ago without a tick`);
  return { lines, figures };
}

// ---------------------------------------------------------------------------------------------
// 5. The API: no 5xx but 503 with Retry-After while a dependency was down; /ready reported the outages.

export type Answered = { at: number; status: number; retryAfter: boolean; what: string };
export type Outage = { kind: 'database' | 'temporal' | 'worker'; from: number; to: number };

/**
 * How long after a dependency is back a 503 may still be answered: pools reconnect, workflow tasks
 * that waited are worked off. (For a worker crash the outage itself lasts until its workflow tasks
 * have timed out: see WORKFLOW_TASK_TIMEOUT_MS.)
 */
export const OUTAGE_GRACE_MS = 30_000;
/** Temporal's default workflow task timeout: a task the killed worker held is retried only after it. */
export const WORKFLOW_TASK_TIMEOUT_MS = 10_000;

export function apiBreaches(
  answers: readonly Answered[],
  outages: readonly Outage[],
  ready: { kind: 'database' | 'temporal'; during: ReadonlyMap<number, number> }[],
): string[] {
  const lines: string[] = [];
  for (const a of answers) {
    if (a.status < 500) continue;
    const t = new Date(a.at).toISOString();
    if (a.status !== 503) lines.push(`${t} ${a.status} ${a.what}`);
    else if (!a.retryAfter) lines.push(`${t} 503 without Retry-After ${a.what}`);
    else if (!outages.some((o) => a.at >= o.from && a.at <= o.to + OUTAGE_GRACE_MS)) lines.push(`${t} 503 ${a.what} while every dependency was up`);
  }
  for (const r of ready) {
    if (!r.during.has(503)) lines.push(`/ready never answered 503 during the ${r.kind} outage (${[...r.during].map(([s, n]) => `${s || 'no answer'}×${n}`).join(', ') || 'no probe'})`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Gathering.

export async function snapshotOf(client: Client, id: string): Promise<ForloebSnapshot> {
  return client.workflow.getHandle(forloebWorkflowId(id)).query(getForloebQuery);
}

/** Waits until every forløb's read-model last_seq equals the workflow's state.seq. Answers the laggards left at the timeout. */
export async function waitForCatchUp(pool: Pool, client: Client, ids: readonly string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...ids];
  for (;;) {
    const { rows } = await pool.query<{ id: string; last_seq: number }>('SELECT id, last_seq FROM forloeb WHERE id = ANY($1::text[])', [pending]);
    const readSeq = new Map(rows.map((r) => [r.id, r.last_seq]));
    const still: string[] = [];
    await inParallel(pending, 8, async (id) => {
      try {
        const snap = await snapshotOf(client, id);
        if (snap.state.seq !== (readSeq.get(id) ?? 0)) still.push(`${id}: workflow seq ${snap.state.seq}, read model ${readSeq.get(id) ?? 'missing'}`);
      } catch (err) {
        still.push(`${id}: query failed (${(err as Error).message})`);
      }
    });
    if (still.length === 0) return [];
    if (Date.now() > deadline) return still;
    pending = still.map((s) => s.slice(0, s.indexOf(':')));
    await sleep(1000);
  }
}

export async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

/** Every forløb's snapshot; a query that fails (a workflow that cannot replay, say) is a line in `failed`. */
export async function snapshotsOf(client: Client, ids: readonly string[]): Promise<{ snapshots: Map<string, ForloebSnapshot>; failed: string[] }> {
  const snapshots = new Map<string, ForloebSnapshot>();
  const failed: string[] = [];
  await inParallel(ids, 8, async (id) => {
    try {
      snapshots.set(id, await snapshotOf(client, id));
    } catch (err) {
      failed.push(`${id}: query failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  });
  return { snapshots, failed };
}

export async function eventsOf(pool: Pool): Promise<Map<string, EventRow[]>> {
  const { rows } = await pool.query<EventRow>(
    `SELECT forloeb_id, seq, type, data, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at
       FROM forloeb_events ORDER BY forloeb_id, seq`,
  );
  const by = new Map<string, EventRow[]>();
  for (const r of rows) {
    let list = by.get(r.forloeb_id);
    if (!list) by.set(r.forloeb_id, (list = []));
    list.push(r);
  }
  return by;
}

export async function snapshotTables(pool: Pool): Promise<TableRows> {
  const out: TableRows = new Map();
  for (const table of READ_TABLES) {
    const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t`);
    out.set(table, rows.map((r) => r.row).sort());
  }
  return out;
}

/** 2. The read model equals a rebuild from the event log, and reconciliation with the workflows finds no drift. */
export async function checkRebuildAndReconcile(
  pool: Pool,
  client: ReconcileClient,
  catalogue: readonly Regelsaet[],
): Promise<{ breaches: string[]; rebuilt: TableRows; checked: number }> {
  const before = await snapshotTables(pool);
  await rebuildReadModel(pool, { catalogue });
  const rebuilt = await snapshotTables(pool);
  const breaches = diffTables(before, rebuilt, 'rebuild');
  const result = await reconcile({ pool, client });
  breaches.push(...result.drifts.map((d) => `reconcile: ${d}`), ...result.unavailable.map((u) => `reconcile: workflow not reachable ${u}`));
  return { breaches, rebuilt, checked: result.checked };
}

/** After the run: a sample of stored events sent again through appendAndProject, one by one last first, then all reversed. */
export async function checkRedelivery(
  pool: Pool,
  events: ReadonlyMap<string, EventRow[]>,
  reference: TableRows,
  sample: number,
  catalogue: readonly Regelsaet[],
): Promise<{ breaches: string[]; resent: number }> {
  const ids = [...events.keys()].sort(() => Math.random() - 0.5).slice(0, sample);
  const countBefore = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM forloeb_events')).rows[0]!.n;
  let resent = 0;
  for (const id of ids) {
    const stored = (events.get(id) ?? []).map((e) => toRecorded(e as unknown as StoredEvent));
    const reversed = [...stored].reverse();
    for (const e of reversed) await appendAndProject(pool, id, [e], catalogue);
    await appendAndProject(pool, id, reversed, catalogue);
    resent += stored.length * 2;
  }
  const breaches = diffTables(reference, await snapshotTables(pool), 'redelivery');
  const countAfter = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM forloeb_events')).rows[0]!.n;
  if (countAfter !== countBefore) breaches.push(`redelivery: forloeb_events went from ${countBefore} to ${countAfter} rows`);
  return { breaches, resent };
}

export async function inboxCounts(pool: Pool): Promise<Map<string, Map<string, number>>> {
  const { rows } = await pool.query<{ forloeb_id: string; deadline: string; rolle: string; n: number; open: number }>(
    `SELECT forloeb_id, deadline, rolle, count(*)::int AS n, (count(*) FILTER (WHERE resolved_at IS NULL))::int AS open
       FROM paamindelser WHERE deadline NOT IN ('revurdering', 'ramme', 'terapeut') GROUP BY 1, 2, 3`,
  );
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let m = out.get(r.forloeb_id);
    if (!m) out.set(r.forloeb_id, (m = new Map()));
    m.set(`${r.deadline}|${r.rolle}`, r.n);
    m.set(`${r.deadline}|${r.rolle}|open`, r.open);
  }
  return out;
}

export async function describeWorkflow(client: Client, id: string) {
  const handle = client.workflow.getHandle(forloebWorkflowId(id));
  const d = await handle.describe();
  const full = await handle.fetchHistory();
  const history = full.events ?? [];
  const pendingActivities = (d.raw.pendingActivities ?? []).map((a) => ({
    attempt: a.attempt ?? 1,
    ...(a.lastFailure?.message ? { lastFailure: a.lastFailure.message } : {}),
  }));
  return { status: d.status.name, pendingActivities, history: history as HistoryEvent[], full };
}
