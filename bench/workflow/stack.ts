// What one `npm run bench:workflow` run measures on: its own Temporal dev server, the production
// worker (worker/worker.ts: createWorker with the prebuilt bundle, its cache and slots, the payload
// codec), a client with the same codec, the SDK's Prometheus metrics, and with --postgres the real
// projection activity on a fresh database. Everything it starts it removes again, also on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { createDataConverter } from '../../config/data-converter';
import { parsePayloadKeys } from '../../config/payload-keys';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { freePort } from '../../scripts/ports';
import { writeWorkflowBundle } from '../../worker/bundle';
import { createWorker } from '../../worker/worker';
import { startDevServer, type DevServer } from './dev-server';
import { startReadModel, type ReadModel } from './read-model';

export const TASK_QUEUE = 'bench-forloeb';

export type StackOptions = { encrypt: boolean; postgres: boolean; cache: number; workflowTaskSlots: number };

export type Stack = {
  dir: string;
  server: DevServer;
  client: Client;
  connection: NativeConnection;
  dataConverter: DataConverter | undefined;
  /** The production bundle (worker/bundle.ts), as the worker and the replays load it. */
  bundlePath: string;
  /** The forløb worker; it polls only inside `worker.runUntil`, which a run calls once. */
  worker: Worker;
  readModel: ReadModel | undefined;
  /**
   * Where publishEvents goes: with `postgres` set, the real activity (appendAndProject on the read
   * model's pool); otherwise it answers at once, as if every event were projected. Counts both.
   */
  publish: { postgres: boolean; calls: number; events: number };
  /** The SDK's metrics in Prometheus text (the worker's sticky cache hits and misses among them). */
  metrics: () => Promise<string>;
};

export const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
export const rss = () => process.memoryUsage().rss;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** V8's gc, exposed at run time so that no node flag is needed (`--expose-gc` does the same). */
export const forceGc: (() => void) | undefined = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
})();

/** Runs `task(0..n-1)` with at most `c` in flight; a task that answers false stops the rest from starting. */
export async function inParallel(n: number, c: number, task: (i: number) => Promise<boolean | void>): Promise<void> {
  let next = 0;
  let stopped = false;
  await Promise.all(
    Array.from({ length: Math.min(n, c) }, async () => {
      while (!stopped && next < n) if ((await task(next++)) === false) stopped = true;
    }),
  );
}

/**
 * Sets up the stack, runs `body` on it and takes it down again. The SDK runtime is installed here
 * (once per process), with the Prometheus exporter on a free port and without signal handling of its
 * own: a signal stops the dev server and the database through the cleanups below.
 */
export async function withStack<T>(options: StackOptions, body: (stack: Stack) => Promise<T>): Promise<T> {
  const metricsPort = await freePort();
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) }, metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } },
    shutdownSignals: [],
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-workflow-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  let server: DevServer | undefined;
  const cleanUp = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => console.error(`  cleanup: ${(err as Error).message}`));
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the Temporal dev server${options.postgres ? ' and PostgreSQL' : ''}`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  // Never leave the server behind, also on an exit nobody awaited.
  const onExit = () => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    server = await startDevServer(dir);
    const s = server;
    cleanups.push(() => s.stop());
    const readModel = options.postgres ? await startReadModel() : undefined;
    if (readModel) cleanups.push(() => readModel.stop());
    const dataConverter = options.encrypt ? createDataConverter(parsePayloadKeys(`bench:${randomBytes(32).toString('base64')}`)) : undefined;
    const connection = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const clientConnection = await Connection.connect({ address: server.address });
    cleanups.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, ...(dataConverter ? { dataConverter } : {}) });
    const bundlePath = join(dir, 'workflow-bundle.js');
    await writeWorkflowBundle(bundlePath);
    // Without --postgres the pool is never used: publishEvents answers in memory.
    const pool = readModel?.pool ?? new pg.Pool({ max: 1 });
    if (!readModel) cleanups.push(() => pool.end());
    const publish = { postgres: options.postgres, calls: 0, events: 0 };
    const worker = await createWorker({
      connection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      pool,
      // The forløb run by the built-in sonderborg-sul140 (bench/workflow/forloeb-load.ts).
      catalogue: BUILT_IN_REGELSAET,
      dataConverter,
      maxCachedWorkflows: options.cache,
      maxConcurrentWorkflowTasks: options.workflowTaskSlots,
      workflowBundlePath: bundlePath,
      wrapActivities: (real) => ({
        async publishEvents(input) {
          publish.calls++;
          publish.events += input.events.length;
          return publish.postgres ? real.publishEvents(input) : { projectedSeq: input.events.at(-1)?.seq ?? 0 };
        },
      }),
    });
    const metrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return await body({ dir, server, client, connection, dataConverter, bundlePath, worker, readModel, publish, metrics });
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', onExit);
  }
}
