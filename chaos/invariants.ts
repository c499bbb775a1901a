// The invariants checked after a chaos run, once every fault has stopped and the read model has
// caught up with the workflows. Each check returns the lines of its breaches (empty: it holds).
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { appendAndProject, rebuildReadModel } from '../activities/projection';
import { READ_TABLES } from '../activities/projection/rebuild';
import { toRecorded, type StoredEvent } from '../activities/projection/fold';
import { dueNotices, ruleFor, type DeadlineState } from '../domain/forloeb';
import { findRegelsaet } from '../domain/regelsaet';
import { reconcile } from '../scripts/reconcile';
import { forloebWorkflowId, getForloebQuery, type ForloebSnapshot } from '../workflows/forloeb.messages';
import type { ForloebRecord } from './clients';
import { sleep } from './processes';

type EventRow = { forloeb_id: string; seq: number; type: string; data: Record<string, unknown>; occurred_at: string };

/** Events no command answer names: written at creation or by the workflow's own clock. */
const UNANSWERED_TYPES = new Set(['ForloebCreated', 'DeadlineOpened', 'ReminderSent', 'DeadlineEscalated', 'DeadlineLapsed']);

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
    for (const id of pending) {
      try {
        const snap = await snapshotOf(client, id);
        if (snap.state.seq !== (readSeq.get(id) ?? 0)) still.push(`${id}: workflow seq ${snap.state.seq}, read model ${readSeq.get(id) ?? 'missing'}`);
      } catch (err) {
        still.push(`${id}: query failed (${(err as Error).message})`);
      }
    }
    if (still.length === 0) return [];
    if (Date.now() > deadline) return still;
    pending = still.map((s) => s.slice(0, s.indexOf(':')));
    await sleep(1000);
  }
}

async function eventsOf(pool: Pool): Promise<Map<string, EventRow[]>> {
  const { rows } = await pool.query<EventRow>(
    `SELECT forloeb_id, seq, type, data, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at
       FROM forloeb_events ORDER BY forloeb_id, seq`,
  );
  const by = new Map<string, EventRow[]>();
  for (const r of rows) by.set(r.forloeb_id, [...(by.get(r.forloeb_id) ?? []), r]);
  return by;
}

export type CommandFigures = { accepted: number; lost: number; duplicated: number };

