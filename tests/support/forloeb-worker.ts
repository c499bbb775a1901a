// A worker on the time-skipping server whose publishEvents activity records what it was given,
// and helpers to start and drive a forløb through its Updates.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import type { CommandOf, ForloebSource, RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet, type Role } from '../../domain/regelsaet';
import type { ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { workflowBundle } from './temporal';

export async function recordingWorker(
  env: TestWorkflowEnvironment,
  options: { taskQueue?: string; published?: RecordedEvent[]; maxCachedWorkflows?: number } = {},
) {
  const taskQueue = options.taskQueue ?? `tq-${randomUUID()}`;
  const published: RecordedEvent[] = options.published ?? [];
  const activities: ReturnType<typeof createActivities> = {
    async publishEvents({ events }) {
      published.push(...events);
      return { projectedSeq: events.at(-1)?.seq ?? 0 };
    },
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
  return { worker, published, taskQueue };
}

export function startForloeb(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  regelsaetId: string,
  source: ForloebSource,
  creator: Role,
  extra: Partial<ForloebWorkflowInput> = {},
) {
  const regelsaet = findRegelsaet(regelsaetId);
  if (!regelsaet) throw new Error(`no regelsæt ${regelsaetId}`);
  const forloebId = `forloeb-${randomUUID()}`;
  const create: CommandOf<'CreateForloeb'> = { type: 'CreateForloeb', actor: { role: creator }, source };
  const input: ForloebWorkflowInput = { forloebId, regelsaet, create, ...extra };
  return env.client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
}

export async function sleepUntil(env: TestWorkflowEnvironment, iso: string) {
  const ms = new Date(iso).getTime() - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

export const noticesOf = (events: RecordedEvent[]) =>
  events.flatMap((e) =>
    e.type === 'ReminderSent' || e.type === 'DeadlineEscalated'
      ? [{ type: e.type, deadline: e.data.deadline, to: e.data.to.join('+'), scheduledAt: e.data.scheduledAt, firedAt: e.at }]
      : [],
  );

/** Writes a workflow's history for the replay tests when UPDATE_HISTORIES=1. */
export async function saveHistory(handle: WorkflowHandle, name: string) {
  if (process.env.UPDATE_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // protobufjs's own JSON form (enum names, base64 bytes); History.fromObject reads it back.
  writeFileSync(new URL(`../replay/histories/${name}.json`, import.meta.url), JSON.stringify(history));
}
