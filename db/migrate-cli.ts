// `npm run migrate`: applies the migrations to DATABASE_URL.
import { loadConfig } from '../config/env';
import { migrate } from './migrate';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set; `npm start` applies the migrations to the embedded database by itself.');
  process.exit(1);
}
await migrate(config.databaseUrl, (m) => console.log(m));
