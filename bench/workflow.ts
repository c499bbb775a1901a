// `npm run bench:workflow`: measures the Temporal workflow engine running the forløb workflow.
//
// It starts its own Temporal dev server (SQLite with WAL in a temporary folder, free ports) and runs
// the workers in this process with an in-memory publishEvents activity: no PostgreSQL is involved.
//
//   --mode lifecycle (default): N complete §140 lifecycles (26 Updates each), C in flight, then the
//     same load on a minimal workflow (bench/minimal.workflow.ts) as the baseline; prints both rates,
//     their ratio, Update latency, worker RSS and history lengths.
//   --mode idle: starts N forløb, leaves them idle (visited, start booked in the future) and prints
//     the worker's RSS.
//
// Options: --n, --concurrency, --cache (maxCachedWorkflows; default the worker's own, from WORKER_MEMORY_MB in worker/options.ts),
// --encrypt (the AES payload codec of config/data-converter.ts with a throwaway key; default off,
// as PAYLOAD_ENCRYPTION=off), --skip-baseline, --baseline-first (the order matters: the second phase
// runs on a database that already holds the first one's histories). The script exposes V8's gc itself to
// force a GC of the main thread before the idle RSS is read; the workflows themselves run in the
// SDK's workflow thread, whose heap no script can collect, so the idle RSS includes its garbage.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { DataConverter, UpdateDefinition } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';
import type { createActivities } from '../activities';
import { temporalCliPath } from '../config/binaries';
import { parseCli } from '../scripts/cli';
import { freePort } from '../scripts/ports';
import { devServerArgs } from '../scripts/temporal-dev-server';
import { createDataConverter } from '../config/data-converter';
import { parsePayloadKeys } from '../config/payload-keys';
import { addCalendarDays, copenhagenDateOf } from '../domain/calendar';
import { findRegelsaet } from '../domain/regelsaet';
import { workerSettings } from '../worker/options';
import { WORKFLOWS_PATH } from '../worker/worker';
import * as m from '../workflows/forloeb.messages';
import type { forloebWorkflow } from '../workflows/forloeb.workflow';
import { stepUpdate, type MinimalActivities, type minimalWorkflow } from './minimal.workflow';

/** V8's gc, exposed at run time so that no node flag is needed (`--expose-gc` does the same). */
const forceGc: (() => void) | undefined = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
})();

