// The watchdog's Temporal Schedule: created when a worker process starts, or brought up to date if it
// exists, so it lives with the Temporal deployment rather than as a cron on one machine. Every worker
// does this at start; the calls are idempotent. A run still going when the next is due is skipped.
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/env';

export const WATCHDOG_SCHEDULE_ID = 'forloeb-watchdog';
export const WATCHDOG_WORKFLOW_TYPE = 'watchdogWorkflow';

export function watchdogSchedule(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: WATCHDOG_SCHEDULE_ID,
    spec: { intervals: [{ every: '1 minute' }] },
    action: { type: 'startWorkflow', workflowType: WATCHDOG_WORKFLOW_TYPE, taskQueue, workflowId: WATCHDOG_SCHEDULE_ID, args: [] },
    // A missed minute is not caught up: the next run looks at everything anyway.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
}

export async function ensureWatchdogSchedule(client: Client, taskQueue: string): Promise<'oprettet' | 'opdateret'> {
  const options = watchdogSchedule(taskQueue);
  try {
    await client.schedule.create(options);
    return 'oprettet';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    return 'opdateret';
  }
}

/** The worker process's one call: connects, ensures the schedule, and logs instead of failing the start. */
export async function startWatchdogSchedule(config: Config, dataConverter: DataConverter | undefined, log: Logger): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });
    const done = await ensureWatchdogSchedule(client, config.temporal.taskQueue);
    log.info({ scheduleId: WATCHDOG_SCHEDULE_ID, done }, 'watchdog schedule ensured');
  } catch (err) {
    // The worker still runs its forløb; the next worker start (or another worker) sets the schedule.
    log.error({ err: (err as Error).message }, 'watchdog schedule could not be ensured');
  } finally {
    await connection?.close().catch(() => {});
  }
}
