// The §140 forløb workflow on the time-skipping server: reminders and escalations fire at their
// instants without real waiting; commands are Updates whose refusals reach the caller.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { createActivities } from '../../activities';
import type { RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { bookStartUpdate, getForloebQuery, recordVisitationUpdate, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { startTimeSkipping, workflowBundle } from '../support/temporal';

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const };
let env: TestWorkflowEnvironment;

// A server per test: time-skipping time is global to a server and only moves forward, and a
// workflow left open by one test would hold the clock for the next.
beforeEach(async () => {
  env = await startTimeSkipping();
});
afterEach(async () => {
  await env?.teardown();
});

/** A worker whose publishEvents activity records what it was given. */
async function workerWithRecordingActivities(taskQueue: string) {
  const published: RecordedEvent[] = [];
  const activities: ReturnType<typeof createActivities> = {
    async publishEvents({ events }) {
      published.push(...events);
      return { projectedSeq: events.at(-1)?.seq ?? 0 };
    },
  };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return { worker, published };
}

function startForloeb(taskQueue: string, udskrivningsdato: string) {
  const forloebId = `forloeb-${randomUUID()}`;
  const input: ForloebWorkflowInput = {
    forloebId,
    regelsaet,
    create: {
      type: 'CreateForloeb',
      actor: koordinator,
      source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori: 'hofte-laarben-baekken', niveau: 'basal' },
    },
  };
  return env.client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
}

const sleepUntil = async (iso: string) => {
  const ms = new Date(iso).getTime() - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
};

const notices = (events: RecordedEvent[]) =>
  events
    .filter((e) => e.type === 'ReminderSent' || e.type === 'DeadlineEscalated')
    .map((e) => ({
      type: e.type,
      to: (e.data as { to: string[] }).to,
      scheduledAt: (e.data as { scheduledAt: string }).scheduledAt,
      firedAt: e.at,
    }));

describe('forløb workflow, Sønderborg §140', () => {
  it('reminds before the opstart deadline and escalates after it, at the expected instants', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const { worker, published } = await workerWithRecordingActivities(taskQueue);
    await worker.runUntil(async () => {
      // Discharge Wednesday 18 Dec 2030: due 25 Dec (7 calendar days, 002:87).
      const handle = await startForloeb(taskQueue, '2030-12-18');
      await sleepUntil('2030-12-31T12:00:00Z');
      const snapshot = await handle.query(getForloebQuery);
      expect(snapshot.state.status === 'open' && snapshot.state.phase).toBe('visitering');
    });
    const fired = notices(published);
    expect(fired.map(({ type, to, scheduledAt }) => ({ type, to, scheduledAt }))).toEqual([
      { type: 'ReminderSent', to: ['koordinator'], scheduledAt: '2030-12-23T07:00:00.000Z' },
      { type: 'DeadlineEscalated', to: ['koordinator', 'leder'], scheduledAt: '2030-12-25T23:00:00.000Z' },
      { type: 'DeadlineEscalated', to: ['leder'], scheduledAt: '2030-12-30T07:00:00.000Z' },
    ]);
    // Each fired when its timer did, not earlier and not hours late.
    for (const n of fired) {
      const lag = new Date(n.firedAt).getTime() - new Date(n.scheduledAt).getTime();
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(60_000);
    }
    // Sequence numbers are contiguous from 1: nothing lost, nothing doubled.
    expect(published.map((e) => e.seq)).toEqual(published.map((_, i) => i + 1));
  });

  it('accepts visitation and booking as updates, meets the deadline and sends no escalation', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const { worker, published } = await workerWithRecordingActivities(taskQueue);
    await worker.runUntil(async () => {
      const handle = await startForloeb(taskQueue, '2030-12-18');
      await sleepUntil('2030-12-19T09:00:00Z');
      const visit = await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
      expect(visit.events.map((e) => e.type)).toEqual(['VisitationRecorded']);
      const booked = await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: '2030-12-20' }] });
      expect(booked.events.map((e) => e.type)).toEqual(['StartBooked', 'DeadlineMet']);
      await sleepUntil('2031-01-10T00:00:00Z');
      const snapshot = await handle.query(getForloebQuery);
      expect(snapshot.state.status === 'open' && snapshot.state.phase).toBe('opstart');
      expect(snapshot.deadlines[0]).toMatchObject({ type: 'opstart', status: 'overholdt', met: { on: '2030-12-20', inTime: true } });
      expect(snapshot.frame).toEqual({ unit: 'timer', amount: 12, cap: true });
    });
    expect(notices(published)).toEqual([]);
  });

  it('refuses a command in the wrong phase with its reason and leaves the forløb as it was', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const { worker } = await workerWithRecordingActivities(taskQueue);
    await worker.runUntil(async () => {
      const handle = await startForloeb(taskQueue, '2030-12-18');
      const before = await handle.query(getForloebQuery);
      const err = await handle
        .executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: '2030-12-20' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/opstart kan kun bookes i fasen opstart/);
      const wrongRole = await handle
        .executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: { role: 'terapeut' }, decision: 'bevilget' }] })
        .catch((e: unknown) => e);
      expect((wrongRole as WorkflowUpdateFailedError).cause?.message).toMatch(/kræver rollen koordinator/);
      const after = await handle.query(getForloebQuery);
      expect(after.state).toEqual(before.state);
    });
  });
  it('accepts a command that reaches the workflow in its first task, together with the start', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const { worker, published } = await workerWithRecordingActivities(taskQueue);
    // No worker runs yet: the start and the visitation wait on the server and arrive in one task.
    const handle = await startForloeb(taskQueue, '2030-12-18');
    const visitation = handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await worker.runUntil(async () => {
      await visitation;
      const snapshot = await handle.query(getForloebQuery);
      expect(snapshot.state.status === 'open' && snapshot.state.phase).toBe('opstart');
    });
    // Deliveries may run side by side and arrive in any order: the sequence numbers give the order.
    const types = [...published].sort((a, b) => a.seq - b.seq).map((e) => e.type);
    expect(types.indexOf('VisitationRecorded')).toBeGreaterThan(types.indexOf('ForloebCreated'));
    expect(types.indexOf('ForloebCreated')).toBe(0);
  });
});
