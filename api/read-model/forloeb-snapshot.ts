// A forløb as its event log in PostgreSQL shows it: the domain's own fold (`evolve`) over the stored
// events, with the deadlines and frame the domain derives from them. The detail, the timeline and the
// access check read from here, so a forløb can be read while its workflow task is being retried, or
// while no worker runs. The log may lag the workflow by the events of a delivery in flight.
import { evolve, initialState, snapshotOf, toRecorded, type ForloebSnapshot, type ForloebState, type StoredEvent } from '../../domain/forloeb';
import { findRegelsaet, type Regelsaet } from '../../domain/regelsaet';
import type { Queryable } from './scope';

/** The snapshot folded from the stored events, or undefined when the log holds none for the forløb. */
export async function loadForloebSnapshot(
  db: Queryable,
  forloebId: string,
  regelsaet: readonly Regelsaet[],
  now: Date,
): Promise<ForloebSnapshot | undefined> {
  const { rows } = await db.query<StoredEvent>(
    'SELECT seq, type, data, occurred_at, actor FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq',
    [forloebId],
  );
  let state: ForloebState = initialState();
  // Only an unbroken sequence: an event stored ahead of a missing one waits for it, as in the projection.
  for (const stored of rows) {
    if (stored.seq !== state.seq + 1) break;
    state = evolve(state, toRecorded(stored));
  }
  if (state.status === 'empty') return undefined;
  const rules = findRegelsaet(state.regelsaetId, regelsaet);
  // A regelsæt no longer loaded: the state still reads; deadlines need its rules.
  return rules ? snapshotOf(state, rules, now) : { state, deadlines: [] };
}

/** Waits until the read model has projected the forløb up to `seq`, for at most `timeoutMs`; whether it got there. */
export async function waitForProjection(db: Queryable, forloebId: string, seq: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    const { rows } = await db.query<{ last_seq: number }>('SELECT last_seq FROM forloeb WHERE id = $1', [forloebId]);
    if ((rows[0]?.last_seq ?? 0) >= seq) return true;
    if (Date.now() + pause > until) return false;
    await new Promise((r) => setTimeout(r, pause));
  }
}
