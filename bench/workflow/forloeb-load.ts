// What `npm run bench:workflow` asks of the forløb workflow, as the API would: start a §140 forløb,
// take it through a whole lifecycle, open it into training, leave it idle, or give it one more
// command. Every Update's answer carries the events it recorded; `Seqs` keeps the last seq per forløb,
// which is what the read model must reach.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { addCalendarDays, copenhagenDateOf } from '../../domain/calendar';
import { findRegelsaet } from '../../domain/regelsaet';
import * as m from '../../workflows/forloeb.messages';
import type { forloebWorkflow } from '../../workflows/forloeb.workflow';

export type ForloebHandle = WorkflowHandle<typeof forloebWorkflow>;

/** The last event seq each forløb's workflow has answered with. */
export type Seqs = Map<string, number>;

export const SESSIONS = 20;
/** visitation, start booked, start held, 20 sessions, an extension, afslutning, closing. */
export const UPDATES_PER_LIFECYCLE = 3 + SESSIONS + 3;
/** Sessions a forløb takes in the spread and scale modes before it gets status notes only: well inside its frame. */
const SESSIONS_BEFORE_NOTES = 10;

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };
/** The server's clock is this machine's; discharge lies 3 days back, so the 7-day opstart deadline lies ahead. */
const today = copenhagenDateOf(new Date());
const plan = { kind: 'genoptraeningsplan' as const, cpr: '010190-1234', udskrivningsdato: addCalendarDays(today, -3), kategori: 'hjerte-hjertesvigt', niveau: 'avanceret' as const };

export type Load = {
  client: Client;
  taskQueue: string;
  /** Kept only when a read model is to be waited for: the run's own memory counts in the worker's RSS. */
  seqs?: Seqs | undefined;
  /** Called with each Update's time in ms; the modes collect them per phase. */
  latency?: (ms: number) => void;
};

async function update<A>(load: Load, h: ForloebHandle, def: UpdateDefinition<m.CommandResult, [A]>, arg: A): Promise<void> {
  const t = performance.now();
  const { events } = await h.executeUpdate(def, { args: [arg] });
  const done = performance.now();
  load.latency?.(done - t);
  const last = events.at(-1)?.seq;
  if (load.seqs && last !== undefined && last > (load.seqs.get(h.workflowId) ?? 0)) load.seqs.set(h.workflowId, last);
}

export async function startForloeb({ client, taskQueue }: Load): Promise<ForloebHandle> {
  const forloebId = `forloeb-${randomUUID()}`;
  const create = { type: 'CreateForloeb' as const, actor: koordinator, source: plan };
  return client.workflow.start<typeof forloebWorkflow>('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [{ forloebId, regelsaet, create }] });
}

/** The visitation, sent right after the start (the workflow creates the forløb before it takes commands). */
const visit = (load: Load, h: ForloebHandle) => update(load, h, m.recordVisitationUpdate, { type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' });

/** A whole §140 lifecycle, 26 Updates, until the workflow has ended (its events all delivered). */
export async function lifecycle(load: Load): Promise<ForloebHandle> {
  const h = await startForloeb(load);
  await visit(load, h);
  await update(load, h, m.bookStartUpdate, { type: 'BookStart', actor: koordinator, startDate: today });
  await update(load, h, m.holdStartUpdate, { type: 'HoldStart', actor: terapeut, heldOn: today });
  for (let i = 0; i < SESSIONS; i++) {
    if (i === SESSIONS - 4) await update(load, h, m.requestExtensionUpdate, { type: 'RequestExtension', actor: terapeut, kind: 'notat', amount: 2, reason: 'Mangler trappetræning' });
    await update(load, h, m.recordSessionUpdate, { type: 'RecordSession', actor: terapeut, date: today, outcome: 'gennemfoert', durationMinutes: 60 });
  }
  await update(load, h, m.recordAfslutningUpdate, { type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: today });
  await update(load, h, m.closeForloebUpdate, { type: 'CloseForloeb', actor: terapeut });
  await h.result();
  return h;
}

/** A forløb visited with its start booked weeks ahead: it waits on a timer. */
export async function idleForloeb(load: Load): Promise<ForloebHandle> {
  const h = await startForloeb(load);
  await visit(load, h);
  await update(load, h, m.bookStartUpdate, { type: 'BookStart', actor: koordinator, startDate: addCalendarDays(today, 10) });
  return h;
}

/** A forløb in training: visited, its start booked and held today. */
export async function trainingForloeb(load: Load): Promise<ForloebHandle> {
  const h = await startForloeb(load);
  await visit(load, h);
  await update(load, h, m.bookStartUpdate, { type: 'BookStart', actor: koordinator, startDate: today });
  await update(load, h, m.holdStartUpdate, { type: 'HoldStart', actor: terapeut, heldOn: today });
  return h;
}

/** A forløb in training and what the spread and scale modes have given it so far (its id only, not a handle: 50,000 of them are kept). */
export type OpenForloeb = { id: string; commands: number; sessions: number };

/**
 * One more command to a forløb in training, as a terapeut gives them: a session every other time
 * until it has had SESSIONS_BEFORE_NOTES, else a status note (both allowed any number of times in
 * traening and status, so a forløb drawn often is never refused). The counts are taken before the
 * Update is sent, so two commands to one forløb at once choose as if in turn.
 */
export async function trainingCommand(load: Load, f: OpenForloeb): Promise<void> {
  const h = load.client.workflow.getHandle<typeof forloebWorkflow>(f.id);
  const session = f.commands++ % 2 === 0 && f.sessions < SESSIONS_BEFORE_NOTES;
  if (session) {
    f.sessions++;
    await update(load, h, m.recordSessionUpdate, { type: 'RecordSession', actor: terapeut, date: today, outcome: 'gennemfoert', durationMinutes: 45 });
  } else {
    await update(load, h, m.recordStatusUpdate, { type: 'RecordStatus', actor: terapeut, note: 'Status: god fremgang' });
  }
}
