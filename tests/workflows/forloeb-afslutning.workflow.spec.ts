// Afslutning for each reason on the time-skipping server (Varde §86.1, 001): every reason ends a
// forløb when the facts support it; the bevilling deadline is met by the ending and the others lapse.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AfslutningReason, CommandOf } from '../../domain/forloeb';
import { AfslutningReason as Reasons } from '../../domain/forloeb';
import {
  closeForloebUpdate,
  getForloebQuery,
  holdStartUpdate,
  recordAfslutningUpdate,
  recordSessionUpdate,
  recordVisitationUpdate,
} from '../../workflows/forloeb.messages';
import { recordingWorker, sleepUntil, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkipping();
});
afterAll(async () => {
  await env?.teardown();
});

const visitator = { role: 'visitator' as const };
const terapeut = { role: 'terapeut' as const };
type Outcome = CommandOf<'RecordSession'>['outcome'];

/** What must have happened before each reason may be given, and the date the forløb ends. */
const SETUP: Record<AfslutningReason, { sessions: Outcome[]; endOn: string }> = {
  maal_naaet: { sessions: ['gennemfoert'], endOn: '2032-03-10' },
  ramme_brugt: { sessions: Array<Outcome>(20).fill('gennemfoert'), endOn: '2032-03-10' },
  bevilling_udloebet: { sessions: [], endOn: '2032-06-04' }, // 3 months from the start on 4 March
  gentagne_aflysninger: { sessions: ['aflyst_af_borger', 'aflyst_af_borger'], endOn: '2032-03-10' },
  udeblivelser: { sessions: ['udeblevet', 'udeblevet'], endOn: '2032-03-10' },
  borger_fravaelger: { sessions: [], endOn: '2032-03-10' },
  andet_tilbud: { sessions: [], endOn: '2032-03-10' },
  udenfor_maalgruppe: { sessions: [], endOn: '2032-03-10' },
};

describe('afslutning, Varde §86.1', () => {
  it('covers every reason of the closed list', () => {
    expect(Object.keys(SETUP).sort()).toEqual([...Reasons.options].sort());
  });

  it('ends a forløb for each reason once its facts are there, and refuses it before', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      await sleepUntil(env, '2032-03-03T08:00:00Z');
      const handles = await Promise.all(
        Reasons.options.map(async (reason) => {
          const handle = await startForloeb(env, taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2032-03-03' }, 'visitator');
          return { reason, handle };
        }),
      );
      await sleepUntil(env, '2032-03-04T09:00:00Z');
      for (const { reason, handle } of handles) {
        await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }] });
        await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2032-03-04' }] });
        const needsFacts = ['ramme_brugt', 'bevilling_udloebet', 'gentagne_aflysninger', 'udeblivelser'].includes(reason);
        if (needsFacts) {
          const early = await handle
            .executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason, date: '2032-03-04' }] })
            .catch((e: unknown) => e);
          expect(early, reason).toBeInstanceOf(WorkflowUpdateFailedError);
          expect((early as WorkflowUpdateFailedError).cause?.message, reason).toMatch(/^aarsag: /);
        }
        for (const outcome of SETUP[reason].sessions) {
          await handle.executeUpdate(recordSessionUpdate, {
            args: [{ type: 'RecordSession', actor: terapeut, date: '2032-03-04', outcome, durationMinutes: outcome === 'gennemfoert' ? 45 : 0 }],
          });
        }
      }
      await sleepUntil(env, '2032-06-04T10:00:00Z');
      for (const { reason, handle } of handles) {
        const ended = await handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason, date: SETUP[reason].endOn }] });
        expect(ended.events[0], reason).toMatchObject({ type: 'AfslutningRecorded', data: { reason } });
        expect(ended.events.find((e) => e.type === 'DeadlineMet')).toMatchObject({ data: { deadline: 'bevilling', dueDate: '2032-06-04', metOn: SETUP[reason].endOn } });
        // Varde: the therapist ends; the closing role is the therapist too (001:133).
        await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] });
        const final = await handle.query(getForloebQuery);
        expect(final.state.status === 'closed' && final.state.afslutning?.reason).toBe(reason);
        await handle.result();
      }
    });
    expect(published.filter((e) => e.type === 'ForloebClosed')).toHaveLength(Reasons.options.length);
  }, 180_000);
});
