// Rebuilds every read table from forloeb_events, in one transaction: what people did with their
// inbox rows (read_at, acknowledged_at and the rank acknowledged, and the row ids they hold) is saved
// first and restored after.
// The TRUNCATE locks the read tables until the commit, so readers and the live projection wait
// (the projection activity retries) instead of seeing a half-built read model.
import type { Pool, PoolClient } from 'pg';
import { BUILT_IN_REGELSAET, type Regelsaet } from '../../domain/regelsaet';
import { matchNotices, type RebuiltNotice, type SavedNotice } from '../watchdog/verdict';
import { deadlineRowsJson, type DeadlineRow } from './deadlines';
import { changesBetween, emptyProjection, projectEvent, toRecorded, type ForloebProjection, type ProjectionChanges, type StoredEvent } from './fold';
import { applyRapportDeltas, bucketDeltas } from './rapport';
import { mergeChanges, writeChanges } from './write';

export const READ_TABLES = ['forloeb', 'forloeb_deadlines', 'paamindelser', 'rapport_frister'] as const;

export type RebuildProgress = { events: number; forloeb: number; seconds: number; eventsPerSecond: number };
export type RebuildOptions = {
  /** Events fetched per round trip. */
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
  /** The regelsæt the system runs (built-in and REGELSAET_DIR), for the next notice moments; default the built-in ones. */
  catalogue?: readonly Regelsaet[];
};

export async function rebuildReadModel(pool: Pool, options: RebuildOptions = {}): Promise<RebuildProgress & { restoredNotices: number }> {
  const batchSize = options.batchSize ?? 20_000;
  const catalogue = options.catalogue ?? BUILT_IN_REGELSAET;
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
         SELECT forloeb_id, seq, rolle, id, read_at, acknowledged_at, acknowledged_rank FROM paamindelser`,
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
        current.state = projectEvent(current.state, toRecorded(stored), stored.forloeb_id, catalogue);
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
    `UPDATE paamindelser p SET id = s.id, read_at = s.read_at, acknowledged_at = s.acknowledged_at, acknowledged_rank = s.acknowledged_rank
       FROM saved_paamindelser s
      WHERE p.forloeb_id = s.forloeb_id AND p.seq = s.seq AND p.rolle = s.rolle`,
  );
  return result.rowCount ?? 0;
}

/**
 * Rebuilds the read rows of one forløb from its stored events, inside the caller's transaction and
 * under the forløb's projection lock, so a live projection of the same forløb waits and then folds
 * only what came after. Used by the watchdog's repair after it superseded events: the forløb's
 * counts leave the report and its rows are made again from the events that remain. People keep
 * their notices (ids, read and acknowledged times), a re-decided reminder included (matchNotices).
 */
export async function rebuildForloeb(
  client: PoolClient,
  forloebId: string,
  catalogue: readonly Regelsaet[] = BUILT_IN_REGELSAET,
): Promise<{ events: number; restoredNotices: number }> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [forloebId]);
  const saved = (
    await client.query<SavedNotice & { read_at: Date | null; acknowledged_at: Date | null; acknowledged_rank: number }>(
      'SELECT id::int AS id, seq, rolle, kind, deadline, level, read_at, acknowledged_at, acknowledged_rank FROM paamindelser WHERE forloeb_id = $1',
      [forloebId],
    )
  ).rows;
  const { rows: loaded } = await client.query<{ deadlines: DeadlineRow[] }>(`SELECT (${deadlineRowsJson('$1')}) AS deadlines`, [forloebId]);
  await applyRapportDeltas(client, bucketDeltas(loaded[0]!.deadlines.map((before) => ({ before, after: null }))));
  // Children first: notices and deadlines reference the forløb row.
  await client.query('DELETE FROM paamindelser WHERE forloeb_id = $1', [forloebId]);
  await client.query('DELETE FROM forloeb_deadlines WHERE forloeb_id = $1', [forloebId]);
  await client.query('DELETE FROM forloeb WHERE id = $1', [forloebId]);

  const { rows: stored } = await client.query<StoredEvent>('SELECT seq, type, data, occurred_at FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [forloebId]);
  let state = emptyProjection();
  let events = 0;
  for (const e of stored) {
    // As the live projection does: stop at the first gap.
    if (e.seq !== (state.forloeb?.lastSeq ?? 0) + 1) break;
    state = projectEvent(state, toRecorded(e), forloebId, catalogue);
    events++;
  }
  await writeChanges(client, changesBetween(emptyProjection(), state));

  const rebuilt = (
    await client.query<RebuiltNotice>('SELECT id::int AS id, seq, rolle, kind, deadline, level FROM paamindelser WHERE forloeb_id = $1', [forloebId])
  ).rows;
  const pairs = matchNotices(saved, rebuilt);
  if (pairs.length > 0) {
    // Rebuilt rows took new ids from the sequence, above every saved one, and the saved rows are gone: no id collides.
    await client.query(
      `UPDATE paamindelser p SET id = v.saved_id, read_at = v.read_at, acknowledged_at = v.acknowledged_at, acknowledged_rank = v.acknowledged_rank
         FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::int[]) AS v(rebuilt_id, saved_id, read_at, acknowledged_at, acknowledged_rank)
        WHERE p.id = v.rebuilt_id`,
      [
        pairs.map(([r]) => r),
        pairs.map(([, s]) => s.id),
        pairs.map(([, s]) => s.read_at),
        pairs.map(([, s]) => s.acknowledged_at),
        pairs.map(([, s]) => s.acknowledged_rank),
      ],
    );
  }
  return { events, restoredNotices: pairs.length };
}