/** 1. Every accepted command is in the workflow state and in forloeb_events exactly once; sequences have no gaps. */
export async function checkCommands(pool: Pool, client: Client, records: readonly ForloebRecord[]): Promise<{ breaches: string[]; figures: CommandFigures }> {
  const breaches: string[] = [];
  const figures: CommandFigures = { accepted: 0, lost: 0, duplicated: 0 };
  const events = await eventsOf(pool);
  for (const rec of records) {
    const log = events.get(rec.id) ?? [];
    const snap = await snapshotOf(client, rec.id);
    const state = snap.state;
    // No gaps: 1..n, and n is the workflow's seq.
    log.forEach((e, i) => {
      if (e.seq !== i + 1) breaches.push(`${rec.id}: forloeb_events seq ${e.seq} at position ${i + 1} (gap or disorder)`);
    });
    if (state.seq !== log.length) breaches.push(`${rec.id}: workflow seq ${state.seq} but ${log.length} events stored`);
    // Every event an accepted answer named is stored once, with its type, at its seq.
    const bySeq = new Map(log.map((e) => [e.seq, e]));
    const answered = new Set<number>();
    for (const a of rec.accepted) {
      figures.accepted++;
      let lost = false;
      for (const e of a.events) {
        if (answered.has(e.seq)) breaches.push(`${rec.id}: seq ${e.seq} named by two accepted answers`);
        answered.add(e.seq);
        const stored = bySeq.get(e.seq);
        if (!stored || stored.type !== e.type) {
          lost = true;
          breaches.push(`${rec.id}: accepted ${a.command} answered ${e.type}@${e.seq}, stored ${stored ? `${stored.type}@${stored.seq}` : 'nothing'}`);
        }
      }
      if (a.events.length === 0) breaches.push(`${rec.id}: accepted ${a.command} named no event`);
      if (lost) figures.lost++;
    }
    // Every event that comes from a command belongs to an accepted answer: anything else is a command applied twice (or applied without an accepted answer).
    const extra = log.filter((e) => !answered.has(e.seq) && !UNANSWERED_TYPES.has(e.type));
    for (const e of extra) breaches.push(`${rec.id}: stored ${e.type}@${e.seq} belongs to no accepted answer (applied twice, or applied but not answered 2xx)`);
    figures.duplicated += extra.filter((e) => rec.accepted.some((a) => a.events[0]?.type === e.type)).length;
    // The workflow state counts what the client got accepted.
    if (state.status === 'empty') {
      breaches.push(`${rec.id}: workflow state is empty`);
      continue;
    }
    const s = rec.sessions;
    const want = { held: s.gennemfoert ?? 0, noShows: s.udeblevet ?? 0, citizenCancellations: s.aflyst_af_borger ?? 0, unitCancellations: s.aflyst_af_enheden ?? 0 };
    for (const [k, v] of Object.entries(want)) {
      const got = state.counts[k as keyof typeof want];
      if (got !== v) breaches.push(`${rec.id}: workflow counts.${k} = ${got}, client had ${v} accepted`);
    }
    const sessionEvents = log.filter((e) => e.type === 'SessionRecorded').length;
    const sessionsAccepted = Object.values(s).reduce((a, b) => a + b, 0);
    if (sessionEvents !== sessionsAccepted) breaches.push(`${rec.id}: ${sessionEvents} SessionRecorded events, client had ${sessionsAccepted} sessions accepted`);
    const extensions = rec.accepted.filter((a) => a.command === 'forlaengelse').length;
    if (state.extensions.length !== extensions) breaches.push(`${rec.id}: workflow has ${state.extensions.length} extension requests, client had ${extensions} accepted`);
    if (rec.completed && state.status !== 'closed') breaches.push(`${rec.id}: closing was accepted but the workflow state is ${state.status}`);
  }
  return { breaches, figures };
}

/** Forløb the system holds that no client was answered 201 for (a create applied twice). */
export async function checkOrphans(pool: Pool, client: Client, records: readonly ForloebRecord[]): Promise<string[]> {
  const known = new Set(records.map((r) => r.id));
  const breaches: string[] = [];
  const { rows } = await pool.query<{ id: string }>('SELECT DISTINCT forloeb_id AS id FROM forloeb_events');
  for (const r of rows) if (!known.has(r.id)) breaches.push(`${r.id}: in forloeb_events but no client was answered 201 for it`);
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'forloebWorkflow'` })) {
    if (!known.has(wf.workflowId)) breaches.push(`${wf.workflowId}: workflow (${wf.status.name}) that no client was answered 201 for`);
  }
  return breaches;
}

async function snapshotTables(pool: Pool): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of READ_TABLES) {
    const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t`);
    out.set(table, rows.map((r) => r.row).sort());
  }
  return out;
}

function diffTables(before: Map<string, string[]>, after: Map<string, string[]>, what: string): string[] {
  const lines: string[] = [];
  for (const table of READ_TABLES) {
    const a = new Set(before.get(table) ?? []);
    const b = new Set(after.get(table) ?? []);
    const gone = [...a].filter((r) => !b.has(r));
    const added = [...b].filter((r) => !a.has(r));
    if (gone.length || added.length) {
      lines.push(`${what}: ${table} differs (${gone.length} rows only before, ${added.length} only after)`);
      for (const r of gone.slice(0, 3)) lines.push(`  before: ${r}`);
      for (const r of added.slice(0, 3)) lines.push(`  after:  ${r}`);
    }
  }
  return lines;
}

