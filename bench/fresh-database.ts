// A database for one benchmark run: a new database on a given server, or an embedded PostgreSQL in a
// temporary folder when there is none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded';
import { freePort } from '../scripts/ports';

/**
 * A fresh database: `name` created on the server of `serverUrl` (dropped again by `drop`), or without
 * a server URL an embedded PostgreSQL in a temporary folder (stopped and removed by `drop`).
 */
export async function freshDatabase(serverUrl: string | undefined, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  if (serverUrl) {
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'forloeb-bench-'));
  const server = await startEmbeddedPostgres(dir, await freePort());
  return {
    url: server.url,
    drop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
