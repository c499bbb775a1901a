// A decision retried after the worker failed makes one letter: the forløb workflow on the
// time-skipping server, its publishEvents activity the real one on PostgreSQL. The first delivery of
// the visitation's events commits and then fails, as when a worker is killed after the commit and
// before Temporal hears of it; Temporal retries the activity, and the letter is still one, made and
// sent once.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { FileLetterChannel, sendDueLetters } from '../../activities/letters';
import type { RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { recordVisitationUpdate } from '../../workflows/forloeb.messages';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { sleepUntil, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping, workflowBundle } from '../support/temporal';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let outbox: string;
beforeAll(async () => {
  env = await startTimeSkipping();
  db = await startTestDatabase();
  outbox = mkdtempSync(join(tmpdir(), 'breve-wf-'));
});
afterAll(async () => {
  await env?.teardown();
  await db?.stop();
  rmSync(outbox, { recursive: true, force: true });
});

describe('a decision whose delivery is retried', () => {
  it('makes one letter, sent once', async () => {
    const real = createActivities({ pool: db.pool, catalogue: BUILT_IN_REGELSAET });
    const deliveries: number[][] = [];
    let failed = false;
    const taskQueue = 'breve-retry';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        async publishEvents(input: { forloebId: string; events: RecordedEvent[] }) {
          deliveries.push(input.events.map((e) => e.seq));
          const result = await real.publishEvents(input);
          if (!failed && input.events.some((e) => e.type === 'VisitationRecorded')) {
            failed = true;
            throw new Error('worker killed after the commit');
          }
          return result;
        },
      },
    });

    await worker.runUntil(async () => {
      await sleepUntil(env, '2031-03-03T08:00:00Z');
      const handle = await startForloeb(env, taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr: '010190-1234', navn: 'Åse Ørsted', modtaget: '2031-03-03' }, 'visitator');
      await sleepUntil(env, '2031-03-04T09:00:00Z');
      await handle.executeUpdate(recordVisitationUpdate, {
        args: [{ type: 'RecordVisitation', actor: { role: 'visitator' }, decision: 'afslaaet', reason: 'Borgeren kan selv træne derhjemme.' }],
      });
      // A refused forløb is closed: its workflow ends once the retried delivery is acknowledged.
      await handle.result();
      const rows = (await db.pool.query('SELECT forloeb_id, seq, kind FROM breve')).rows;
      expect(rows).toEqual([{ forloeb_id: handle.workflowId, seq: 2, kind: 'afslag' }]);
    });

    expect(failed).toBe(true);
    // The visitation's events went to the activity at least twice.
    expect(deliveries.filter((d) => d.includes(2)).length).toBeGreaterThanOrEqual(2);

    const channel = new FileLetterChannel(outbox);
    const runs = await Promise.all([1, 2, 3].map(() => sendDueLetters({ pool: db.pool, catalogue: BUILT_IN_REGELSAET, keys: undefined, channel })));
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
  });
});
