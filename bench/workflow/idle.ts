// `--mode idle`: N forløb visited with their start booked weeks ahead, so each waits on a timer, and
// the worker's RSS once they are all open. With the cache full, RSS is the worker at rest plus what
// the cached forløb hold; two runs that differ only in the cache size give the cost of one.
import { idleForloeb } from './forloeb-load';
import { forceGc, inParallel, mb, rss, sleep, TASK_QUEUE, type Stack } from './stack';

export type IdleOptions = { n: number; concurrency: number; cache: number };
export type IdleFigures = { n: number; cache: number; rssMb: number; rssAtRestMb: number; heapMb: number };

export async function runIdle(stack: Stack, o: IdleOptions): Promise<IdleFigures> {
  const rssAtRestMb = mb(rss());
  const t0 = performance.now();
  let done = 0;
  const load = { client: stack.client, taskQueue: TASK_QUEUE };
  return stack.worker.runUntil(async () => {
    await inParallel(o.n, o.concurrency, async () => {
      // Each Update returns only after the worker has run its workflow task, so the first task is done.
      await idleForloeb(load);
      if (++done % 1000 === 0 || done === o.n) {
        const s = (performance.now() - t0) / 1000;
        console.log(`  ${done} idle forløb after ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s), RSS ${mb(rss())} MB`);
      }
    });
    await sleep(2000);
    forceGc?.();
    const mem = process.memoryUsage();
    console.log(
      `\n  ${o.n} idle forløb open, cache ${o.cache}: worker RSS ${mb(mem.rss)} MB (at rest before: ${rssAtRestMb} MB), main-thread JS heap ${mb(mem.heapUsed)} MB${forceGc ? ' after a forced GC' : ' (no forced GC)'}`,
    );
    console.log('  target ≤ 600 MB at 10,000 idle forløb at the default cache');
    return { n: o.n, cache: o.cache, rssMb: mb(mem.rss), rssAtRestMb, heapMb: mb(mem.heapUsed) };
  });
}
