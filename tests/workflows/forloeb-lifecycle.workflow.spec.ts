// A whole §140 forløb on the time-skipping server: 3 months, 26 sessions, an extension, afslutning
// and closing; its history stays small, and continue-as-new carries the state.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../domain/calendar';
import {
  bookStartUpdate,
  closeForloebUpdate,
  getForloebQuery,
  holdStartUpdate,
  recordAfslutningUpdate,
  recordSessionUpdate,
  recordVisitationUpdate,
  requestExtensionUpdate,
} from '../../workflows/forloeb.messages';
import { recordingWorker, saveHistory, sleepUntil, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await startTimeSkipping();
});
afterEach(async () => {
  await env?.teardown();
});

const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };
const plan = { kind: 'genoptraeningsplan' as const, cpr: '010190-1234', udskrivningsdato: '2030-03-04', kategori: 'hjerte-hjertesvigt', niveau: 'avanceret' as const };

describe('a 3-month §140 forløb', () => {
  it('runs 26 sessions with an extension, ends, closes, completes, and keeps its history under 1,000 events', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startForloeb(env, taskQueue, 'sonderborg-sul140', plan, 'koordinator');
      await sleepUntil(env, '2030-03-05T09:00:00Z');
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
      await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: '2030-03-07' }] });
      await sleepUntil(env, '2030-03-07T09:00:00Z');
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2030-03-07' }] });
      // Hjertesvigt: 26 hours (002:777). Two sessions a week of 60 minutes for 13 weeks = 26.
      let day = '2030-03-07';
      for (let i = 0; i < 26; i++) {
        day = addCalendarDays(day, i % 2 === 0 ? 3 : 4);
        await sleepUntil(env, `${day}T10:00:00Z`);
        if (i === 24) {
          const ext = await handle.executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'notat', amount: 2, reason: 'Mangler trappetræning' }] });
          expect(ext.events.map((e) => e.type)).toEqual(['ExtensionRequested', 'ExtensionDecided']);
        }
        await handle.executeUpdate(recordSessionUpdate, { args: [{ type: 'RecordSession', actor: terapeut, date: day, outcome: 'gennemfoert', durationMinutes: 60 }] });
      }
      const mid = await handle.query(getForloebQuery);
      expect(mid.state.status === 'open' && mid.state.frame).toMatchObject({ granted: 28, used: 26 });
      await handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: day }] });
      await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] });
      await handle.result();
      const history = await handle.fetchHistory();
      expect(history.events!.length).toBeLessThan(1000);
      await saveHistory(handle, 'sul140-lifecycle');
    });
    const types = published.map((e) => e.type);
    expect(types.filter((t) => t === 'SessionRecorded')).toHaveLength(26);
    expect(types).toContain('FrameNearlyUsed');
    expect(types.at(-1)).toBe('ForloebClosed');
    expect(published.map((e) => e.seq)).toEqual(published.map((_, i) => i + 1));
  });

  it('continues as new when its history grows, carrying the state and every unpublished event', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startForloeb(env, taskQueue, 'sonderborg-sul140', plan, 'koordinator', { historyLimit: 40 });
      await sleepUntil(env, '2030-03-05T09:00:00Z');
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
      await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: '2030-03-06' }] });
      await sleepUntil(env, '2030-03-06T09:00:00Z');
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2030-03-06' }] });
      for (let i = 0; i < 12; i++) {
        await handle.executeUpdate(recordSessionUpdate, { args: [{ type: 'RecordSession', actor: terapeut, date: '2030-03-06', outcome: 'gennemfoert', durationMinutes: 30 }] });
      }
      const described = await handle.describe();
      const firstRun = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
      expect(described.runId).not.toBe(handle.firstExecutionRunId);
      expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
      const snapshot = await env.client.workflow.getHandle(handle.workflowId).query(getForloebQuery);
      expect(snapshot.state.status === 'open' && snapshot.state.frame?.used).toBe(6);
      expect(snapshot.state.status === 'open' && snapshot.state.counts.held).toBe(12);
      // Let the new run publish what it carried over.
      for (let i = 0; i < 50 && published.filter((e) => e.type === 'SessionRecorded').length < 12; i++) await new Promise((r) => setTimeout(r, 100));
    });
    // Every event published once, in sequence, across the runs.
    const seqs = [...new Set(published.map((e) => e.seq))].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(published.filter((e) => e.type === 'SessionRecorded')).toHaveLength(12);
  });
});
