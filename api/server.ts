// The API process: applies migrations, connects to Temporal and PostgreSQL, serves HTTP until
// SIGINT/SIGTERM, then closes gracefully.
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '../config/env';
import { blobKeysOf } from '../config/blob-encryption';
import { getDataConverter } from '../config/data-converter';
import { createLogger } from '../config/logger';
import { parseSecretKey } from '../config/payload-keys';
import { loadCatalogueOrExit } from '../config/regelsaet-loader';
import { migrate } from '../db/migrate';
import { buildApp } from './app';

const config = loadConfig();
const log = createLogger('api', config.logLevel);

// The municipality's own regelsæt files are checked first, before any migration or connection, so a
// bad file stops the start at once with its file, field path and reason on stderr.
const catalogue = loadCatalogueOrExit(config.regelsaetDir, log);
if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for the API');
// Personal data is protected from the first request: without keys (or PAYLOAD_ENCRYPTION=off) the API does not start.
const dataConverter = getDataConverter(config);
if (!config.cprHashKey) throw new Error('CPR_HASH_KEY must be set for the API (base64, at least 32 random bytes); `npm start` generates one by itself');
const cprHashKey = parseSecretKey('CPR_HASH_KEY', config.cprHashKey);
if (config.auth.devMode) log.warn('AUTH_DEV_MODE=1: POST /api/dev/token issues local tokens; never use this in production');

await migrate(config.databaseUrl, (m) => log.info(m));
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });

const app = await buildApp(
  {
    temporal: { client, taskQueue: config.temporal.taskQueue },
    pool,
    regelsaet: catalogue,
    now: () => new Date(),
    auth: config.auth,
    cprHashKey,
    oidc: config.oidc,
    letterKeys: blobKeysOf(config),
    drift: { payloadCodecs: dataConverter?.payloadCodecs ?? [], temporalUiOrigin: config.codecCorsOrigin, namespace: config.temporal.namespace },
  },
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
