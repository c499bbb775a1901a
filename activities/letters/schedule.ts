// The letters' Temporal Schedule: every minute a run makes and sends the due decision letters
// (workflows/letters.workflow.ts); a letter not sent by one run waits in `breve` for the next. Made by
// the shared minute schedule (activities/minute-schedule.ts), as the watchdog's is.
import type { MinuteJob } from '../minute-schedule';

export const LETTERS_SCHEDULE_ID = 'forloeb-breve';
export const LETTERS_WORKFLOW_TYPE = 'lettersWorkflow';
export const LETTERS_JOB: MinuteJob = { scheduleId: LETTERS_SCHEDULE_ID, workflowType: LETTERS_WORKFLOW_TYPE };
