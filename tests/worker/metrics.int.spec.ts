// The worker's Prometheus endpoint (WORKER_METRICS_ADDRESS): the real worker process against a
// Temporal dev server and PostgreSQL runs a forløb, and its /metrics shows the workflow task and
// activity metrics operators alert on (docs/operations.md, "Metrics and alerts"), including a workflow task that fails.
// The watchdog's counters (worker/metrics.ts) are checked on an exporter in this process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalCliPath } from '../../config/binaries';
import { createDataConverter } from '../../config/data-converter';
import { PROJECT_ROOT } from '../../config/env';
import { parsePayloadKeys } from '../../config/payload-keys';
import type { CommandOf } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { freePort, waitForHttp, waitForPort } from '../../scripts/ports';
import { devServerArgs } from '../../scripts/temporal-dev-server';
import { watchdogMetrics } from '../../worker/metrics';
import type { ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { isAlive } from '../support/processes';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition (no escaped quotes in our label values). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

async function scrape(address: string): Promise<Sample[]> {
  const res = await fetch(`http://${address}/metrics`);
  expect(res.status).toBe(200);
  return parseExposition(await res.text());
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

/** Polls until `check` passes; its last error explains a timeout. */
async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** SIGTERM to the process (and its group); SIGKILL if it has not ended after `timeoutMs`. */
async function stop(proc: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const timer = setTimeout(() => process.kill(-proc.pid!, 'SIGKILL'), timeoutMs);
  proc.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

describe('the worker process exports its metrics for Prometheus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forloeb-metrics-'));
  const taskQueue = `metrics-${randomUUID()}`;
  const payloadKeys = `metrics-1:${randomBytes(32).toString('base64')}`;
  let db: TestDatabase;
  let temporal: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let workerOutput = '';
  let connection: Connection | undefined;
  let client: Client;
  let metricsAddress: string;
  let workerEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await startTestDatabase();
    const [port, httpPort, serverMetricsPort, workerMetricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    temporal = spawn(temporalCliPath(), devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort, metricsPort: serverMetricsPort }), {
      stdio: 'ignore',
      detached: true,
    });
    await waitForPort(port, 30_000);

    metricsAddress = `127.0.0.1:${workerMetricsPort}`;
    workerEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PAYLOAD_KEYS: payloadKeys,
      LOG_LEVEL: 'info',
    };
    worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...workerEnv, WORKER_METRICS_ADDRESS: metricsAddress },
    });
    worker.stdout!.on('data', (c: Buffer) => (workerOutput += c.toString()));
    worker.stderr!.on('data', (c: Buffer) => (workerOutput += c.toString()));
    await eventually('the worker started', 90_000, async () => {
      if (worker!.exitCode !== null) throw new Error(`the worker ended:\n${workerOutput}`);
      expect(workerOutput).toContain('"msg":"worker started"');
    });

    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    client = new Client({ connection, namespace: 'default', dataConverter: createDataConverter(parsePayloadKeys(payloadKeys)) });
  });

  afterAll(async () => {
    await connection?.close();
    const pids = [worker?.pid, temporal?.pid].filter((p): p is number => p !== undefined);
    await stop(worker, 30_000);
    await stop(temporal, 15_000);
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('says where it serves them', () => {
    expect(workerOutput).toContain(`"metrics":"http://${metricsAddress}/metrics"`);
  });

  it('counts the workflow tasks and activities of a forløb it ran, and how long tasks waited', async () => {
    const forloebId = `forloeb-${randomUUID()}`;
    const create: CommandOf<'CreateForloeb'> = {
      type: 'CreateForloeb',
      actor: { role: 'koordinator' },
      source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'ryg', niveau: 'basal' },
    };
    const input: ForloebWorkflowInput = { forloebId, regelsaet: findRegelsaet('sonderborg-sul140')!, create };
    await client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
    // The forløb's creation reached PostgreSQL: its workflow task ran and its delivery succeeded.
    await eventually('the forløb was projected', 60_000, async () => {
      const { rowCount } = await db.pool.query('SELECT 1 FROM forloeb_events WHERE forloeb_id = $1', [forloebId]);
      expect(rowCount).toBeGreaterThan(0);
    });

    const samples = await eventually('the task metrics were exported', 10_000, async () => {
      const s = await scrape(metricsAddress);
      expect(sum(s, 'temporal_workflow_task_execution_latency_count', { task_queue: taskQueue })).toBeGreaterThan(0);
      return s;
    });
    const q = { task_queue: taskQueue };
    // Every task the worker took waited in the queue first; the histogram counts each wait.
    expect(sum(samples, 'temporal_workflow_task_schedule_to_start_latency_count', q)).toBeGreaterThan(0);
    expect(sum(samples, 'temporal_workflow_task_schedule_to_start_latency_sum', q)).toBeGreaterThan(0);
    expect(sum(samples, 'temporal_workflow_task_execution_latency_sum', q)).toBeGreaterThan(0);
    expect(sum(samples, 'temporal_activity_execution_latency_count', { ...q, activity_type: 'publishEvents' })).toBeGreaterThan(0);
    // Buckets that bracket the 10 s workflow task timeout (the SDK's own end at 1 s).
    const bounds = (name: string) => samples.filter((s) => s.name === name && s.labels.task_queue === taskQueue).map((s) => s.labels.le);
    expect(bounds('temporal_workflow_task_execution_latency_bucket')).toEqual(expect.arrayContaining(['5000', '7500', '10000']));
    expect(bounds('temporal_workflow_task_schedule_to_start_latency_bucket')).toEqual(expect.arrayContaining(['1000', '2500', '5000']));
    // The sticky cache holds the forløb it just ran.
    expect(sum(samples, 'temporal_sticky_cache_size')).toBeGreaterThan(0);
    // Nothing failed yet.
    expect(sum(samples, 'temporal_workflow_task_execution_failed', q)).toBe(0);
    expect(sum(samples, 'temporal_activity_execution_failed', q)).toBe(0);
  });

  it('counts a workflow task that fails, with its reason', async () => {
    // A workflow type the bundle does not export: every attempt of its first task fails on the
    // worker, as a task does that meets a bug in the workflow code.
    const handle = await client.workflow.start('ingenSaadanWorkflow', { workflowId: `metrics-fejl-${randomUUID()}`, taskQueue, args: [] });
    const samples = await eventually('the failed task was counted', 30_000, async () => {
      const s = await scrape(metricsAddress);
      expect(sum(s, 'temporal_workflow_task_execution_failed', { task_queue: taskQueue })).toBeGreaterThan(0);
      return s;
    });
    // The reason the alerts tell apart: WorkflowError (the code threw) from NonDeterminismError.
    const failed = samples.filter((s) => s.name === 'temporal_workflow_task_execution_failed' && s.labels.task_queue === taskQueue);
    expect(failed.map((s) => [s.labels.workflow_type, s.labels.failure_reason])).toEqual([['ingenSaadanWorkflow', 'WorkflowError']]);
    await handle.terminate('the metrics test is done with it');
  });

  it('starts without metrics when their address is taken, and says so', async () => {
    // A second worker on the same task queue, told to export on the first one's address.
    const second = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...workerEnv, WORKER_METRICS_ADDRESS: metricsAddress },
    });
    let output = '';
    second.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    second.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await eventually('the second worker started', 90_000, async () => {
        if (second.exitCode !== null) throw new Error(`the second worker ended:\n${output}`);
        expect(output).toContain('"msg":"worker started"');
      });
      expect(output).toContain('metrics exporter did not start; running without metrics');
      expect(output).toContain('"metrics":"off"');
      // The first worker's endpoint is untouched.
      expect(sum(await scrape(metricsAddress), 'temporal_worker_start', { task_queue: taskQueue })).toBe(1);
    } finally {
      await stop(second, 30_000);
    }
    expect(isAlive(second.pid!)).toBe(false);
  });
});

