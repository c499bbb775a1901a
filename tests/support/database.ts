// A fresh, migrated PostgreSQL database for one test file: a new database on DATABASE_URL's server
// when it is set, else an embedded server in a temporary folder (as on a fresh machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../db/migrate';
import { startEmbeddedPostgres } from '../../db/embedded';
import { freePort } from '../../scripts/ports';

export type TestDatabase = { url: string; pool: pg.Pool; stop: () => Promise<void> };

export async function startTestDatabase(): Promise<TestDatabase> {
  const name = `forloeb_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  let url: string;
  let stopServer: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    stopServer = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'forloeb-pg-'));
    const server = await startEmbeddedPostgres(dir, await freePort());
    url = server.url;
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // When the server stops at teardown, a client still closing may receive the server's shutdown
  // notice after the pool has let go of it; without a listener that would be an uncaught error.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    url,
    pool,
    stop: async () => {
      await pool.end();
      await stopServer();
    },
  };
}