/** 2. The read model equals a rebuild from the event log, and reconciliation with the workflows finds no drift. */
export async function checkRebuildAndReconcile(pool: Pool, client: Client): Promise<{ breaches: string[]; rebuilt: Map<string, string[]>; checked: number }> {
  const before = await snapshotTables(pool);
  await rebuildReadModel(pool);
  const rebuilt = await snapshotTables(pool);
  const breaches = diffTables(before, rebuilt, 'rebuild');
  const result = await reconcile({ pool, client });
  breaches.push(...result.drifts.map((d) => `reconcile: ${d}`), ...result.unavailable.map((u) => `reconcile: workflow not reachable ${u}`));
  return { breaches, rebuilt, checked: result.checked };
}

/** Duplicated and reordered deliveries: a sample of stored events sent again through appendAndProject, in reverse order. */
export async function checkRedelivery(pool: Pool, reference: Map<string, string[]>, sample: number): Promise<{ breaches: string[]; resent: number }> {
  const events = await eventsOf(pool);
  const ids = [...events.keys()].sort(() => Math.random() - 0.5).slice(0, sample);
  const countBefore = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM forloeb_events')).rows[0]!.n;
  let resent = 0;
  for (const id of ids) {
    const stored = (events.get(id) ?? []).map((e) => toRecorded(e as unknown as StoredEvent));
    const reversed = [...stored].reverse();
    // One by one, last first, then the whole history reversed in one delivery.
    for (const e of reversed) await appendAndProject(pool, id, [e]);
    await appendAndProject(pool, id, reversed);
    resent += stored.length * 2;
  }
  const after = await snapshotTables(pool);
  const breaches = diffTables(reference, after, 'redelivery');
  const countAfter = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM forloeb_events')).rows[0]!.n;
  if (countAfter !== countBefore) breaches.push(`redelivery: forloeb_events went from ${countBefore} to ${countAfter} rows`);
  return { breaches, resent };
}

export type NoticeFigures = { due: number; fired: number; inboxRows: number };

