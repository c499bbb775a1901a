// PostgreSQL unreachable for a while: the forløb workflow keeps accepting commands, and once the
// database is back the read model catches up with every event exactly once. Real dev server (Temporal
// retries the activity in real time), real PostgreSQL behind a proxy that the test cuts.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { temporalCliPath } from '../../config/binaries';
import { copenhagenDateOf, addCalendarDays } from '../../domain/calendar';
import { findRegelsaet } from '../../domain/regelsaet';
import { bookStartUpdate, getForloebQuery, recordVisitationUpdate, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { installQuietRuntime, workflowBundle } from '../support/temporal';

let db: TestDatabase;
let proxy: TcpProxy;
let env: TestWorkflowEnvironment;
let proxiedPool: pg.Pool;

beforeAll(async () => {
  installQuietRuntime();
  db = await startTestDatabase();
  const url = new URL(db.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  proxiedPool = new pg.Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 2000 });
  proxiedPool.on('error', () => {});
  proxiedPool.on('connect', (c) => c.on('error', () => {}));
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() } } });
}, 120_000);
afterAll(async () => {
  await env?.teardown();
  await proxiedPool?.end().catch(() => {});
  await proxy?.close();
  await db?.stop();
});

const projectedSeq = async (id: string) =>
  (await db.pool.query<{ last_seq: number }>('SELECT last_seq FROM forloeb WHERE id = $1', [id])).rows[0]?.last_seq ?? 0;

async function eventually(probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a database outage', () => {
  it('delays the read model but loses and doubles nothing, and never blocks a command', async () => {
    const taskQueue = `outage-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ pool: proxiedPool }),
    });
    await worker.runUntil(async () => {
      const forloebId = `forloeb-${randomUUID()}`;
      const today = copenhagenDateOf(new Date());
      const input: ForloebWorkflowInput = {
        forloebId,
        regelsaet: findRegelsaet('sonderborg-sul140')!,
        create: {
          type: 'CreateForloeb',
          actor: { role: 'koordinator' },
          source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: addCalendarDays(today, -1), kategori: 'ryg', niveau: 'basal' },
        },
      };
      const handle = await env.client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
      await eventually(async () => (await projectedSeq(forloebId)) >= 2, 20_000);

      proxy.cut();
      const started = Date.now();
      // A forløb whose opstart reminder falls due at once (due tomorrow, reminded 2 hverdage before).
      const reminded = `forloeb-${randomUUID()}`;
      const remindedInput: ForloebWorkflowInput = {
        ...input,
        forloebId: reminded,
        create: { ...input.create!, source: { ...input.create!.source, kind: 'genoptraeningsplan', udskrivningsdato: addCalendarDays(today, -6) } as never },
      };
      const remindedHandle = await env.client.workflow.start('forloebWorkflow', { workflowId: reminded, taskQueue, args: [remindedInput] });
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: { role: 'koordinator' }, decision: 'bevilget' }] });
      await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: { role: 'koordinator' }, startDate: today }] });
      // The commands were accepted at once, while nothing could be written.
      expect(Date.now() - started).toBeLessThan(5_000);
      const workflowSeq = (await handle.query(getForloebQuery)).state.seq;
      expect(workflowSeq).toBeGreaterThanOrEqual(5);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await projectedSeq(forloebId)).toBeLessThan(workflowSeq);

      proxy.restore();
      await eventually(async () => (await projectedSeq(forloebId)) === workflowSeq, 60_000);
      const stored = await db.pool.query<{ seq: number; type: string }>('SELECT seq, type FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [forloebId]);
      expect(stored.rows.map((r) => r.seq)).toEqual(Array.from({ length: workflowSeq }, (_, i) => i + 1));
      expect(stored.rows.filter((r) => r.type === 'VisitationRecorded')).toHaveLength(1);
      const row = await db.pool.query('SELECT phase FROM forloeb WHERE id = $1', [forloebId]);
      expect(row.rows[0]).toEqual({ phase: 'opstart' });
      // The reminder sent during the outage reaches the inbox once it is back, exactly once.
      const remindedSeq = (await remindedHandle.query(getForloebQuery)).state.seq;
      expect((await remindedHandle.query(getForloebQuery)).deadlines[0]?.remindersSent).toBe(1);
      await eventually(async () => (await projectedSeq(reminded)) === remindedSeq, 60_000);
      const inbox = await db.pool.query('SELECT rolle, kind FROM paamindelser WHERE forloeb_id = $1', [reminded]);
      expect(inbox.rows).toEqual([{ rolle: 'koordinator', kind: 'paamindelse' }]);
    });
  }, 120_000);
});
