// The watchdog's Temporal Schedule: every minute a run examines the suspect forløb
// (workflows/watchdog.workflow.ts). Made by the shared minute schedule (activities/minute-schedule.ts).
import type { Client } from '@temporalio/client';
import { ensureMinuteSchedule, type MinuteJob } from '../minute-schedule';

export const WATCHDOG_SCHEDULE_ID = 'forloeb-watchdog';
export const WATCHDOG_WORKFLOW_TYPE = 'watchdogWorkflow';
export const WATCHDOG_JOB: MinuteJob = { scheduleId: WATCHDOG_SCHEDULE_ID, workflowType: WATCHDOG_WORKFLOW_TYPE };

export const ensureWatchdogSchedule = (client: Client, taskQueue: string) => ensureMinuteSchedule(client, WATCHDOG_JOB, taskQueue);
