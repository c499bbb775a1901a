// The watchdog on a real Temporal dev server (resets and visibility queries need it) and PostgreSQL:
// a forløb made by the real workflow, then a deploy of a workflow changed without `patched()`
// whose tasks fail on that history. The watchdog finds it, resets it to its last workflow task that
// the deployed code replays, reconciles its read model, and the forløb goes on.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, ScheduleOverlapPolicy, WorkflowUpdateStage } from '@temporalio/client';
import type { MetricCounter, MetricMeter, MetricTags } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchdogActivities, type ProblemSuspect, type Suspect } from '../../activities/watchdog';
import { ensureWatchdogSchedule, WATCHDOG_SCHEDULE_ID } from '../../activities/watchdog/schedule';
import { temporalCliPath } from '../../config/binaries';
import { createLogger } from '../../config/logger';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../config/data-converter';
import { parsePayloadKeys } from '../../config/payload-keys';
import { copenhagenDateOf } from '../../domain/calendar';
import { nextWakeUp, type CommandOf } from '../../domain/forloeb';
import { appendAndProject } from '../../activities/projection';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import { freePort, waitForPort } from '../../scripts/ports';
import { rebuildReadModel } from '../../scripts/projections-rebuild';
import { devServerArgs } from '../../scripts/temporal-dev-server';
import { createWorker, WORKFLOWS_PATH } from '../../worker/worker';
import type { WatchdogSummary } from '../../workflows/watchdog.workflow';
import { assignTherapistUpdate, getForloebQuery, recordVisitationUpdate, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';
import { installQuietRuntime } from '../support/temporal';

installQuietRuntime();

const dir = mkdtempSync(join(tmpdir(), 'forloeb-watchdog-'));
const dataConverter = createDataConverter(parsePayloadKeys(`k1:${randomBytes(32).toString('base64')}`));
const taskQueue = `watchdog-${randomUUID()}`;
let server: ChildProcess;
let db: TestDatabase;
let native: NativeConnection;
let connection: Connection;
let client: Client;
const bundles = { real: join(dir, 'real.js'), changed: join(dir, 'changed.js') };

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** A meter that keeps what was counted: the sum per metric name over the additions carrying `tags`. */
function recordingMeter() {
  const added: { name: string; value: number; tags: MetricTags }[] = [];
  const counter = (name: string): MetricCounter =>
    ({ name, unit: undefined, description: undefined, kind: 'counter', valueType: 'int', add: (value: number, tags: MetricTags = {}) => added.push({ name, value, tags }) }) as unknown as MetricCounter;
  const meter = { createCounter: counter, withTags: () => meter } as unknown as MetricMeter;
  const count = (name: string, tags: MetricTags) =>
    added.filter((a) => a.name === name && Object.entries(tags).every(([k, v]) => a.tags[k] === v)).reduce((sum, a) => sum + a.value, 0);
  return { meter, count };
}

async function runWorker(bundle: string): Promise<{ worker: Worker; running: Promise<void> }> {
  const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, pool: db.pool, catalogue: BUILT_IN_REGELSAET, dataConverter, workflowBundlePath: bundle });
  return { worker, running: worker.run() };
}

async function stopWorker(w: { worker: Worker; running: Promise<void> }) {
  w.worker.shutdown();
  await w.running;
}

beforeAll(async () => {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  server = spawn(temporalCliPath(), devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort, metricsPort }), { stdio: 'ignore' });
  db = await startTestDatabase();
  const quiet = new DefaultLogger('WARN');
  const [real, changed] = await Promise.all([
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quiet }),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./changed/workflows.ts', import.meta.url)), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quiet }),
  ]);
  writeFileSync(bundles.real, real.code);
  writeFileSync(bundles.changed, changed.code);
  await waitForPort(port, 30_000);
  native = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
  connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  client = new Client({ connection, namespace: 'default', dataConverter });
}, 180_000);

