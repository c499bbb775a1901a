// The read model after a reset: the events the reset discarded leave forloeb_events for
// forloeb_events_superseded, the events the new run decided take their place, and the forløb's read
// rows are rebuilt from what remains.
//
// Why this is safe, in the order the repair runs (examine.ts):
// 1. The reset comes first. It closes the old run, so the server hands none of its activities to a
//    worker any more; an attempt of its publishEvents already running ends within that activity's
//    start-to-close timeout, which the repair waits out (settle) before it touches the log. Were the
//    supersession done first, such a late delivery could store a discarded event again.
// 2. The repair then waits until the new run has completed a workflow task after the reset point,
//    so its re-decided events are in its history, and reads them from there: the history, not the
//    read model, is what the workflow stands by.
// 3. One transaction under the forløb's projection lock (the lock publishEvents takes to project)
//    removes every stored event after the kept sequence number that the new run did not decide in
//    the same way, stores the new run's events, and rebuilds the forløb's read rows. A delivery of
//    the new run that runs meanwhile either stored its events before (then they match the history
//    and stay) or waits for the lock and projects after the rebuild; its INSERT is idempotent.
// So the log ends as the new run's events, the read model as a rebuild from them, and a reminder
// the new run sends again keeps the notice (id, read, acknowledged) people already had.
import type { Pool } from 'pg';
import type { RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, type Regelsaet } from '../../domain/regelsaet';
import { appendEvents } from '../projection/append';
import { rebuildForloeb } from '../projection/rebuild';

/** The actor an event records, as JSON, or null for an event without one (the clock's). */
const actorOf = (e: RecordedEvent): string | null => {
  const actor = (e as { actor?: unknown }).actor;
  return actor == null ? null : JSON.stringify(actor);
};

export type ReconcileResult = { superseded: number; stored: number; projectedEvents: number; restoredNotices: number };

export async function reconcileAfterReset(
  pool: Pool,
  forloebId: string,
  keptSeq: number,
  decided: readonly RecordedEvent[],
  catalogue: readonly Regelsaet[] = BUILT_IN_REGELSAET,
): Promise<ReconcileResult> {
  const after = decided.filter((e) => e.seq > keptSeq);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [forloebId]);
    // The one transaction in which forloeb_events lets rows go (to the archive): see the migration.
    await client.query(`SELECT set_config('forloeb.repair', 'on', true)`);
    // An event stays only if the new run decided it alike: type, data, instant, and the actor where
    // the log and the event carry one (read through to_jsonb, so this holds whatever columns it has).
    const removed = await client.query(
      `DELETE FROM forloeb_events e
        WHERE e.forloeb_id = $1 AND e.seq > $2
          AND NOT EXISTS (
            SELECT 1 FROM unnest($3::int[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::jsonb[]) AS d(seq, type, data, occurred_at, actor)
             WHERE d.seq = e.seq AND d.type = e.type AND d.data = e.data AND d.occurred_at = e.occurred_at
               AND NULLIF(to_jsonb(e) -> 'actor', 'null'::jsonb) IS NOT DISTINCT FROM d.actor)`,
      [
        forloebId,
        keptSeq,
        after.map((e) => e.seq),
        after.map((e) => e.type),
        after.map((e) => JSON.stringify(e.data)),
        after.map((e) => e.at),
        after.map((e) => actorOf(e)),
      ],
    );
    await client.query(`SELECT set_config('forloeb.repair', 'off', true)`);
    await appendEvents(client, forloebId, after);
    const rebuilt = await rebuildForloeb(client, forloebId, catalogue);
    await client.query('COMMIT');
    return { superseded: removed.rowCount ?? 0, stored: after.length, projectedEvents: rebuilt.events, restoredNotices: rebuilt.restoredNotices };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
