// Afslutning for each reason on the time-skipping server (Varde §86.1, 001): every reason ends a
// forløb when the facts support it and is refused before; the bevilling deadline is met by the
// ending, and the forløb closes and completes. One server per reason, each forløb on its own clock.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
beforeEach(async () => {
  env = await startTimeSkipping();
});
afterEach(async () => {
  await env?.teardown();
});

const visitator = { role: 'visitator' as const };
const terapeut = { role: 'terapeut' as const };
type Outcome = CommandOf<'RecordSession'>['outcome'];

/** What must have happened before each reason may be given, and the date the forløb ends. */
const SETUP: Record<AfslutningReason, { needs: Outcome[] | 'grant-expired' | 'nothing'; endOn: string }> = {
  maal_naaet: { needs: 'nothing', endOn: '2032-03-10' },
  ramme_brugt: { needs: Array<Outcome>(20).fill('gennemfoert'), endOn: '2032-03-10' },
  bevilling_udloebet: { needs: 'grant-expired', endOn: '2032-06-04' }, // 3 months from the start on 4 March
  gentagne_aflysninger: { needs: ['aflyst_af_borger', 'aflyst_af_borger'], endOn: '2032-03-10' },
  udeblivelser: { needs: ['udeblevet', 'udeblevet'], endOn: '2032-03-10' },
  borger_fravaelger: { needs: 'nothing', endOn: '2032-03-10' },
  andet_tilbud: { needs: 'nothing', endOn: '2032-03-10' },
  udenfor_maalgruppe: { needs: 'nothing', endOn: '2032-03-10' },
};

describe('afslutning, Varde §86.1', () => {
  it('covers every reason of the closed list', () => {
    expect(Object.keys(SETUP).sort()).toEqual([...Reasons.options].sort());
  });

  it.each(Reasons.options)('ends for %s once its facts are there, and refuses it before', async (reason) => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    const { needs, endOn } = SETUP[reason];
    await worker.runUntil(async () => {
      await sleepUntil(env, '2032-03-03T08:00:00Z');
      const handle = await startForloeb(env, taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2032-03-03' }, 'visitator');
      await sleepUntil(env, '2032-03-04T09:00:00Z');
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }] });
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2032-03-04' }] });
      const end = () => handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason, date: endOn }] });
      if (needs !== 'nothing') {
        const early = await handle
          .executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason, date: '2032-03-04' }] })
          .catch((e: unknown) => e);
        expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((early as WorkflowUpdateFailedError).cause?.message).toMatch(/^aarsag: /);
      }
      if (Array.isArray(needs)) {
        for (const outcome of needs) {
          await handle.executeUpdate(recordSessionUpdate, {
            args: [{ type: 'RecordSession', actor: terapeut, date: '2032-03-04', outcome, durationMinutes: outcome === 'gennemfoert' ? 45 : 0 }],
          });
        }
      }
      await sleepUntil(env, `${endOn}T10:00:00Z`);
      const ended = await end();
      expect(ended.events[0]).toMatchObject({ type: 'AfslutningRecorded', data: { reason } });
      expect(ended.events.find((e) => e.type === 'DeadlineMet')).toMatchObject({ data: { deadline: 'bevilling', dueDate: '2032-06-04', metOn: endOn } });
      // Varde: the therapist ends and closes (001:127, 001:133).
      await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] });
      const final = await handle.query(getForloebQuery);
      expect(final.state.status === 'closed' && final.state.afslutning?.reason).toBe(reason);
      await handle.result();
    });
    expect(published.at(-1)?.type).toBe('ForloebClosed');
  });
});