const cli = parseCli({
  usage: `Usage: npm run bench:workflow -- [--mode lifecycle|idle] [--n N] [--concurrency C] [--cache K]
                              [--encrypt] [--skip-baseline | --baseline-first]

Measures the forløb workflow on its own Temporal dev server (no PostgreSQL).

  --mode lifecycle|idle  complete lifecycles and a minimal-workflow baseline (default), or idle forløb
  --n N                  workflows (default 1,000; idle 10,000)
  --concurrency C        workflows in flight (default 50)
  --cache K              the worker's maxCachedWorkflows (default from WORKER_MEMORY_MB)
  --encrypt              the AES payload codec with a throwaway key
  --skip-baseline        no minimal-workflow baseline
  --baseline-first       the baseline before the forløb workflow`,
  options: {
    mode: { type: 'string', default: 'lifecycle' },
    n: { type: 'string' },
    concurrency: { type: 'string', default: '50' },
    cache: { type: 'string' },
    encrypt: { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    'baseline-first': { type: 'boolean', default: false },
  },
});
const opts = cli.values;
const mode = cli.oneOf('mode', ['lifecycle', 'idle']) ?? 'lifecycle';
const N = cli.wholeNumber('n', 1) ?? (mode === 'idle' ? 10_000 : 1_000);
const C = cli.wholeNumber('concurrency', 1)!;
const CACHE = cli.wholeNumber('cache', 1) ?? workerSettings().maxCachedWorkflows;
if (opts['skip-baseline'] && opts['baseline-first']) cli.fail('--skip-baseline and --baseline-first exclude each other');
const SESSIONS = 20;
/** visitation, start booked, start held, 20 sessions, an extension, afslutning, closing. */
const UPDATES_PER_LIFECYCLE = 3 + SESSIONS + 3;

// ---- the dev server --------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'bench-workflow-'));
let server: ChildProcess | undefined;

/** CPU seconds a process has used (Linux /proc), or NaN elsewhere. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

async function startServer(): Promise<string> {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const args = devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort, metricsPort, logLevel: 'error' });
  server = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const address = `127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (server.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${server.exitCode}`);
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.describeNamespace({ namespace: 'default' });
      await c.close();
      return address;
    } catch {
      // not ready yet
    }
  }
  throw new Error('the Temporal dev server did not answer within 30 s');
}

async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

// Never leave the server behind: on Ctrl-C, on a kill, and (synchronously) on any other exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the Temporal dev server`);
    void stopServer().finally(() => process.exit(130));
  });
}
process.once('exit', () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// ---- measuring -------------------------------------------------------------------------------

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const rss = () => process.memoryUsage().rss;

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs `task(0..n-1)` with at most `c` in flight. */
async function inParallel(n: number, c: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, c) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

type PhaseResult = { name: string; seconds: number; latencies: number[]; activityCalls: number; rss: number; workerCpu: number; serverCpu: number; maxHistory: number; meanHistory: number };

/** Runs a phase on a worker, timing it and reading the CPU of both processes and the RSS at its end. */
async function measure(name: string, worker: Worker, body: (latencies: number[]) => Promise<WorkflowHandle[]>, activityCalls: () => number): Promise<PhaseResult> {
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const server0 = cpuSecondsOf(server?.pid);
  const t0 = performance.now();
  let handles: WorkflowHandle[] = [];
  let end = { seconds: 0, rss: 0, workerCpu: 0, serverCpu: 0 };
  await worker.runUntil(async () => {
    handles = await body(latencies);
    const cpu = process.cpuUsage(cpu0);
    end = { seconds: (performance.now() - t0) / 1000, rss: rss(), workerCpu: (cpu.user + cpu.system) / 1e6, serverCpu: cpuSecondsOf(server?.pid) - server0 };
  });
  const lengths: number[] = [];
  await inParallel(handles.length, C, async (i) => void lengths.push((await handles[i]!.describe()).historyLength));
  latencies.sort((a, b) => a - b);
  return { name, ...end, latencies, activityCalls: activityCalls(), maxHistory: Math.max(...lengths), meanHistory: lengths.reduce((a, b) => a + b, 0) / lengths.length };
}

async function timed<T>(latencies: number[], update: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await update();
  latencies.push(performance.now() - t);
  return result;
}

// ---- the forløb ------------------------------------------------------------------------------

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };
/** The server's clock is this machine's; discharge lies 3 days back, so the 7-day opstart deadline lies ahead. */
const today = copenhagenDateOf(new Date());
const plan = { kind: 'genoptraeningsplan' as const, cpr: '010190-1234', udskrivningsdato: addCalendarDays(today, -3), kategori: 'hjerte-hjertesvigt', niveau: 'avanceret' as const };

