// The worker's own settings from the environment: its memory budget (which sets how many workflows
// it keeps cached), how many workflow tasks it takes at once, where it exports its metrics, and an
// optional prebuilt workflow bundle. Kept apart from config/env.ts because only the worker reads them.
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Resident memory of a busy worker with nothing cached (the bundle loaded, about 400 MB, plus task
 * buffers and uncollected garbage), and what each cached forløb adds: every workflow evaluates its
 * own copy of the bundle's modules (zod, the domain schemas), its regelsæt and its state. Measured
 * with `npm run bench:workflow -- --mode idle` on 1,000 idle forløb: RSS 1,013 MB with 100 cached and
 * 2,012 MB with 400 (3.3 MB each, 680 MB at none); rounded up here. See docs/benchmarks.md.
 */
export const WORKER_BASE_MB = 700;
export const MB_PER_CACHED_WORKFLOW = 3.5;
/** A cache below this makes every command on a busy worker replay its forløb's history. */
const MIN_CACHED = 50;

/** How many workflows a worker keeps in its cache within `memoryMb` of resident memory. */
export function cachedWorkflowsFor(memoryMb: number): number {
  return Math.max(MIN_CACHED, Math.floor((memoryMb - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW));
}

/**
 * How many workflow tasks the worker runs at once (the SDK's default is 40). A worker that has just
 * started, or has evicted a forløb, must replay the forløb's whole history before it can answer the
 * new task: `npm run bench:cold-task` measured about 1.1 ms per history event on this 2-core machine
 * while it was busy, 0.44 s (p95 0.59 s) for a whole §140 or §86 lifecycle of about 400 events. The
 * worker runs all workflow code on one thread (the SDK's default with reuseV8Context), so tasks taken
 * together share it and finish together: 40 cold tasks take about 40 × 0.44 s = 18 s, longer than
 * the 10 s workflow task timeout, so every one of them times out, is retried and times out again — a
 * restarted worker does no work at all (the chaos run's forløb with 18–22 attempts in a row;
 * `npm run bench:cold-restart`: 40 cold forløb on a fresh worker all timed out with 40 slots and
 * were answered after 77 s, while with 8 none timed out and all were answered within 19 s). A task
 * not yet taken waits in the task queue without a timeout, so taking fewer costs nothing: 8 × 0.59 s
 * is under 5 s, half the timeout, leaving the other half for a busier machine and the server's own
 * time. At full load (`npm run bench:workflow`, 50 forløb in flight) 8 slots gave the same 48
 * Updates/s as 40, with a longer tail (p99 5.5–6.6 s against 3.0–4.5 s): Updates then wait in the
 * server's queue instead of in the worker. See docs/operations.md, "Capacity".
 */
export const DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS = 8;
/** The SDK refuses fewer than 2 when it caches workflows. */
const MIN_CONCURRENT_WORKFLOW_TASKS = 2;

export const DEFAULT_METRICS_ADDRESS = '127.0.0.1:9464';

/**
 * `ip:port` (an IPv6 address in brackets) or `off`. The SDK's exporter binds a socket address, not a
 * host name, so `localhost:9464` is refused here rather than when the worker starts.
 */
const metricsAddress = z
  .string()
  .default(DEFAULT_METRICS_ADDRESS)
  .transform((value, ctx) => {
    if (value === 'off') return null;
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
    const ip = m?.[1] ?? m?.[2];
    const port = Number(m?.[3]);
    const ipOk = ip !== undefined && (m?.[1] !== undefined ? isIP(ip) === 6 : isIP(ip) === 4);
    if (!ipOk || !(port >= 1 && port <= 65535)) {
      ctx.addIssue({ code: 'custom', message: `skal være ip:port (fx ${DEFAULT_METRICS_ADDRESS}, 0.0.0.0:9464 eller [::]:9464) eller off` });
      return z.NEVER;
    }
    return value;
  });

const WorkerEnv = z.object({
  // The resident memory the worker may use, in MB (its container's limit less headroom).
  WORKER_MEMORY_MB: z.coerce.number().int().min(WORKER_BASE_MB + MIN_CACHED * MB_PER_CACHED_WORKFLOW, { error: `skal være mindst ${WORKER_BASE_MB + MIN_CACHED * MB_PER_CACHED_WORKFLOW} (MB)` }).default(1024),
  // A bundle made by `bundleWorkflowCode` at build time; without it the worker bundles at start (~3 s).
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  // Where Prometheus scrapes the SDK's metrics and ours (worker/metrics.ts) at /metrics; `off` exports none.
  WORKER_METRICS_ADDRESS: metricsAddress,
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce
    .number({ error: 'skal være et helt tal' })
    .int({ error: 'skal være et helt tal' })
    .min(MIN_CONCURRENT_WORKFLOW_TASKS, { error: `skal være mindst ${MIN_CONCURRENT_WORKFLOW_TASKS}` })
    .default(DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS),
});

export type WorkerSettings = {
  memoryMb: number;
  maxCachedWorkflows: number;
  workflowBundlePath: string | undefined;
  /** `ip:port` of the Prometheus endpoint, or null when metrics are off. */
  metricsAddress: string | null;
  maxConcurrentWorkflowTasks: number;
};

const invalid = (problems: string[]) => new Error(`Invalid configuration: ${problems.join('; ')}`);

export function workerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const parsed = WorkerEnv.safeParse(env);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const maxCachedWorkflows = cachedWorkflowsFor(e.WORKER_MEMORY_MB);
  // The forløb of every task in progress is held in the cache: more tasks at once than it holds
  // would evict forløb in the middle of their work.
  if (e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > maxCachedWorkflows) {
    throw invalid([`WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: må højst være ${maxCachedWorkflows}, de forløb WORKER_MEMORY_MB=${e.WORKER_MEMORY_MB} giver plads til i cachen`]);
  }
  return {
    memoryMb: e.WORKER_MEMORY_MB,
    maxCachedWorkflows,
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    metricsAddress: e.WORKER_METRICS_ADDRESS,
    maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
  };
}