/** 3. Every reminder and escalation whose moment has passed fired once per step, and is in the inbox once per role. */
export async function checkNotices(pool: Pool, client: Client, ids: readonly string[]): Promise<{ breaches: string[]; figures: NoticeFigures }> {
  const breaches: string[] = [];
  const figures: NoticeFigures = { due: 0, fired: 0, inboxRows: 0 };
  const events = await eventsOf(pool);
  const inbox = await pool.query<{ forloeb_id: string; seq: number; rolle: string; n: number }>(
    `SELECT forloeb_id, seq, rolle, count(*)::int AS n FROM paamindelser WHERE kind IN ('paamindelse', 'eskalering') GROUP BY 1, 2, 3`,
  );
  const inboxOf = new Map<string, number>();
  for (const r of inbox.rows) {
    inboxOf.set(`${r.forloeb_id}|${r.seq}|${r.rolle}`, r.n);
    figures.inboxRows += r.n;
  }
  const now = new Date();
  for (const id of ids) {
    const log = events.get(id) ?? [];
    const snap = await snapshotOf(client, id);
    if (snap.state.status === 'empty') continue;
    const regelsaet = findRegelsaet(snap.state.regelsaetId);
    if (!regelsaet) {
      breaches.push(`${id}: regelsæt ${snap.state.regelsaetId} not found`);
      continue;
    }
    const closedAt = log.find((e) => e.type === 'ForloebClosed')?.occurred_at;
    const notices = log.filter((e) => e.type === 'ReminderSent' || e.type === 'DeadlineEscalated');
    // Once per step: no (deadline, kind, index/level) twice.
    const seen = new Map<string, number>();
    for (const e of notices) {
      const step = `${String(e.data.deadline)}|${e.type}|${String(e.type === 'ReminderSent' ? e.data.index : e.data.level)}`;
      seen.set(step, (seen.get(step) ?? 0) + 1);
      figures.fired++;
      // In the inbox once per role it is addressed to.
      for (const rolle of (e.data.to as string[] | undefined) ?? []) {
        const n = inboxOf.get(`${id}|${e.seq}|${rolle}`) ?? 0;
        if (n !== 1) breaches.push(`${id}: ${e.type}@${e.seq} to ${rolle} is in paamindelser ${n} times`);
      }
    }
    for (const [step, n] of seen) if (n > 1) breaches.push(`${id}: notice ${step} fired ${n} times`);
    for (const d of Object.values(snap.state.deadlines) as DeadlineState[]) {
      const rule = ruleFor(regelsaet, d.type);
      if (!rule) continue;
      const mine = notices.filter((e) => e.data.deadline === d.type);
      const reminders = new Set(mine.filter((e) => e.type === 'ReminderSent').map((e) => Number(e.data.index)));
      const levels = mine.filter((e) => e.type === 'DeadlineEscalated').map((e) => Number(e.data.level));
      // The workflow's counters agree with the log.
      if (d.remindersSent !== reminders.size) breaches.push(`${id}: ${d.type} remindersSent ${d.remindersSent} in the workflow, ${reminders.size} ReminderSent stored`);
      const maxLevel = levels.length ? Math.max(...levels) + 1 : 0;
      if (d.escalationsSent !== maxLevel) breaches.push(`${id}: ${d.type} escalationsSent ${d.escalationsSent} in the workflow, highest DeadlineEscalated level + 1 = ${maxLevel}`);
      // Due: every notice whose moment passed while the deadline was open (until met, lapsed, closed or now).
      const endedAt = [
        log.find((e) => e.type === 'DeadlineMet' && e.data.deadline === d.type)?.occurred_at,
        log.find((e) => e.type === 'DeadlineLapsed' && e.data.deadline === d.type)?.occurred_at,
        closedAt,
      ].filter((x): x is string => x !== undefined);
      const cutoff = endedAt.length ? new Date(Math.min(...endedAt.map((x) => Date.parse(x)))) : now;
      const opened = log.find((e) => e.type === 'DeadlineOpened' && e.data.deadline === d.type)?.occurred_at;
      const fresh: DeadlineState = { ...d, remindersSent: 0, escalationsSent: 0, met: undefined, lapsed: undefined } as DeadlineState;
      const due = dueNotices(fresh, rule, regelsaet, cutoff);
      for (const n of due) {
        figures.due++;
        const fired = n.kind === 'reminder' ? reminders.has(n.index) : levels.includes(n.level) || (n.level >= rule.escalation.length && levels.some((l) => l >= n.level));
        if (!fired) {
          breaches.push(
            `${id}: ${d.type} ${n.kind} ${n.kind === 'reminder' ? n.index : n.level} due at ${n.at.toISOString()} (deadline opened ${opened ?? '?'}, ended ${endedAt.join('/') || 'no'}) never fired`,
          );
        }
      }
    }
  }
  return { breaches, figures };
}

/** 4. No workflow is stuck: completed, or running with no failed last workflow task. Also counts failed workflow tasks seen in histories. */
export async function checkWorkflows(client: Client, ids: readonly string[]): Promise<{ breaches: string[]; statuses: Map<string, number>; failedTasks: number }> {
  const breaches: string[] = [];
  const statuses = new Map<string, number>();
  let failedTasks = 0;
  for (const id of ids) {
    const handle = client.workflow.getHandle(forloebWorkflowId(id));
    const d = await handle.describe();
    statuses.set(d.status.name, (statuses.get(d.status.name) ?? 0) + 1);
    const history = await handle.fetchHistory();
    const evs = history.events ?? [];
    failedTasks += evs.filter((e) => e.workflowTaskFailedEventAttributes).length;
    if (d.status.name === 'COMPLETED') continue;
    if (d.status.name !== 'RUNNING') {
      breaches.push(`${id}: workflow ${d.status.name}`);
      continue;
    }
    const lastTask = [...evs]
      .reverse()
      .find(
        (e) =>
          e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes || e.workflowTaskScheduledEventAttributes,
      );
    if (lastTask?.workflowTaskFailedEventAttributes) {
      breaches.push(`${id}: running, last workflow task failed: ${lastTask.workflowTaskFailedEventAttributes.failure?.message ?? '?'}`);
    }
  }
  return { breaches, statuses, failedTasks };
}
