// `npm run migrate`: applies the migrations to DATABASE_URL.
import { loadConfig } from '../config/env';
import { parseCli } from '../scripts/cli';
import { migrate } from './migrate';

parseCli({
  usage: `Usage: npm run migrate

Applies the migrations in db/migrations to DATABASE_URL's database. Takes no options.`,
  options: {},
});
const config = loadConfig();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set; `npm start` applies the migrations to the embedded database by itself.');
  process.exit(1);
}
await migrate(config.databaseUrl, (m) => console.log(m));
