// The letters' Temporal Schedule: every minute a run makes and sends the due decision letters
// (workflows/letters.workflow.ts). Created when a worker starts, or brought up to date if it exists,
// as the watchdog's is (activities/watchdog/schedule.ts). A run still going when the next is due is
// skipped; a letter not sent by one run waits in `breve` for the next.
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/env';

export const LETTERS_SCHEDULE_ID = 'forloeb-breve';
export const LETTERS_WORKFLOW_TYPE = 'lettersWorkflow';

export function lettersSchedule(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: LETTERS_SCHEDULE_ID,
    spec: { intervals: [{ every: '1 minute' }] },
    action: { type: 'startWorkflow', workflowType: LETTERS_WORKFLOW_TYPE, taskQueue, workflowId: LETTERS_SCHEDULE_ID, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
}

export async function ensureLettersSchedule(client: Client, taskQueue: string): Promise<'oprettet' | 'opdateret'> {
  const options = lettersSchedule(taskQueue);
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
export async function startLettersSchedule(config: Config, dataConverter: DataConverter | undefined, log: Logger): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });
    const done = await ensureLettersSchedule(client, config.temporal.taskQueue);
    log.info({ scheduleId: LETTERS_SCHEDULE_ID, done }, 'letters schedule ensured');
  } catch (err) {
    log.error({ err: (err as Error).message }, 'letters schedule could not be ensured');
  } finally {
    await connection?.close().catch(() => {});
  }
}
