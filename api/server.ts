// The API process: applies migrations, connects to Temporal and PostgreSQL, serves HTTP until
// SIGINT/SIGTERM, then closes gracefully.
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { migrate } from '../db/migrate';
import { BUILT_IN_REGELSAET } from '../domain/regelsaet';
import { buildApp } from './app';

const config = loadConfig();
const log = createLogger('api', config.logLevel);
if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for the API');

await migrate(config.databaseUrl, (m) => log.info(m));
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace });

const app = await buildApp(
  { temporal: { client, taskQueue: config.temporal.taskQueue }, pool, regelsaet: BUILT_IN_REGELSAET, now: () => new Date() },
  { loggerInstance: log },
);
await app.listen({ host: config.api.host, port: config.api.port });

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  await app.close();
  await connection.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
