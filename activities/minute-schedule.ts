// The Temporal Schedules that run a workflow every minute (the watchdog, the letters' outbox): created
// when a worker process starts, or brought up to date if they exist, so they live with the Temporal
// deployment rather than as a cron on one machine. Every worker does this at start; the calls are
// idempotent. A run still going when the next is due is skipped, and a missed minute is not caught
// up: each run looks at everything that is due anyway.
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from 'pino';
import type { Config } from '../config/env';

/** A workflow run every minute: its schedule's id (also the id of each run) and its workflow type. */
export type MinuteJob = { scheduleId: string; workflowType: string };

export function minuteSchedule(job: MinuteJob, taskQueue: string): ScheduleOptions {
  return {
    scheduleId: job.scheduleId,
    spec: { intervals: [{ every: '1 minute' }] },
    action: { type: 'startWorkflow', workflowType: job.workflowType, taskQueue, workflowId: job.scheduleId, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
}

export async function ensureMinuteSchedule(client: Client, job: MinuteJob, taskQueue: string): Promise<'oprettet' | 'opdateret'> {
  const options = minuteSchedule(job, taskQueue);
  try {
    await client.schedule.create(options);
    return 'oprettet';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    return 'opdateret';
  }
}

/**
 * The worker process's one call: connects once, ensures every job's schedule, and logs instead of
 * failing the start. The worker still runs its forløb; the next worker start (or another worker)
 * sets a schedule that could not be set now.
 */
export async function startMinuteSchedules(config: Config, dataConverter: DataConverter | undefined, log: Logger, jobs: readonly MinuteJob[]): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });
    for (const job of jobs) {
      try {
        const done = await ensureMinuteSchedule(client, job, config.temporal.taskQueue);
        log.info({ scheduleId: job.scheduleId, done }, 'schedule ensured');
      } catch (err) {
        log.error({ scheduleId: job.scheduleId, err: (err as Error).message }, 'schedule could not be ensured');
      }
    }
  } catch (err) {
    log.error({ err: (err as Error).message }, 'schedules could not be ensured: Temporal not reachable');
  } finally {
    await connection?.close().catch(() => {});
  }
}
