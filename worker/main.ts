// The worker process: connects to Temporal and PostgreSQL and runs until SIGINT/SIGTERM.
import { NativeConnection, Runtime, makeTelemetryFilterString, DefaultLogger } from '@temporalio/worker';
import pg from 'pg';
import { getDataConverter } from '../config/data-converter';
import { loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { createWorker } from './worker';

const config = loadConfig();
const log = createLogger('worker', config.logLevel);
if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for the worker');
// Without payload keys (or PAYLOAD_ENCRYPTION=off) the worker does not start.
const dataConverter = getDataConverter(config);

Runtime.install({
  logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
});

const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
// A connection lost while idle (database restart) must not crash the worker; activities retry.
pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await createWorker({ connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, pool, dataConverter });
log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
// The SDK's Worker handles SIGINT/SIGTERM itself: it stops polling, lets running tasks finish, then run() resolves.
await worker.run();
await connection.close();
await pool.end();
log.info('worker stopped');
