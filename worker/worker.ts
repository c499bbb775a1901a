// Builds a worker for the forløb task queue with its activity dependencies.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Regelsaet } from '../domain/regelsaet';
import { createActivities } from '../activities';
import { createLetterActivities, type LetterChannel } from '../activities/letters';
import { createWatchdogActivities, type ReplayBundle } from '../activities/watchdog';
import type { PayloadKeys } from '../config/payload-keys';
import { watchdogMetrics } from './metrics';
import { cachedWorkflowsFor, DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS } from './options';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export type Activities = ReturnType<typeof createActivities>;

export type WorkerDeps = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  /** The regelsæt the system runs: the built-in ones and REGELSAET_DIR's (config/regelsaet-loader.ts). */
  catalogue: readonly Regelsaet[];
  /** Encrypts every payload (config/data-converter.ts); the same converter as the client's. */
  dataConverter?: DataConverter | undefined;
  /** Workflows kept in the cache (worker/options.ts derives it from WORKER_MEMORY_MB). */
  maxCachedWorkflows?: number;
  /** Workflow tasks run at once (worker/options.ts: WORKER_MAX_CONCURRENT_WORKFLOW_TASKS). */
  maxConcurrentWorkflowTasks?: number;
  /** A prebuilt workflow bundle; without it the worker bundles workflows/ at start. */
  workflowBundlePath?: string | undefined;
  /** Wraps the activities (the chaos run duplicates and reorders deliveries with it). */
  wrapActivities?: (activities: Activities) => Activities;
  /** The keys that encrypt the letters' PDFs (config/blob-encryption.ts); absent: stored as they are. */
  letterKeys?: PayloadKeys | undefined;
  /** Where letters are sent (LETTER_CHANNEL); absent: they are recorded, not sent. */
  letterChannel?: LetterChannel | undefined;
};

export async function createWorker({
  connection,
  namespace,
  taskQueue,
  pool,
  catalogue,
  dataConverter,
  maxCachedWorkflows = cachedWorkflowsFor(1024),
  maxConcurrentWorkflowTasks = DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS,
  workflowBundlePath,
  wrapActivities = (a) => a,
  letterKeys,
  letterChannel,
}: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    activities: {
      ...wrapActivities(createActivities({ pool, catalogue })),
      ...createLetterActivities({ pool, catalogue, keys: letterKeys, channel: letterChannel }),
      ...createWatchdogActivities({ pool, catalogue, namespace, dataConverter, replayBundle: replayBundleOf(workflowBundlePath, dataConverter), metrics: () => watchdogMetrics() }),
    },
    ...(dataConverter ? { dataConverter } : {}),
    // Idle forløb wait for weeks; a bounded cache keeps memory flat. An evicted forløb is replayed
    // from its history on its next task, which costs CPU but loses nothing.
    maxCachedWorkflows,
    // Not the SDK's 40: a restarted worker that takes 40 cold forløb at once replays them all on its
    // one workflow thread, and none finishes within the 10 s workflow task timeout. A fixed number
    // sized from the measured replay cost (worker/options.ts) rather than the SDK's resource-based
    // tuner: that tuner hands out a slot every 10 ms while the CPU still looks idle, which is exactly
    // how a just-started worker takes too many, and it knows nothing of the task timeout.
    maxConcurrentWorkflowTaskExecutions: maxConcurrentWorkflowTasks,
    ...WORKER_TUNING,
  });
}

/** The worker's fixed settings; `npm run bench:workflow` gives its minimal baseline the same. */
export const WORKER_TUNING = {
  // publishEvents holds a PostgreSQL connection while it runs: no more at once than the pool has.
  maxConcurrentActivityTaskExecutions: 10,
  // After a crash the server keeps handing a cached forløb's next task to the dead worker's sticky
  // queue until this passes; then any worker takes it (replaying the history). Default 10 s.
  stickyQueueScheduleToStartTimeout: '5 seconds',
  // SIGTERM/SIGINT: stop polling, let running tasks finish for up to 10 s (publishEvents takes
  // milliseconds), then cancel what is left; a cancelled delivery is retried by another worker.
  shutdownGraceTime: '10 seconds',
  // A shutdown that still hangs after this ends the process anyway (worker/process.ts exits).
  shutdownForceTime: '25 seconds',
} as const;

/**
 * The bundle the watchdog replays histories against: the worker's own. A prebuilt bundle is read from
 * its file; without one the worker bundled workflows/ itself, so the watchdog bundles the same code
 * once, when it first has a history to judge.
 */
function replayBundleOf(workflowBundlePath: string | undefined, dataConverter: DataConverter | undefined): () => Promise<ReplayBundle> {
  if (workflowBundlePath) return async () => ({ codePath: workflowBundlePath });
  let bundled: Promise<ReplayBundle> | undefined;
  const nothing = () => {};
  const logger = { log: nothing, trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing };
  return () =>
    (bundled ??= bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(dataConverter?.failureConverterPath ? { failureConverterPath: dataConverter.failureConverterPath } : {}),
      logger,
    }).then(({ code }) => ({ code })));
}
