// `--mode lifecycle`: N complete §140 lifecycles, C in flight, on the production worker; then (or
// first) the same load on a minimal workflow as the baseline, on a worker with the same settings and
// the same payload codec. With --postgres the lifecycles deliver to the real read model, and the run
// prints how long after the last command it had caught up; --compare runs them in memory too.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { WORKER_TUNING } from '../../worker/worker';
import { stepUpdate, type MinimalActivities, type minimalWorkflow } from '../minimal.workflow';
import { summarise, type LatencySummary } from './figures';
import { lifecycle, UPDATES_PER_LIFECYCLE, type Seqs } from './forloeb-load';
import { waitForCatchUp } from './read-model';
import { inParallel, mb, rss, TASK_QUEUE, type Stack } from './stack';

export type LifecycleOptions = { n: number; concurrency: number; cache: number; workflowTaskSlots: number; postgres: boolean; compare: boolean; baseline: 'skip' | 'first' | 'last' };

type Phase = {
  name: string;
  seconds: number;
  latency: LatencySummary;
  workerCpu: number;
  serverCpu: number;
  rssMb: number;
  maxHistory: number;
  meanHistory: number;
  activityCalls: number;
  /** With PostgreSQL: seconds from the last command's answer until the read model had caught up, or how many forløb were still behind. */
  catchUp?: { seconds: number } | { behind: number };
};

/** Runs `body` timed: wall clock, the CPU of this process and of the server, RSS at its end, the histories' lengths. */
async function measure(name: string, stack: Stack, concurrency: number, body: (onUpdate: (ms: number) => void) => Promise<WorkflowHandle[]>): Promise<Omit<Phase, 'activityCalls'>> {
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const server0 = stack.server.cpuSeconds();
  const t0 = performance.now();
  const handles = await body((ms) => latencies.push(ms));
  const cpu = process.cpuUsage(cpu0);
  const end = { seconds: (performance.now() - t0) / 1000, rssMb: mb(rss()), workerCpu: (cpu.user + cpu.system) / 1e6, serverCpu: stack.server.cpuSeconds() - server0 };
  const lengths: number[] = [];
  await inParallel(handles.length, concurrency, async (i) => void lengths.push((await handles[i]!.describe()).historyLength));
  return { name, ...end, latency: summarise(latencies), maxHistory: Math.max(...lengths), meanHistory: lengths.reduce((a, b) => a + b, 0) / lengths.length };
}

async function forloebPhase(stack: Stack, o: LifecycleOptions, postgres: boolean): Promise<Phase> {
  stack.publish.postgres = postgres;
  stack.publish.calls = 0;
  stack.publish.events = 0;
  const seqs: Seqs = new Map();
  let lastAnswer = 0;
  let catchUp: Phase['catchUp'];
  const phase = await measure(postgres ? 'forløb + PostgreSQL' : 'forløb', stack, o.concurrency, async (onUpdate) => {
    const load = {
      client: stack.client,
      taskQueue: TASK_QUEUE,
      seqs,
      latency: (ms: number) => {
        onUpdate(ms);
        lastAnswer = performance.now();
      },
    };
    const handles: WorkflowHandle[] = [];
    await inParallel(o.n, o.concurrency, async () => void handles.push(await lifecycle(load)));
    // A lifecycle ends only once its workflow has delivered every event, so this answers on the first
    // poll: the time until then is the wait for the last forløb's last delivery. Asked before the
    // histories are described, which takes a while of its own.
    if (postgres && stack.readModel) catchUp = await waitForCatchUp(stack.readModel.pool, seqs, lastAnswer);
    return handles;
  });
  const result: Phase = { ...phase, activityCalls: stack.publish.calls, ...(catchUp ? { catchUp } : {}) };
  report(result, o.n);
  console.log(`    publishEvents: ${stack.publish.calls} calls for ${stack.publish.events} events (${(stack.publish.calls / o.n).toFixed(1)} per lifecycle)${postgres ? ', on PostgreSQL' : ', in memory'}`);
  if (catchUp) console.log(`    read model: ${'seconds' in catchUp ? `caught up ${catchUp.seconds.toFixed(2)} s after the last command's answer` : `${catchUp.behind} forløb still behind after 60 s`} (target ≤ 5 s)`);
  return result;
}

async function baselinePhase(stack: Stack, o: LifecycleOptions): Promise<Phase> {
  let touchCalls = 0;
  const activities: MinimalActivities = {
    async touch({ items }) {
      touchCalls++;
      return items;
    },
  };
  const nothing = () => {};
  const { code } = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../minimal.workflow.ts', import.meta.url)),
    ...(stack.dataConverter?.failureConverterPath ? { failureConverterPath: stack.dataConverter.failureConverterPath } : {}),
    logger: { log: nothing, trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing },
  });
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue: 'bench-minimal',
    workflowBundle: { code },
    activities,
    maxCachedWorkflows: o.cache,
    maxConcurrentWorkflowTaskExecutions: o.workflowTaskSlots,
    ...WORKER_TUNING,
    ...(stack.dataConverter ? { dataConverter: stack.dataConverter } : {}),
  });
  let phase: Omit<Phase, 'activityCalls'> | undefined;
  await worker.runUntil(async () => {
    phase = await measure('minimal', stack, o.concurrency, async (onUpdate) => {
      const handles: WorkflowHandle[] = [];
      await inParallel(o.n, o.concurrency, async () => {
        const h = await stack.client.workflow.start<typeof minimalWorkflow>('minimalWorkflow', { workflowId: `minimal-${randomUUID()}`, taskQueue: 'bench-minimal', args: [UPDATES_PER_LIFECYCLE] });
        for (let i = 0; i < UPDATES_PER_LIFECYCLE; i++) {
          const t = performance.now();
          await h.executeUpdate(stepUpdate, { args: [i] });
          onUpdate(performance.now() - t);
        }
        await h.result();
        handles.push(h);
      });
      return handles;
    });
  });
  const result = { ...phase!, activityCalls: touchCalls };
  report(result, o.n);
  console.log(`    touch activity: ${touchCalls} calls (${(touchCalls / o.n).toFixed(1)} per workflow, batched like the forløb's outbox)`);
  return result;
}

