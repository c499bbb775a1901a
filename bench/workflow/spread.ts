// `--mode spread` (and each size of `--mode scale`): opens N forløb into training, more than the
// worker's cache holds, then sends commands at a fixed rate to forløb drawn at random, so most find
// their workflow evicted and the worker replays its history first. In the same run, unless told not
// to, the same load on a set of forløb no larger than the cache, which all stay cached: the ratio of
// the two p99s is what eviction and replay cost a command. The run keeps to a time budget: it stops
// opening forløb when the rest, at the rate so far, and the commands would not fit, and says so.
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { randomInt } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { metricSum, openingOutlook, summarise } from './figures';
import { lifecycle, trainingCommand, trainingForloeb, type ForloebHandle, type Load, type OpenForloeb, type Seqs } from './forloeb-load';
import type { forloebWorkflow } from '../../workflows/forloeb.workflow';
import { waitForCatchUp } from './read-model';
import { forceGc, inParallel, mb, rss, sleep, TASK_QUEUE, type Stack } from './stack';

export type SpreadOptions = {
  open: number;
  commands: number;
  rate: number;
  concurrency: number;
  cache: number;
  /** Also the same load on forløb that all stay cached. */
  cached: boolean;
  budgetSeconds: number;
  /** Date.now() when the run began: the budget counts from there. */
  startedAt: number;
};

export type CommandPhase = {
  sent: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string | undefined;
  /** Workflow tasks that found their workflow in the cache, and those that had to replay its history first. */
  cacheHits: number;
  cacheMisses: number;
  /** How often the open loop had to wait because `concurrency` commands were already in flight. */
  waitedForSlot: number;
  stoppedByBudget: boolean;
};

export type SpreadFigures = {
  requested: number;
  opened: number;
  openSeconds: number;
  cache: number;
  rssAfterOpenMb: number;
  rssMb: number;
  peakRssMb: number;
  cached?: CommandPhase | undefined;
  spread: CommandPhase;
  replay?: { events: number; ms: number } | undefined;
  catchUp?: { seconds: number } | { behind: number } | undefined;
  limitedBy?: string | undefined;
};

const FREE_MEMORY_FLOOR = 256 * 2 ** 20;
/** The SDK's counters; an exporter may add `_total` to a counter's name. */
const counter = (text: string, name: string) => metricSum(text, name) + metricSum(text, `${name}_total`);

