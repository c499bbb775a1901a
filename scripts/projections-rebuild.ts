// `npm run projections:rebuild`: rebuilds the read tables from forloeb_events (DATABASE_URL).
// Notices keep their ids and what people did with them (read, acknowledged). One transaction: the
// read tables are locked until it commits, and a failure leaves the old read model as it was.
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { rebuildReadModel } from '../activities/projection';
import { loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { loadCatalogueOrExit } from '../config/regelsaet-loader';
import { parseCli } from './cli';

export { rebuildReadModel };

const USAGE = `Usage: npm run projections:rebuild

Rebuilds every read table (forloeb, forloeb_deadlines, paamindelser, ...) from forloeb_events in one
transaction. The database is DATABASE_URL's; the regelsæt are the built-in ones and REGELSAET_DIR's,
as the worker loads them. Takes no options.`;

async function main(): Promise<void> {
  parseCli({ usage: USAGE, options: {} });
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is not set: name the database whose read model to rebuild.');
    process.exit(1);
  }
  const catalogue = loadCatalogueOrExit(config.regelsaetDir, createLogger('rebuild', config.logLevel));
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
  try {
    const done = await rebuildReadModel(pool, {
      catalogue,
      onProgress: (p) =>
        console.log(`${p.events} events, ${p.forloeb} forløb, ${p.seconds.toFixed(1)} s, ${Math.round(p.eventsPerSecond)} events/s`),
    });
    console.log(`Rebuilt: ${done.events} events into ${done.forloeb} forløb in ${done.seconds.toFixed(1)} s; ${done.restoredNotices} notices kept their id and state.`);
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
