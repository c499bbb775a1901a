// The read model of one forløb in memory, and the pure fold of events into it. Each read table has
// its own evolve function (forloeb-row.ts, deadlines.ts, paamindelser.ts); this file routes an event
// to the rows it touches and derives what spans tables (the next deadline, the report buckets).
import type { RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet, type Regelsaet } from '../../domain/regelsaet';
import { deadlineOf, evolveDeadline, type DeadlineRow } from './deadlines';
import { evolveForloebRow, withNextDeadline, type ForloebRow } from './forloeb-row';
import { evolvePaamindelser, type PaamindelseRow } from './paamindelser';
import { bucketDeltas, type RapportDelta } from './rapport';

export type ForloebProjection = {
  forloeb: ForloebRow | null;
  deadlines: ReadonlyMap<string, DeadlineRow>;
  /** The inbox rows a later event can still change (unresolved), and any this fold touched. */
  paamindelser: ReadonlyMap<string, PaamindelseRow>;
};

export const emptyProjection = (): ForloebProjection => ({ forloeb: null, deadlines: new Map(), paamindelser: new Map() });

/**
 * Folds one event into the forløb's read rows. `catalogue`: the regelsæt the system runs (the built-in
 * ones and the municipality's own files), for the next notice moment, which the regelsæt's notice
 * rules decide.
 */
export function projectEvent(state: ForloebProjection, event: RecordedEvent, forloebId: string, catalogue: readonly Regelsaet[]): ForloebProjection {
  const forloeb = evolveForloebRow(state.forloeb, event, forloebId);
  if (forloeb === null) return state;

  let deadlines = state.deadlines;
  const deadline = deadlineOf(event);
  if (deadline !== undefined) {
    const before = deadlines.get(deadline) ?? null;
    const after = evolveDeadline(before, event, forloeb);
    if (after !== before) {
      const next = new Map(deadlines);
      if (after) next.set(deadline, after);
      else next.delete(deadline);
      deadlines = next;
    }
  }

  const paamindelser = evolvePaamindelser(state.paamindelser, event, forloeb, findRegelsaet(forloeb.regelsaetId, catalogue));

  return { forloeb: withNextDeadline(forloeb, deadlines.values(), catalogue), deadlines, paamindelser };
}

/** The rows to write: those that differ from `before`, and the report buckets they move. */
export type ProjectionChanges = {
  forloeb: ForloebRow[];
  deadlines: DeadlineRow[];
  paamindelser: PaamindelseRow[];
  rapport: RapportDelta[];
};

export function changesBetween(before: ForloebProjection, after: ForloebProjection): ProjectionChanges {
  const deadlineChanges = [...after.deadlines].filter(([k, row]) => before.deadlines.get(k) !== row);
  return {
    forloeb: after.forloeb && after.forloeb !== before.forloeb ? [after.forloeb] : [],
    deadlines: deadlineChanges.map(([, row]) => row),
    paamindelser: [...after.paamindelser].filter(([k, row]) => before.paamindelser.get(k) !== row).map(([, row]) => row),
    rapport: bucketDeltas(deadlineChanges.map(([k, row]) => ({ before: before.deadlines.get(k) ?? null, after: row }))),
  };
}

export type { StoredEvent } from '../../domain/forloeb';
export { toRecorded } from '../../domain/forloeb';
