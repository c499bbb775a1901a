// Appends events and projects them into the read tables, in one transaction.
// Idempotent and order-safe: events are stored once per (forloeb_id, seq); the read tables advance
// only through a contiguous sequence, so duplicates are ignored and an early event waits for its
// predecessor. When stored events lie beyond a gap, the result names the first missing sequence
// number (`missingFrom`) so that the sender can deliver it again.
import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, type Regelsaet } from '../../domain/regelsaet';
import { appendEvents } from './append';
import { recordLetterJobs } from './breve';
import { deadlineRowsJson, type DeadlineRow } from './deadlines';
import { changesBetween, projectEvent, toRecorded, type ForloebProjection, type StoredEvent } from './fold';
import { forloebRowFromJson, forloebRowJson, type ForloebRow } from './forloeb-row';
import { openPaamindelserJson, paamindelseKey, type PaamindelseRow } from './paamindelser';
import { isoUtc } from './sql';
import { writeChanges } from './write';

export type ProjectionResult = {
  /** The forløb's read model reflects every event up to and including this one. */
  projectedSeq: number;
  /** Set when events after `projectedSeq` are stored but `projectedSeq + 1` is not: the first missing one. */
  missingFrom?: number;
};

/** `catalogue`: the regelsæt the system runs; the worker passes the ones it loaded (built-in and REGELSAET_DIR). */
export async function appendAndProject(
  pool: Pool,
  forloebId: string,
  events: readonly RecordedEvent[],
  catalogue: readonly Regelsaet[] = BUILT_IN_REGELSAET,
): Promise<ProjectionResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await appendEvents(client, forloebId, events);
    const result = await projectPending(client, forloebId, catalogue);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Projects every stored event after the row's last_seq, stopping at the first gap. Runs inside the caller's transaction. */
export async function projectPending(client: PoolClient, forloebId: string, catalogue: readonly Regelsaet[] = BUILT_IN_REGELSAET): Promise<ProjectionResult> {
  // The lock is a statement of its own: under READ COMMITTED the next statement then sees every
  // projection of this forløb committed before the lock was granted.
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [forloebId]);
  // Everything the fold needs in one round trip: the rows it may change and the events after last_seq.
  const { rows } = await client.query<{
    forloeb: ForloebRow | null;
    deadlines: DeadlineRow[];
    paamindelser: PaamindelseRow[];
    events: StoredEvent[];
  }>(
    `SELECT (${forloebRowJson('$1')}) AS forloeb, (${deadlineRowsJson('$1')}) AS deadlines,
            (${openPaamindelserJson('$1')}) AS paamindelser,
            (SELECT coalesce(json_agg(json_build_object('seq', seq, 'type', type, 'data', data, 'occurred_at', ${isoUtc('occurred_at')}) ORDER BY seq), '[]')
               FROM forloeb_events WHERE forloeb_id = $1 AND seq > coalesce((SELECT last_seq FROM forloeb WHERE id = $1), 0)) AS events`,
    [forloebId],
  );
  const loaded = rows[0]!;
  const row = forloebRowFromJson(loaded.forloeb);
  const lastSeq = row?.lastSeq ?? 0;
  const contiguous: StoredEvent[] = [];
  for (const stored of loaded.events) {
    if (stored.seq !== lastSeq + contiguous.length + 1) break;
    contiguous.push(stored);
  }
  const projectedSeq = lastSeq + contiguous.length;
  const result: ProjectionResult = loaded.events.length > contiguous.length ? { projectedSeq, missingFrom: projectedSeq + 1 } : { projectedSeq };
  if (contiguous.length === 0) return result;

  const before: ForloebProjection = {
    forloeb: row,
    deadlines: new Map(loaded.deadlines.map((d) => [d.type, d])),
    paamindelser: new Map(loaded.paamindelser.map((p) => [paamindelseKey(p), p])),
  };
  const recorded = contiguous.map(toRecorded);
  const after = recorded.reduce((state, event) => projectEvent(state, event, forloebId, catalogue), before);
  await writeChanges(client, changesBetween(before, after));
  await recordLetterJobs(client, forloebId, recorded);
  return result;
}
