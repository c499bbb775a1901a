// A decision entered after the fact: the visitator records on the time-skipping server a grant made
// last week, and the forløb's start deadline, its timer and its escalation count from that date.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, copenhagenDateOf } from '../../domain/calendar';
import { escalationAt, noticeSpreadMs, type RecordedEvent } from '../../domain/forloeb';
import { addPeriod, findRegelsaet } from '../../domain/regelsaet';
import { getForloebQuery, recordVisitationUpdate } from '../../workflows/forloeb.messages';
import { recordingWorker, saveHistory, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping } from '../support/temporal';

const varde = findRegelsaet('varde-sel86-1')!;
const visitator = { role: 'visitator' as const, userId: 'visitator-7' };
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkipping();
});
afterAll(async () => {
  await env?.teardown();
});

describe('Varde: a decision dated last week', () => {
  it('opens the start deadline from its effective date, keeps the moment it was recorded, and escalates on that schedule', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    const now = new Date(await env.currentTimeMs());
    const today = copenhagenDateOf(now);
    const lastWeek = addCalendarDays(today, -7);
    const handle = await startForloeb(env, taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr: '010190-1234', modtaget: addCalendarDays(today, -10), indsatsId: 'genoptraeningsforloeb' }, 'visitator');
    const rule = varde.deadlines.find((d) => d.type === 'opstart')!;
    const dueDate = addPeriod(lastWeek, rule.period, varde.closedDays);

    await worker.runUntil(async () => {
      const future = await handle
        .executeUpdate(recordVisitationUpdate, {
          args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: addCalendarDays(today, 1), receivedAt: now.toISOString() }],
        })
        .catch((e: unknown) => e);
      expect(future).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((future as WorkflowUpdateFailedError).cause?.message).toBe('dato: datoen ligger i fremtiden');

      const { events } = await handle.executeUpdate(recordVisitationUpdate, {
        args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', effectiveOn: lastWeek, receivedAt: now.toISOString() }],
      });
      const visitation = events.find((e) => e.type === 'VisitationRecorded') as Extract<RecordedEvent, { type: 'VisitationRecorded' }>;
      expect(visitation.data.decidedOn).toBe(lastWeek);
      expect(visitation.at).toBe(now.toISOString());
      expect(visitation.actor).toEqual(visitator);

      const { state } = await handle.query(getForloebQuery);
      expect(state.status === 'open' && state.deadlines.opstart).toMatchObject({ anchorDate: lastWeek, dueDate });

      // The escalation falls when the deadline counted from last week is missed, not a week later.
      const escalation = escalationAt({ dueDate }, rule, varde, 0)!;
      await env.sleep(escalation.at.getTime() + noticeSpreadMs(handle.workflowId) - (await env.currentTimeMs()) + 60_000);
      await handle.query(getForloebQuery);
      const escalated = published.find((e) => e.type === 'DeadlineEscalated' && e.data.deadline === 'opstart');
      expect(escalated).toMatchObject({ data: { level: 0, dueDate, scheduledAt: escalation.at.toISOString() } });
    });
    // A history of the workflow with the date rules patch, for the replay tests.
    await saveHistory(handle, 'varde-effective-date');
  });
});
