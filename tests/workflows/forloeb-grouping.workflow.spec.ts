// The forløb workflow's commands must not depend on how Temporal groups a workflow task's jobs: a
// notice timer that fires in the same workflow task as an Update, and the two in tasks of their own,
// each give a history that replays. Also: the workflow decides a command at the instant it carries,
// and refuses an Update that carries another command than the one it is named for.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copenhagenDateOf } from '../../domain/calendar';
import { nextWakeUp, noticeSpreadMs, type CommandOf } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { getForloebQuery, recordSessionUpdate, recordVisitationUpdate } from '../../workflows/forloeb.messages';
import { recordingWorker, saveHistory, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping, workflowBundle } from '../support/temporal';

const EventType = temporal.api.enums.v1.EventType;
const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
let env: TestWorkflowEnvironment;

beforeEach(async () => {
  env = await startTimeSkipping();
});
afterEach(async () => {
  await env?.teardown();
});

const plan = async () =>
  ({
    kind: 'genoptraeningsplan',
    cpr: '010190-1234',
    udskrivningsdato: copenhagenDateOf(new Date(await env.currentTimeMs())),
    kategori: 'hofte-laarben-baekken',
    niveau: 'basal',
  }) as const;
const start = async (taskQueue: string): Promise<WorkflowHandle> => startForloeb(env, taskQueue, 'sonderborg-sul140', await plan(), 'koordinator');

/** When the forløb's timer fires: its next notice moment plus its spread (a worker must run). */
async function nextWakeUpOf(handle: WorkflowHandle): Promise<Date> {
  const { state } = await handle.query(getForloebQuery);
  const wake = nextWakeUp(state, regelsaet);
  if (!wake) throw new Error('no notice ahead');
  return new Date(wake.getTime() + noticeSpreadMs(handle.workflowId));
}

/** Sleeps the test server's clock past a moment, so a timer set for it fires. */
const sleepPast = async (moment: Date) => env.sleep(moment.getTime() - (await env.currentTimeMs()) + 60_000);

const visitation = async (): Promise<CommandOf<'RecordVisitation'>> => ({
  type: 'RecordVisitation',
  actor: koordinator,
  decision: 'bevilget',
  receivedAt: new Date(await env.currentTimeMs()).toISOString(),
});

/** Workflow tasks completed after the timer fired and before the Update was accepted. */
function tasksBetweenTimerAndUpdate(history: temporal.api.history.v1.IHistory): number {
  const events = history.events ?? [];
  const fired = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
  const accepted = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  expect(fired).toBeGreaterThan(0);
  expect(accepted).toBeGreaterThan(fired);
  return events.slice(fired, accepted).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
}

async function replays(handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
  return history;
}

describe('a notice timer and an Update', () => {
  it('in two workflow tasks: the history replays', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    const handle = await worker.runUntil(async () => {
      const h = await start(taskQueue);
      await sleepPast(await nextWakeUpOf(h));
      await h.executeUpdate(recordVisitationUpdate, { args: [await visitation()] });
      return h;
    });
    const history = await replays(handle);
    await saveHistory(handle, 'grouping-two-tasks');
    // The timer's task, then (after its delivery is acknowledged) the Update's own.
    expect(tasksBetweenTimerAndUpdate(history)).toBeGreaterThanOrEqual(2);
    expect(published.some((e) => e.type === 'ReminderSent' || e.type === 'DeadlineEscalated')).toBe(true);
    expect(published.some((e) => e.type === 'VisitationRecorded')).toBe(true);
  });

  it('in one workflow task: the history replays, with the same events', async () => {
    // Without a cache, so no sticky queue holds the next task for this worker once it has stopped.
    const { worker: first, published, taskQueue } = await recordingWorker(env, { maxCachedWorkflows: 0 });
    const { handle, wake } = await first.runUntil(async () => {
      const h = await start(taskQueue);
      // Let the creation's delivery and the task after its acknowledgement complete: a task left
      // outstanding would keep the test server from skipping time.
      await env.sleep('1 minute');
      return { handle: h, wake: await nextWakeUpOf(h) };
    });
    // No worker polls while the timer fires and the Update arrives: the next task carries both.
    // Exactly to the moment: with a task outstanding and no worker, the test server skips no further.
    await env.sleep(wake.getTime() - (await env.currentTimeMs()));
    const update = handle.executeUpdate(recordVisitationUpdate, { args: [await visitation()] });
    const { worker: second } = await recordingWorker(env, { taskQueue, published });
    await second.runUntil(async () => {
      await update;
      // The deliveries run after the Update has answered; let them finish before the worker stops.
      await env.sleep('1 minute');
    });
    const history = await replays(handle);
    await saveHistory(handle, 'grouping-one-task');
    expect(tasksBetweenTimerAndUpdate(history)).toBe(1);
    const types = published.map((e) => e.type);
    expect(types).toContain('VisitationRecorded');
    expect(types.some((t) => t === 'ReminderSent' || t === 'DeadlineEscalated')).toBe(true);
    // Every event is handed over once, in sequence.
    expect(published.map((e) => e.seq)).toEqual(published.map((_, i) => i + 1));
  });
});

describe('a command in the workflow', () => {
  it('is decided at the instant it carries, not when the workflow handles it', async () => {
    const { worker, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await start(taskQueue);
      const received = new Date(await env.currentTimeMs());
      await env.sleep('3 days');
      const { events } = await handle.executeUpdate(recordVisitationUpdate, { args: [{ ...(await visitation()), receivedAt: received.toISOString() }] });
      const visited = events.find((e) => e.type === 'VisitationRecorded');
      expect(visited).toMatchObject({ at: received.toISOString(), actor: koordinator, data: { decidedOn: copenhagenDateOf(received) } });
    });
  });

  it('refuses an Update that carries another command than its own', async () => {
    const { worker, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await start(taskQueue);
      const wrong = { type: 'CloseForloeb', actor: koordinator } as unknown as CommandOf<'RecordSession'>;
      const err = await handle.executeUpdate(recordSessionUpdate, { args: [wrong] }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/recordSession skal bære kommandoen RecordSession/);
      expect((await handle.query(getForloebQuery)).state.status).toBe('open');
    });
  });
});