async function atRate(stack: Stack, o: SpreadOptions, load: (latencies?: number[]) => Load, pick: () => OpenForloeb): Promise<CommandPhase> {
  const latencies: number[] = [];
  const before = await stack.metrics();
  const phase = { sent: 0, errors: 0, firstError: undefined as string | undefined, waitedForSlot: 0, stoppedByBudget: false };
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < o.commands; i++) {
    const wait = t0 + (i * 1000) / o.rate - performance.now();
    if (wait > 0) await sleep(wait);
    if (Date.now() > o.startedAt + o.budgetSeconds * 1000) {
      phase.stoppedByBudget = true;
      break;
    }
    if (inFlight.size >= o.concurrency) {
      phase.waitedForSlot++;
      await Promise.race(inFlight);
    }
    const p: Promise<void> = trainingCommand(load(latencies), pick())
      .catch((err: unknown) => {
        phase.errors++;
        phase.firstError ??= (err as Error).message;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    phase.sent++;
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  const after = await stack.metrics();
  const { p50, p99 } = summarise(latencies);
  return {
    ...phase,
    seconds,
    p50,
    p99,
    cacheHits: counter(after, 'temporal_sticky_cache_hit') - counter(before, 'temporal_sticky_cache_hit'),
    cacheMisses: counter(after, 'temporal_sticky_cache_miss') - counter(before, 'temporal_sticky_cache_miss'),
  };
}

/** Replays the largest of the histories with the production bundle, a warm-up and then 5 times; answers the median. */
async function replayLargest(stack: Stack, candidates: ForloebHandle[]): Promise<{ events: number; ms: number }> {
  let largest: { h: ForloebHandle; events: number } | undefined;
  for (const h of candidates) {
    const events = (await h.describe()).historyLength;
    if (!largest || events > largest.events) largest = { h, events };
  }
  const history = await largest!.h.fetchHistory();
  const id = largest!.h.workflowId;
  async function* copies() {
    for (let i = 0; i < 6; i++) yield { workflowId: `${id}-replay-${i}`, history };
  }
  const took: number[] = [];
  let last = performance.now();
  const options = { workflowBundle: { codePath: stack.bundlePath }, replayName: 'bench-workflow', ...(stack.dataConverter ? { dataConverter: stack.dataConverter } : {}) };
  for await (const result of Worker.runReplayHistories(options, copies())) {
    if (result.error) throw result.error;
    const now = performance.now();
    took.push(now - last);
    last = now;
  }
  // The first replay also loads the bundle into the replay worker's thread: not what a replay costs.
  return { events: largest!.events, ms: summarise(took.slice(1)).p50 };
}

function describePhase(label: string, p: CommandPhase): void {
  console.log(`  ${label}: ${p.sent} commands in ${p.seconds.toFixed(1)} s (${(p.sent / p.seconds).toFixed(1)}/s)${p.stoppedByBudget ? ', stopped by the budget' : ''}`);
  console.log(`    command p50 ${Math.round(p.p50)} ms, p99 ${Math.round(p.p99)} ms; workflow tasks: ${p.cacheHits} found their forløb cached, ${p.cacheMisses} replayed it first`);
  if (p.waitedForSlot > 0) console.log(`    the worker fell behind the rate: ${p.waitedForSlot} times a command waited for the in-flight limit (--concurrency)`);
  if (p.errors > 0) console.log(`    ${p.errors} commands failed; the first: ${p.firstError}`);
}

export async function runSpread(stack: Stack, o: SpreadOptions): Promise<SpreadFigures> {
  const seqs: Seqs | undefined = stack.readModel ? new Map() : undefined;
  let lastAnswer = 0;
  const load = (latencies?: number[]): Load => ({
    client: stack.client,
    taskQueue: TASK_QUEUE,
    seqs,
    latency: (ms) => {
      latencies?.push(ms);
      lastAnswer = performance.now();
    },
  });
  let peak = rss();
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 1000);
  sampler.unref();
  try {
    return await stack.worker.runUntil(async () => {
      console.log('  one complete lifecycle first: the largest history, replayed at the end');
      const reference = await lifecycle(load());

      const open: OpenForloeb[] = [];
      const reserveSeconds = ((o.cached ? 2 : 1) * o.commands) / o.rate + 60;
      const progressEvery = Math.max(100, 10 ** Math.floor(Math.log10(Math.max(1, o.open / 10))));
      let limitedBy: string | undefined;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const server0 = stack.server.cpuSeconds();
      const cpuShares = () => {
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        return `worker ${Math.round(((cpu.user + cpu.system) / 1e6 / wall) * 100)} %, Temporal server ${Math.round(((stack.server.cpuSeconds() - server0) / wall) * 100)} % of one core; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
      };
      await inParallel(o.open, o.concurrency, async () => {
        if (limitedBy) return false;
        open.push({ id: (await trainingForloeb(load())).workflowId, commands: 0, sessions: 0 });
        const done = open.length;
        const seconds = (performance.now() - t0) / 1000;
        if (done % progressEvery === 0) console.log(`  ${done} forløb open after ${seconds.toFixed(0)} s (${(done / seconds).toFixed(1)}/s), RSS ${mb(rss())} MB`);
        if (done % 50 === 0 && !limitedBy) {
          const outlook = openingOutlook({ elapsedSeconds: (Date.now() - o.startedAt) / 1000, opened: done, total: o.open, ratePerSecond: done / seconds, reserveSeconds, budgetSeconds: o.budgetSeconds });
          if (!outlook.fits) {
            limitedBy = `time: opening ${o.open} at ${(done / seconds).toFixed(1)}/s, then the commands, would end the run after ${Math.ceil(outlook.projectedSeconds / 60)} min, past its budget of ${o.budgetSeconds / 60} min (CPU while opening: ${cpuShares()})`;
          } else if (freemem() < FREE_MEMORY_FLOOR) {
            limitedBy = `memory: ${mb(freemem())} MB of ${mb(totalmem())} MB free, worker RSS ${mb(rss())} MB`;
          }
          if (limitedBy) return false;
        }
      });
      const openSeconds = (performance.now() - t0) / 1000;
      console.log(`  ${open.length} forløb open in training after ${openSeconds.toFixed(0)} s (${(open.length / openSeconds).toFixed(1)}/s; CPU ${cpuShares()})`);
      if (limitedBy) console.log(`  stopped opening at ${open.length} of ${o.open}: ${limitedBy}`);

      await sleep(2000);
      forceGc?.();
      const rssAfterOpenMb = mb(rss());
      console.log(`  worker RSS with ${open.length} open: ${rssAfterOpenMb} MB${forceGc ? ' after a forced GC' : ''}\n`);

      let cached: CommandPhase | undefined;
      if (o.cached) {
        const set = open.slice(-Math.min(o.cache, open.length));
        // One command each first, so the whole set is in the cache when the measured commands begin.
        await inParallel(set.length, o.concurrency, async (i) => trainingCommand(load(), set[i]!).catch(() => {}));
        cached = await atRate(stack, o, load, () => set[randomInt(set.length)]!);
        describePhase(`cached (${set.length} forløb, no more than the cache of ${o.cache})`, cached);
      }
      const spread = await atRate(stack, o, load, () => open[randomInt(open.length)]!);
      describePhase(`spread (${open.length} forløb, cache ${o.cache})`, spread);
      if (cached) console.log(`\n  ratio p99 spread/cached: ${(spread.p99 / cached.p99).toFixed(2)} (target ≤ 2)`);

      let catchUp: SpreadFigures['catchUp'];
      if (stack.readModel && seqs) {
        catchUp = await waitForCatchUp(stack.readModel.pool, seqs, lastAnswer);
        console.log(`  read model: ${'seconds' in catchUp ? `caught up ${catchUp.seconds.toFixed(2)} s after the last command's answer` : `${catchUp.behind} forløb still behind after 60 s`} (target ≤ 5 s)`);
      }
      const rssMb = mb(rss());
      const busiest = open.reduce<OpenForloeb | undefined>((a, f) => (!a || f.commands > a.commands ? f : a), undefined);
      const replay = await replayLargest(stack, [reference, ...(busiest ? [stack.client.workflow.getHandle<typeof forloebWorkflow>(busiest.id)] : [])]);
      console.log(`  replay of the largest history (${replay.events} events) with the production bundle: ${Math.round(replay.ms)} ms (median of 5)`);
      console.log(`  worker RSS at the end ${rssMb} MB, peak ${mb(Math.max(peak, rss()))} MB`);
      if (spread.stoppedByBudget || cached?.stoppedByBudget) limitedBy ??= `time: the commands ran past the ${o.budgetSeconds / 60}-minute budget`;
      return { requested: o.open, opened: open.length, openSeconds, cache: o.cache, rssAfterOpenMb, rssMb, peakRssMb: mb(Math.max(peak, rss())), cached, spread, replay, catchUp, limitedBy };
    });
  } finally {
    clearInterval(sampler);
  }
}
