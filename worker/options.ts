// The worker's own settings from the environment: its memory budget (which sets how many workflows
// it keeps cached) and an optional prebuilt workflow bundle. Kept apart from config/env.ts because
// only the worker reads them.
import { z } from 'zod';

/**
 * Resident memory of a worker with the workflow bundle loaded and nothing cached, and what each
 * cached forløb adds (its V8 state: the regelsæt it was started with, the forløb state, the
 * outbox). Measured on idle forløb workflows (`npm run bench:workflow -- --mode idle`): see the
 * README's "Drift under fejl".
 */
export const WORKER_BASE_MB = 320;
export const MB_PER_CACHED_WORKFLOW = 0.3;
/** A cache below this makes every command on a busy worker replay its forløb's history. */
const MIN_CACHED = 100;

/** How many workflows a worker keeps in its cache within `memoryMb` of resident memory. */
export function cachedWorkflowsFor(memoryMb: number): number {
  return Math.max(MIN_CACHED, Math.floor((memoryMb - WORKER_BASE_MB) / MB_PER_CACHED_WORKFLOW));
}

const WorkerEnv = z.object({
  // The resident memory the worker may use, in MB (its container's limit less headroom).
  WORKER_MEMORY_MB: z.coerce.number().int().min(256).default(512),
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
