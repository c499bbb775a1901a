// PostgreSQL unreachable for a while: the forløb workflow keeps accepting commands, and once the
// database is back the read model catches up with every event exactly once. A reminder that falls
// due meanwhile cannot reach the inbox: its delivery is refused and retried, the forløb's own
// commands are accepted all the while, and the reminder arrives once when the database is back. Real dev server (Temporal
// retries the activity in real time), real PostgreSQL behind a proxy that the test cuts.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { temporalCliPath } from '../../config/binaries';
import { copenhagenDateOf, addCalendarDays } from '../../domain/calendar';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import { assignTherapistUpdate, bookStartUpdate, getForloebQuery, recordVisitationUpdate, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';
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
  it('delays the read model and a due reminder (its refused delivery retried until the database is back), loses and doubles nothing, and never blocks a command', async () => {
    const taskQueue = `outage-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ pool: proxiedPool, catalogue: BUILT_IN_REGELSAET }),
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
      // The reminded forløb's own commands are accepted too, while its reminder cannot reach the inbox.
      const visited = await remindedHandle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: { role: 'koordinator' }, decision: 'bevilget' }] });
      expect(visited.events.map((e) => e.type)).toContain('VisitationRecorded');
      // The commands were accepted at once, while nothing could be written.
      expect(Date.now() - started).toBeLessThan(5_000);
      // The delivery that carries the reminder was refused and is being retried.
      await eventually(async () => {
        const pending = (await remindedHandle.describe()).raw.pendingActivities ?? [];
        return pending.some((a) => (a.attempt ?? 0) >= 2 && !!a.lastFailure);
      }, 20_000);
      expect(await projectedSeq(reminded)).toBe(0);
      const assigned = await remindedHandle.executeUpdate(assignTherapistUpdate, {
        args: [{ type: 'AssignTherapist', actor: { role: 'koordinator' }, terapeut: 'terapeut-1', enhed: 'Træningsenheden Nord' }],
      });
      expect(assigned.events.map((e) => e.type)).toEqual(['TherapistAssigned']);
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
      // And the commands given meanwhile are in the read model after it, in order.
      const remindedEvents = await db.pool.query<{ type: string }>('SELECT type FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [reminded]);
      const types = remindedEvents.rows.map((r) => r.type);
      expect(types.indexOf('ReminderSent')).toBeLessThan(types.indexOf('VisitationRecorded'));
      expect(types.filter((t) => t === 'ReminderSent')).toHaveLength(1);
      expect(types.at(-1)).toBe('TherapistAssigned');
      const remindedRow = await db.pool.query('SELECT phase, terapeut FROM forloeb WHERE id = $1', [reminded]);
      expect(remindedRow.rows[0]).toMatchObject({ terapeut: 'terapeut-1' });
    });
  }, 120_000);
});