export async function runLifecycle(stack: Stack, o: LifecycleOptions): Promise<void> {
  const phases: Phase[] = [];
  if (o.baseline === 'first') phases.push(await baselinePhase(stack, o));
  await stack.worker.runUntil(async () => {
    // Without PostgreSQL first: with --compare the run on PostgreSQL then meets a server that holds
    // the histories of the first, as the baseline does when it runs second.
    if (!o.postgres || o.compare) phases.push(await forloebPhase(stack, o, false));
    if (o.postgres) phases.push(await forloebPhase(stack, o, true));
  });
  if (o.baseline === 'last') phases.push(await baselinePhase(stack, o));

  console.log('');
  printSideBySide(phases, o.n);
  const baseline = phases.find((p) => p.name === 'minimal');
  const forloeb = phases.find((p) => p.name === 'forløb') ?? phases.find((p) => p.name === 'forløb + PostgreSQL');
  if (baseline && forloeb) {
    const order = o.baseline === 'first' ? 'baseline ran first' : 'forløb ran first';
    console.log(`\n  ratio ${forloeb.name}/baseline: ${(baseline.seconds / forloeb.seconds).toFixed(2)} (target ≥ 0.95; ${order})`);
  }
}

function report(r: Phase, n: number): void {
  console.log(`  ${r.name}: ${n} workflows × ${UPDATES_PER_LIFECYCLE} Updates in ${r.seconds.toFixed(1)} s`);
  console.log(`    ${(n / r.seconds).toFixed(2)} lifecycles/s, ${((n * UPDATES_PER_LIFECYCLE) / r.seconds).toFixed(0)} Updates/s`);
  console.log(`    Update latency p50 ${Math.round(r.latency.p50)} ms, p99 ${Math.round(r.latency.p99)} ms`);
  console.log(`    CPU: worker process ${r.workerCpu.toFixed(0)} s, Temporal server ${r.serverCpu.toFixed(0)} s; worker RSS at the end ${r.rssMb} MB`);
  console.log(`    history: largest ${r.maxHistory} events, mean ${r.meanHistory.toFixed(0)}`);
}

/** The phases of the run in columns, so the run on PostgreSQL is read beside the one without. */
function printSideBySide(phases: Phase[], n: number): void {
  const rows: [string, (p: Phase) => string][] = [
    ['seconds', (p) => p.seconds.toFixed(1)],
    ['lifecycles/s', (p) => (n / p.seconds).toFixed(2)],
    ['Updates/s', (p) => ((n * UPDATES_PER_LIFECYCLE) / p.seconds).toFixed(0)],
    ['Update p50 / p99 ms', (p) => `${Math.round(p.latency.p50)} / ${Math.round(p.latency.p99)}`],
    ['CPU worker / server s', (p) => `${p.workerCpu.toFixed(0)} / ${p.serverCpu.toFixed(0)}`],
    ['worker RSS MB', (p) => String(p.rssMb)],
    ['read model caught up', (p) => (p.catchUp ? ('seconds' in p.catchUp ? `${p.catchUp.seconds.toFixed(2)} s` : `${p.catchUp.behind} behind`) : '–')],
  ];
  const width = Math.max(...phases.map((p) => p.name.length), 12) + 2;
  console.log(`  ${''.padEnd(24)}${phases.map((p) => p.name.padStart(width)).join('')}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(24)}${phases.map((p) => value(p).padStart(width)).join('')}`);
}