function startForloeb(client: Client, taskQueue: string) {
  const forloebId = `forloeb-${randomUUID()}`;
  const create = { type: 'CreateForloeb' as const, actor: koordinator, source: plan };
  return client.workflow.start<typeof forloebWorkflow>('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [{ forloebId, regelsaet, create }] });
}

/** The visitation, sent right after the start (the workflow creates the forløb before it takes commands). */
function visit(h: WorkflowHandle<typeof forloebWorkflow>) {
  return h.executeUpdate(m.recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
}

async function forloebLifecycle(client: Client, taskQueue: string, latencies: number[]) {
  const h = await startForloeb(client, taskQueue);
  const u = <A, R>(def: UpdateDefinition<R, [A]>, arg: A) => timed(latencies, () => h.executeUpdate(def, { args: [arg] }));
  await timed(latencies, () => visit(h));
  await u(m.bookStartUpdate, { type: 'BookStart', actor: koordinator, startDate: today });
  await u(m.holdStartUpdate, { type: 'HoldStart', actor: terapeut, heldOn: today });
  for (let i = 0; i < SESSIONS; i++) {
    if (i === SESSIONS - 4) await u(m.requestExtensionUpdate, { type: 'RequestExtension', actor: terapeut, kind: 'notat', amount: 2, reason: 'Mangler trappetræning' });
    await u(m.recordSessionUpdate, { type: 'RecordSession', actor: terapeut, date: today, outcome: 'gennemfoert', durationMinutes: 60 });
  }
  await u(m.recordAfslutningUpdate, { type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: today });
  await u(m.closeForloebUpdate, { type: 'CloseForloeb', actor: terapeut });
  await h.result();
  return h;
}

// ---- main ------------------------------------------------------------------------------------

Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  // This script handles the signals itself, so that the dev server is always stopped.
  shutdownSignals: [],
});

const dataConverter: DataConverter | undefined = opts.encrypt ? createDataConverter(parsePayloadKeys(`bench:${randomBytes(32).toString('base64')}`)) : undefined;

console.log(`bench:workflow — ${mode} mode`);
console.log(`  machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${mb(totalmem())} RAM, Node ${process.version}`);
console.log(`  settings: n=${N}, concurrency=${C}, maxCachedWorkflows=${CACHE}, workflow task slots=${workerSettings().maxConcurrentWorkflowTasks}, payload encryption ${opts.encrypt ? 'on (AES-GCM codec)' : 'off (no data converter)'}, forced GC ${forceGc ? 'available' : 'not available'}`);
console.log('  Temporal dev server (SQLite, WAL, synchronous=NORMAL) started by this script; workers in this process;');
console.log('  publishEvents is an in-memory activity: no PostgreSQL, this measures the workflow engine.');

