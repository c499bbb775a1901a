// The worker process: connects to Temporal and PostgreSQL and runs until SIGINT/SIGTERM.
import { NativeConnection, Runtime, makeTelemetryFilterString, DefaultLogger } from '@temporalio/worker';
import pg from 'pg';
import { getDataConverter } from '../config/data-converter';
import { loadConfig } from '../config/env';
import { loadCatalogueOrExit } from '../config/regelsaet-loader';
import { createLogger } from '../config/logger';
import { channelFromConfig } from '../activities/letters/channel';
import { LETTERS_JOB } from '../activities/letters/schedule';
import { startMinuteSchedules } from '../activities/minute-schedule';
import { WATCHDOG_JOB } from '../activities/watchdog/schedule';
import { blobKeysOf } from '../config/blob-encryption';
import { HISTOGRAM_BUCKETS_MS } from './metrics';
import { workerSettings } from './options';
import { createWorker, type WorkerDeps } from './worker';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Installs the SDK runtime, with the Prometheus exporter on `metricsAddress` unless it is null.
 * Answers the address metrics are served on, or null. An address already in use does not stop the
 * worker: running forløb matter more than their metrics, and the scrape target being down is an
 * alert of its own (docs/operations.md, "Metrics and alerts"). The error is logged so that the cause is found.
 */
function installRuntime(metricsAddress: string | null, logLevel: string, log: ReturnType<typeof createLogger>): string | null {
  const base = {
    logger: new DefaultLogger(logLevel === 'debug' ? 'DEBUG' : 'WARN'),
    logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) },
  };
  if (metricsAddress) {
    try {
      Runtime.install({ logger: base.logger, telemetryOptions: { logging: base.logging, metrics: { prometheus: { bindAddress: metricsAddress, histogramBucketOverrides: HISTOGRAM_BUCKETS_MS } } } });
      return metricsAddress;
    } catch (err) {
      log.error({ err: (err as Error).message, metricsAddress }, 'metrics exporter did not start; running without metrics');
    }
  }
  Runtime.install({ logger: base.logger, telemetryOptions: { logging: base.logging } });
  return null;
}

export async function runWorkerProcess(options: Pick<WorkerDeps, 'wrapActivities'> = {}): Promise<void> {
  const config = loadConfig();
  const settings = workerSettings();
  const log = createLogger('worker', config.logLevel);
  // The regelsæt files are checked before any connection, as the API does: a bad file stops the start.
  const catalogue = loadCatalogueOrExit(config.regelsaetDir, log);
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for the worker');
  // Without payload keys (or PAYLOAD_ENCRYPTION=off) the worker does not start.
  const dataConverter = getDataConverter(config);

  const metricsAddress = installRuntime(settings.metricsAddress, config.logLevel, log);

  // A connection attempt that hangs (a network partition) fails after 5 s, so the activity attempt
  // fails and is retried instead of running into its start-to-close timeout.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
  // A connection lost while idle (database restart) must not crash the worker; activities retry.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));

  // Temporal may be restarting when the worker starts (a deploy of both, or a crash of the server):
  // keep trying rather than exit, with a growing pause up to 5 s.
  let connection: NativeConnection | undefined;
  for (let attempt = 1; !connection; attempt++) {
    try {
      connection = await NativeConnection.connect({ address: config.temporal.address });
    } catch (err) {
      log.warn({ err: (err as Error).message, attempt }, 'Temporal not reachable; retrying');
      await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
    }
  }
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    pool,
    catalogue,
    dataConverter,
    maxCachedWorkflows: settings.maxCachedWorkflows,
    maxConcurrentWorkflowTasks: settings.maxConcurrentWorkflowTasks,
    workflowBundlePath: settings.workflowBundlePath,
    letterKeys: blobKeysOf(config),
    letterChannel: channelFromConfig(config.letters),
    ...options,
  });
  await startMinuteSchedules(config, dataConverter, log, [WATCHDOG_JOB, LETTERS_JOB]);
  log.info(
    {
      taskQueue: config.temporal.taskQueue,
      address: config.temporal.address,
      maxCachedWorkflows: settings.maxCachedWorkflows,
      maxConcurrentWorkflowTasks: settings.maxConcurrentWorkflowTasks,
      metrics: metricsAddress ? `http://${metricsAddress}/metrics` : 'off',
    },
    'worker started',
  );
  // The SDK's Worker handles SIGINT/SIGTERM itself: it stops polling, lets running tasks finish
  // (shutdownGraceTime), then run() resolves; past shutdownForceTime run() rejects and we exit anyway.
  try {
    await worker.run();
  } finally {
    await connection.close().catch(() => {});
    await pool.end().catch(() => {});
  }
  log.info('worker stopped');
}