describe('the watchdog counters (worker/metrics.ts)', () => {
  it('appear on the runtime exporter once per label set, summing every increment', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) }, metrics: { prometheus: { bindAddress: address } } },
    });
    await waitForHttp(`http://${address}/metrics`, 10_000);
    watchdogMetrics().findings.add(2, { kind: 'timer-overdue' });
    // Asked for again (as every activity will): the same counters, not a second series.
    watchdogMetrics().findings.add(1, { kind: 'timer-overdue' });
    watchdogMetrics().findings.add(1, { kind: 'read-model-behind' });
    watchdogMetrics().repairs.add(1, { outcome: 'failed' });

    const samples = await eventually('the counters were exported', 10_000, async () => {
      const s = await scrape(address);
      expect(sum(s, 'forloeb_watchdog_repairs_total')).toBe(1);
      return s;
    });
    const findings = samples.filter((s) => s.name === 'forloeb_watchdog_findings_total');
    expect(findings.map((s) => [s.labels.kind, s.value]).sort()).toEqual([
      ['read-model-behind', 1],
      ['timer-overdue', 3],
    ]);
    expect(samples.filter((s) => s.name === 'forloeb_watchdog_repairs_total').map((s) => s.labels)).toEqual([{ outcome: 'failed' }]);
  });
});