try {
  const address = await startServer();
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, ...(dataConverter ? { dataConverter } : {}) });
  const logger = new DefaultLogger('WARN');
  const forloebBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger });

  let publishCalls = 0;
  let publishedEvents = 0;
  const forloebActivities: ReturnType<typeof createActivities> = {
    async publishEvents({ events }) {
      publishCalls++;
      publishedEvents += events.length;
      return { projectedSeq: events.at(-1)?.seq ?? 0 };
    },
  };
  // The production worker's slots (WORKER_MAX_CONCURRENT_WORKFLOW_TASKS), so the rates are the ones it gets.
  const maxConcurrentWorkflowTaskExecutions = workerSettings().maxConcurrentWorkflowTasks;
  const workerOptions = { connection, maxCachedWorkflows: CACHE, maxConcurrentWorkflowTaskExecutions, ...(dataConverter ? { dataConverter } : {}) };
  const forloebWorker = await Worker.create({ ...workerOptions, taskQueue: 'bench-forloeb', workflowBundle: forloebBundle, activities: forloebActivities });
  console.log(`  worker RSS at rest (bundle loaded): ${mb(rss())}\n`);

  if (mode === 'lifecycle') {
    const runForloeb = async () => {
      const r = await measure(
        'forløb',
        forloebWorker,
        async (latencies) => {
          const handles: WorkflowHandle[] = [];
          await inParallel(N, C, async () => void handles.push(await forloebLifecycle(client, 'bench-forloeb', latencies)));
          return handles;
        },
        () => publishCalls,
      );
      report(r);
      console.log(`    publishEvents: ${publishCalls} calls for ${publishedEvents} events (${(publishCalls / N).toFixed(1)} calls per lifecycle)`);
      return r;
    };
    const runBaseline = async () => {
      let touchCalls = 0;
      const minimalActivities: MinimalActivities = {
        async touch({ items }) {
          touchCalls++;
          return items;
        },
      };
      const minimalBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./minimal.workflow.ts', import.meta.url)), logger });
      const minimalWorker = await Worker.create({ ...workerOptions, taskQueue: 'bench-minimal', workflowBundle: minimalBundle, activities: minimalActivities });
      const r = await measure(
        'minimal',
        minimalWorker,
        async (latencies) => {
          const handles: WorkflowHandle[] = [];
          await inParallel(N, C, async () => {
            const h = await client.workflow.start<typeof minimalWorkflow>('minimalWorkflow', { workflowId: `minimal-${randomUUID()}`, taskQueue: 'bench-minimal', args: [UPDATES_PER_LIFECYCLE] });
            for (let i = 0; i < UPDATES_PER_LIFECYCLE; i++) await timed(latencies, () => h.executeUpdate(stepUpdate, { args: [i] }));
            await h.result();
            handles.push(h);
          });
          return handles;
        },
        () => touchCalls,
      );
      report(r);
      console.log(`    touch activity: ${touchCalls} calls (${(touchCalls / N).toFixed(1)} per workflow; one per Update, batched like the forløb's outbox)`);
      return r;
    };
    if (opts['skip-baseline']) await runForloeb();
    else {
      // The second phase runs on a server whose database already holds the first phase's histories.
      const [forloeb, baseline] = opts['baseline-first'] ? [undefined, await runBaseline()] : [await runForloeb(), undefined];
      const f = forloeb ?? (await runForloeb());
      const b = baseline ?? (await runBaseline());
      console.log(`\n  ratio forløb/baseline: ${(b.seconds / f.seconds).toFixed(2)} (target ≥ 0.8; ${opts['baseline-first'] ? 'baseline' : 'forløb'} ran first)`);
    }
  } else {
    const rssBefore = rss();
    const t0 = performance.now();
    let done = 0;
    await forloebWorker.runUntil(async () => {
      await inParallel(N, C, async () => {
        const h = await startForloeb(client, 'bench-forloeb');
        // Each Update returns only after the worker has run its workflow task, so the first task is done.
        await visit(h);
        await h.executeUpdate(m.bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: addCalendarDays(today, 10) }] });
        if (++done % 1000 === 0 || done === N) {
          const s = (performance.now() - t0) / 1000;
          console.log(`  ${done} idle forløb after ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s), RSS ${mb(rss())}`);
        }
      });
      await new Promise((r) => setTimeout(r, 2000));
      forceGc?.();
      const mem = process.memoryUsage();
      console.log(`\n  ${N} idle forløb open; worker RSS ${mb(mem.rss)} (at rest before: ${mb(rssBefore)}), main-thread JS heap ${mb(mem.heapUsed)}${forceGc ? ' after a forced GC' : ' (no forced GC)'}; target < 1.5 GB at 10,000`);
        });
  }
  await clientConnection.close();
  await connection.close();
} finally {
  await stopServer();
}

function report(r: PhaseResult): void {
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(`  ${r.name}: ${N} workflows × ${UPDATES_PER_LIFECYCLE} Updates in ${r.seconds.toFixed(1)} s`);
  console.log(`    ${(N / r.seconds).toFixed(2)} lifecycles/s, ${((N * UPDATES_PER_LIFECYCLE) / r.seconds).toFixed(0)} Updates/s`);
  console.log(`    Update latency p50 ${ms(percentile(r.latencies, 0.5))}, p99 ${ms(percentile(r.latencies, 0.99))}`);
  console.log(`    CPU: worker process ${r.workerCpu.toFixed(0)} s, Temporal server ${r.serverCpu.toFixed(0)} s; worker RSS at the end ${mb(r.rss)}`);
  console.log(`    history: largest ${r.maxHistory} events, mean ${r.meanHistory.toFixed(0)}`);
}
