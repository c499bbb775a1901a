// The worker's own settings from the environment: its memory budget (which sets how many workflows
// it keeps cached) and an optional prebuilt workflow bundle. Kept apart from config/env.ts because
// only the worker reads them.
import { z } from 'zod';

/**
 * Resident memory of a busy worker with nothing cached (the bundle loaded, about 400 MB, plus task
 * buffers and uncollected garbage), and what each cached forløb adds: every workflow evaluates its
 * own copy of the bundle's modules (zod, the domain schemas), its regelsæt and its state. Measured
 * with `npm run bench:workflow -- --mode idle` on 1,000 idle forløb: RSS 1,013 MB with 100 cached and
 * 2,012 MB with 400 (3.3 MB each, 680 MB at none); rounded up here. See the README's benchmark.
 */
export const WORKER_BASE_MB = 700;
export const MB_PER_CACHED_WORKFLOW = 3.5;
/** A cache below this makes every command on a busy worker replay its forløb's history. */
const MIN_CACHED = 50;

/** How many workflows a worker keeps in its cache within `memoryMb` of resident memory. */
export function cachedWorkflowsFor(memoryMb: number): number {
  return Math.max(MIN_CACHED, Math.floor((memoryMb - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW));
}

const WorkerEnv = z.object({
  // The resident memory the worker may use, in MB (its container's limit less headroom).
  WORKER_MEMORY_MB: z.coerce.number().int().min(WORKER_BASE_MB + MIN_CACHED * MB_PER_CACHED_WORKFLOW, { error: `skal være mindst ${WORKER_BASE_MB + MIN_CACHED * MB_PER_CACHED_WORKFLOW} (MB)` }).default(1024),
  // A bundle made by `bundleWorkflowCode` at build time; without it the worker bundles at start (~3 s).
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
});

export type WorkerSettings = { memoryMb: number; maxCachedWorkflows: number; workflowBundlePath: string | undefined };

export function workerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const parsed = WorkerEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return { memoryMb: e.WORKER_MEMORY_MB, maxCachedWorkflows: cachedWorkflowsFor(e.WORKER_MEMORY_MB), workflowBundlePath: e.WORKFLOW_BUNDLE_PATH };
}
