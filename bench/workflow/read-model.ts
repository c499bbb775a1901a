// The read model of `npm run bench:workflow -- --postgres`: a fresh, migrated database (a new one on
// DATABASE_URL's server, or an embedded PostgreSQL in a temporary folder) with the worker's pool,
// and the wait until every forløb's projected seq has reached its workflow's last seq.
import pg from 'pg';
import { migrate } from '../../db/migrate';
import { freshDatabase } from '../fresh-database';
import type { Seqs } from './forloeb-load';

export type ReadModel = { pool: pg.Pool; where: string; stop: () => Promise<void> };

export async function startReadModel(): Promise<ReadModel> {
  const serverUrl = process.env.DATABASE_URL;
  const db = await freshDatabase(serverUrl, `forloeb_bench_workflow_${Date.now().toString(36)}`);
  await migrate(db.url);
  // As the worker process makes it (worker/process.ts).
  const pool = new pg.Pool({ connectionString: db.url, max: 10, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {});
  return {
    pool,
    where: serverUrl ? "a new database on DATABASE_URL's server" : 'an embedded PostgreSQL in a temporary folder',
    stop: async () => {
      await pool.end().catch(() => {});
      await db.drop();
    },
  };
}

/** How many of the forløb have a projected seq (forloeb.last_seq) below their workflow's last seq. */
export async function forloebBehind(pool: pg.Pool, seqs: Seqs): Promise<number> {
  const ids = [...seqs.keys()];
  const { rows } = await pool.query<{ behind: number }>(
    `SELECT count(*)::int AS behind
       FROM unnest($1::text[], $2::int[]) AS x(id, seq)
       LEFT JOIN forloeb f ON f.id = x.id
      WHERE coalesce(f.last_seq, 0) < x.seq`,
    [ids, ids.map((id) => seqs.get(id)!)],
  );
  return rows[0]!.behind;
}

/**
 * Polls every 50 ms until the read model has caught up with every forløb in `seqs`; answers the
 * seconds from `since` (a performance.now() instant: the last command's answer) to that moment, or
 * the number still behind when `timeoutMs` passes first.
 */
export async function waitForCatchUp(pool: pg.Pool, seqs: Seqs, since: number, timeoutMs = 60_000): Promise<{ seconds: number } | { behind: number }> {
  for (const deadline = performance.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 50))) {
    const behind = await forloebBehind(pool, seqs);
    if (behind === 0) return { seconds: (performance.now() - since) / 1000 };
    if (performance.now() > deadline) return { behind };
  }
}
