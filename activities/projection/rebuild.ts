// Rebuilds every read table from forloeb_events, in one transaction: what people did with their
// notices (read_at, acknowledged_at, and the notice ids they hold) is saved first and restored after.
// The TRUNCATE locks the read tables until the commit, so readers and the live projection wait
// (the projection activity retries) instead of seeing a half-built read model.
import type { Pool, PoolClient } from 'pg';
import { changesBetween, emptyProjection, projectEvent, toRecorded, type ForloebProjection, type ProjectionChanges, type StoredEvent } from './fold';
import { mergeChanges, writeChanges } from './write';

export const READ_TABLES = ['forloeb', 'forloeb_deadlines', 'paamindelser', 'rapport_frister'] as const;

export type RebuildProgress = { events: number; forloeb: number; seconds: number; eventsPerSecond: number };
export type RebuildOptions = {
  /** Events fetched per round trip. */
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
};

export async function rebuildReadModel(pool: Pool, options: RebuildOptions = {}): Promise<RebuildProgress & { restoredNotices: number }> {
  const batchSize = options.batchSize ?? 20_000;
  const started = performance.now();
  const progress = (events: number, forloeb: number): RebuildProgress => {
    const seconds = (performance.now() - started) / 1000;
    return { events, forloeb, seconds, eventsPerSecond: seconds > 0 ? events / seconds : 0 };
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE saved_paamindelser ON COMMIT DROP AS
         SELECT forloeb_id, seq, rolle, id, read_at, acknowledged_at FROM paamindelser`,
    );
    await client.query(`TRUNCATE ${READ_TABLES.join(', ')}`);

    await client.query(
      'DECLARE rebuild_events NO SCROLL CURSOR FOR SELECT forloeb_id, seq, type, data, occurred_at FROM forloeb_events ORDER BY forloeb_id, seq',
    );
    let events = 0;
    let forloebCount = 0;
    let current: { id: string; state: ForloebProjection; gap: boolean } | undefined;
    let pending: ProjectionChanges[] = [];
    const finish = () => {
      if (!current) return;
      pending.push(changesBetween(emptyProjection(), current.state));
      forloebCount++;
    };
    for (;;) {
      const { rows } = await client.query<StoredEvent & { forloeb_id: string }>(`FETCH ${batchSize} FROM rebuild_events`);
      if (rows.length === 0) break;
      for (const stored of rows) {
        if (current?.id !== stored.forloeb_id) {
          finish();
          current = { id: stored.forloeb_id, state: emptyProjection(), gap: false };
        }
        // As the live projection does: stop at the first gap in a forløb's sequence.
        if (current.gap || stored.seq !== (current.state.forloeb?.lastSeq ?? 0) + 1) {
          current.gap = true;
          continue;
        }
        current.state = projectEvent(current.state, toRecorded(stored), stored.forloeb_id);
        events++;
      }
      await writeChanges(client, mergeChanges(pending));
      pending = [];
      options.onProgress?.(progress(events, forloebCount));
    }
    finish();
    await writeChanges(client, mergeChanges(pending));
    await client.query('CLOSE rebuild_events');

    const restored = await restoreUserState(client);
    await client.query('COMMIT');
    const done = progress(events, forloebCount);
    options.onProgress?.(done);
    return { ...done, restoredNotices: restored };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Puts back the ids of the notices and what people did with them, matched on (forloeb_id, seq, rolle). */
async function restoreUserState(client: PoolClient): Promise<number> {
  // Rebuilt rows took new ids from the sequence, all above the saved ones, so no id collides.
  const result = await client.query(
    `UPDATE paamindelser p SET id = s.id, read_at = s.read_at, acknowledged_at = s.acknowledged_at
       FROM saved_paamindelser s
      WHERE p.forloeb_id = s.forloeb_id AND p.seq = s.seq AND p.rolle = s.rolle`,
  );
  return result.rowCount ?? 0;
}