afterAll(async () => {
  await connection?.close().catch(() => {});
  await native?.close().catch(() => {});
  await db?.stop();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };

describe('the watchdog', () => {
  it('is scheduled once a minute with overlap SKIP, and ensuring it again updates instead of failing', async () => {
    expect(await ensureWatchdogSchedule(client, taskQueue)).toBe('oprettet');
    expect(await ensureWatchdogSchedule(client, taskQueue)).toBe('opdateret');
    const d = await client.schedule.getHandle(WATCHDOG_SCHEDULE_ID).describe();
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(d.spec.intervals).toMatchObject([{ every: 60_000 }]);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'watchdogWorkflow', taskQueue });
    // Paused here: the test calls the watchdog itself, at the moments it chooses.
    await client.schedule.getHandle(WATCHDOG_SCHEDULE_ID).pause('test');
  });

  it('finds a forløb whose history no longer replays, repairs it, and the forløb goes on', async () => {
    // 1. The real workflow: created (discharged three weeks ago, so reminders are due) and granted.
    const regelsaet = findRegelsaet('sonderborg-sul140')!;
    const forloebId = `forloeb-${randomUUID()}`;
    const discharged = copenhagenDateOf(new Date(Date.now() - 21 * 86_400_000));
    const create: CommandOf<'CreateForloeb'> = {
      type: 'CreateForloeb',
      actor: koordinator,
      source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: discharged, kategori: 'ryg', niveau: 'basal' },
    };
    const input: ForloebWorkflowInput = { forloebId, regelsaet, create };
    const real = await runWorker(bundles.real);
    const handle = await client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
    const granted = await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
    expect(granted.events.map((e) => e.type)).toContain('VisitationRecorded');
    const lastSeq = granted.events.at(-1)!.seq;
    await waitFor('the read model', async () => ((await db.pool.query('SELECT last_seq FROM forloeb WHERE id = $1', [forloebId])).rows[0]?.last_seq === lastSeq ? true : undefined));
    const decidedBefore = (await db.pool.query('SELECT seq, type, data FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [forloebId])).rows;
    expect((await db.pool.query('SELECT count(*)::int AS n FROM paamindelser WHERE forloeb_id = $1', [forloebId])).rows[0].n).toBeGreaterThan(0);
    await stopWorker(real);

    // 2. The changed code is deployed; the next command makes a task that fails on the history.
    const changed = await runWorker(bundles.changed);
    try {
      await expect(
        client.withDeadline(Date.now() + 3_000, () =>
          handle.startUpdate(assignTherapistUpdate, { args: [{ type: 'AssignTherapist', actor: koordinator, terapeut: 'terapeut-1', enhed: 'Nord' }], waitForStage: WorkflowUpdateStage.ACCEPTED }),
        ),
      ).rejects.toThrow();

      // 3. The watchdog lists it (the server marks it after three failed attempts) and examines it.
      const { meter, count } = recordingMeter();
      const env = new MockActivityEnvironment({}, { client, metricMeter: meter });
      const activities = createWatchdogActivities({ pool: db.pool, namespace: 'default', dataConverter, replayBundle: async () => ({ codePath: bundles.changed }), settleMs: 0, log: createLogger('watchdog', 'silent') });
      const suspects = await waitFor('the suspect', async () => {
        const found = (await env.run(activities.listWatchdogSuspects)) as Suspect[];
        return found.some((s) => s.workflowId === forloebId) ? found : undefined;
      });
      const suspect = suspects.find((s) => s.workflowId === forloebId)!;
      expect(suspect.reason).toBe('problemer');
      const oldRunId = (suspect as ProblemSuspect).runId;
      const examined = await env.run(activities.examineForloeb, suspect);
      expect(examined).toMatchObject({ workflowId: forloebId, outcome: 'fund', kind: 'ikke_deterministisk', repair: 'repareret' });
      expect(count('forloeb_watchdog_findings_total', { kind: 'ikke_deterministisk' })).toBe(1);
      expect(count('forloeb_watchdog_repairs_total', { outcome: 'repareret' })).toBe(1);
      expect(count('forloeb_watchdog_repairs_total', { outcome: 'mislykket' })).toBe(0);

      // The operations inbox holds the finding, resolved by the watchdog, with what was done; no CPR.
      const fund = (await db.pool.query('SELECT * FROM drift_fund WHERE forloeb_id = $1', [forloebId])).rows;
      expect(fund).toHaveLength(1);
      expect(fund[0]).toMatchObject({ kind: 'ikke_deterministisk', repair: 'repareret', resolved_by: 'watchdog', run_id: oldRunId });
      expect(fund[0].resolved_at).not.toBeNull();
      expect(fund[0].repair_detail).toMatch(/Nulstillet/);
      expect(JSON.stringify(fund[0])).not.toContain('010190');

      // 4. The forløb runs again on a new run and accepts a later command.
      const description = await client.workflow.getHandle(forloebId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.runId).not.toBe(oldRunId);
      const assigned = await client.workflow.getHandle(forloebId).executeUpdate(assignTherapistUpdate, {
        args: [{ type: 'AssignTherapist', actor: koordinator, terapeut: 'terapeut-1', enhed: 'Nord' }],
      });
      expect(assigned.events.map((e) => e.type)).toContain('TherapistAssigned');
      const snapshot = await client.workflow.getHandle(forloebId).query(getForloebQuery);
      expect(snapshot.state.status).toBe('open');

      // Every decision accepted before the failure stands: the same events, in the same order.
      const lastNow = assigned.events.at(-1)!.seq;
      await waitFor('the read model after the repair', async () =>
        (await db.pool.query('SELECT last_seq FROM forloeb WHERE id = $1', [forloebId])).rows[0]?.last_seq === lastNow ? true : undefined,
      );
      const decidedAfter = (await db.pool.query('SELECT seq, type, data FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [forloebId])).rows;
      expect(decidedAfter.slice(0, decidedBefore.length).map((e) => [e.type, e.data])).toEqual(decidedBefore.map((e) => [e.type, e.data]));
      expect(decidedAfter.map((e) => e.seq)).toEqual(decidedAfter.map((_, i) => i + 1));

      // The read model's next wake-up moment is the workflow's.
      const wake = (await db.pool.query('SELECT next_wake_at FROM forloeb WHERE id = $1', [forloebId])).rows[0].next_wake_at as Date | null;
      const state = (await client.workflow.getHandle(forloebId).query(getForloebQuery)).state;
      expect(wake?.toISOString()).toBe(nextWakeUp(state, regelsaet)?.toISOString());
      expect(wake).not.toBeNull();
      // And the new run sleeps on a timer that fires at that moment, or less than a minute after it
      // (wake-ups may be spread a little; the watchdog's grace is ten minutes): its deadlines drive it again.
      const history = (await client.workflow.getHandle(forloebId).fetchHistory()).events ?? [];
      const ended = new Set(history.flatMap((e) => [e.timerFiredEventAttributes?.timerId, e.timerCanceledEventAttributes?.timerId].filter(Boolean)));
      const pendingTimers = history.flatMap((e) => {
        const t = e.timerStartedEventAttributes;
        return t && !ended.has(t.timerId) ? [tsToMs(e.eventTime) + tsToMs(t.startToFireTimeout)] : [];
      });
      expect(pendingTimers.some((fireAt) => fireAt > wake!.getTime() - 2_000 && fireAt < wake!.getTime() + 60_000), JSON.stringify({ pendingTimers, wake })).toBe(true);

      // What the reset discarded is archived, nothing lost.
      const superseded = (await db.pool.query('SELECT seq FROM forloeb_events_superseded WHERE forloeb_id = $1', [forloebId])).rows;
      const kept = Number(/hændelserne til nr\. (\d+)/.exec(fund[0].repair_detail)![1]);
      for (const s of superseded) expect(s.seq).toBeGreaterThan(kept);

      // No notice twice, and the read model equals a rebuild from the surviving events.
      const notices = (await db.pool.query('SELECT rolle, kind, deadline, level FROM paamindelser WHERE forloeb_id = $1', [forloebId])).rows;
      expect(new Set(notices.map((n) => JSON.stringify(n))).size).toBe(notices.length);
      const live = await snapshotReadModel(db.pool);
      await rebuildReadModel(db.pool);
      expect(await snapshotReadModel(db.pool)).toEqual(live);

      // The next watchdog run finds nothing more to do for it.
      const again = (await env.run(activities.listWatchdogSuspects)) as Suspect[];
      expect(again.filter((s) => s.workflowId === forloebId)).toEqual([]);
    } finally {
      await stopWorker(changed);
    }
  }, 240_000);

  it('reports an open forløb whose notice moment passed without a tick, and keeps one open finding for it', async () => {
    // Created a month ago and never ticked since: its first reminder is long overdue. No workflow runs it.
    const forloebId = `forloeb-${randomUUID()}`;
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    const { events } = run([
      [
        { type: 'CreateForloeb', actor: koordinator, source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: copenhagenDateOf(monthAgo), kategori: 'ryg', niveau: 'basal' } },
        monthAgo.toISOString(),
      ],
    ]);
    await appendAndProject(db.pool, forloebId, events);
    const wake = (await db.pool.query('SELECT next_wake_at FROM forloeb WHERE id = $1', [forloebId])).rows[0].next_wake_at as Date;
    expect(wake.getTime()).toBeLessThan(Date.now() - 10 * 60_000);

    const { meter, count } = recordingMeter();
    const env = new MockActivityEnvironment({}, { client, metricMeter: meter });
    const activities = createWatchdogActivities({ pool: db.pool, namespace: 'default', dataConverter, replayBundle: async () => ({ codePath: bundles.real }), log: createLogger('watchdog', 'silent') });
    const suspects = (await env.run(activities.listWatchdogSuspects)) as Suspect[];
    const suspect = suspects.find((s) => s.workflowId === forloebId);
    expect(suspect).toEqual({ workflowId: forloebId, reason: 'frist', wakeAt: wake.toISOString() });

    for (let i = 0; i < 2; i++) {
      expect(await env.run(activities.examineForloeb, suspect!)).toMatchObject({ outcome: 'fund', kind: 'frist_uden_tick', repair: 'ingen' });
    }
    expect(count('forloeb_watchdog_findings_total', { kind: 'frist_uden_tick' })).toBe(2);
    const fund = (await db.pool.query('SELECT * FROM drift_fund WHERE forloeb_id = $1', [forloebId])).rows;
    expect(fund).toHaveLength(1);
    expect(fund[0]).toMatchObject({ kind: 'frist_uden_tick', repair: 'ingen', resolved_at: null, resolved_by: null });
    expect(fund[0].detail).toContain('workflowet findes ikke');
    expect(fund[0].detail).toContain(wake.toISOString());
  });

  it('runs from its schedule as a workflow on the worker, with the activities the worker registers', async () => {
    const worker = await runWorker(bundles.real);
    try {
      const schedule = client.schedule.getHandle(WATCHDOG_SCHEDULE_ID);
      await schedule.trigger();
      const done = await waitFor('the watchdog run', async () => {
        for await (const wf of client.workflow.list({ query: `WorkflowType = 'watchdogWorkflow' AND ExecutionStatus = 'Completed'` })) return wf;
        return undefined;
      });
      const summary = (await client.workflow.getHandle(done.workflowId, done.runId).result()) as WatchdogSummary;
      expect(summary.failed).toEqual([]);
      // The forløb left without a tick in the test before is found again; its one finding stays open.
      expect(summary.examined).toContainEqual(expect.objectContaining({ outcome: 'fund', kind: 'frist_uden_tick', repair: 'ingen' }));
      const open = (await db.pool.query(`SELECT kind FROM drift_fund WHERE resolved_at IS NULL`)).rows;
      expect(open).toEqual([{ kind: 'frist_uden_tick' }]);
    } finally {
      await stopWorker(worker);
    }
  });
});
