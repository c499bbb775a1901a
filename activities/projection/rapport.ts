// `rapport_frister`: the deadline report, pre-aggregated. Each deadline row counts once in the bucket
// (regelsæt, kommune, type, due date, outcome, days from anchor to met); a change of a deadline row
// moves one count from its old bucket to its new one. Pure `bucketDeltas`, then one SQL upsert.
import type { PoolClient } from 'pg';
import { daysBetween } from '../../domain/calendar';
import type { DeadlineRow } from './deadlines';

export type RapportBucket = {
  regelsaetId: string;
  kommune: string;
  type: string;
  dueDate: string;
  /** Not met yet; met in time; met late; lapsed by the due date (does not count); lapsed after it (a miss). */
  udfald: 'aaben' | 'i_tide' | 'for_sent' | 'bortfaldet' | 'bortfaldet_overskredet';
  /** Calendar days from the anchor date to the day the deadline was met; -1 while it is not met. */
  dage: number;
};
export type RapportDelta = RapportBucket & { antal: number };

export function bucketOf(d: DeadlineRow): RapportBucket {
  const base = { regelsaetId: d.regelsaetId, kommune: d.kommune, type: d.type, dueDate: d.dueDate };
  if (d.metOn !== null) return { ...base, udfald: d.inTime ? 'i_tide' : 'for_sent', dage: daysBetween(d.anchorDate, d.metOn) };
  if (d.lapsedOn !== null) return { ...base, udfald: d.lapsedOn > d.dueDate ? 'bortfaldet_overskredet' : 'bortfaldet', dage: -1 };
  return { ...base, udfald: 'aaben', dage: -1 };
}

const keyOf = (b: RapportBucket) => [b.regelsaetId, b.dueDate, b.type, b.kommune, b.udfald, b.dage].join('\u0000');

/** The count moves caused by deadline rows changing from `before` to `after` (null: absent). */
export function bucketDeltas(changes: Iterable<{ before: DeadlineRow | null; after: DeadlineRow | null }>): RapportDelta[] {
  const deltas: RapportDelta[] = [];
  for (const { before, after } of changes) {
    if (before) deltas.push({ ...bucketOf(before), antal: -1 });
    if (after) deltas.push({ ...bucketOf(after), antal: 1 });
  }
  return sumDeltas(deltas);
}

/** Deltas summed per bucket, zeros dropped, sorted by key: one row per bucket for one upsert. */
export function sumDeltas(deltas: Iterable<RapportDelta>): RapportDelta[] {
  const sums = new Map<string, RapportDelta>();
  for (const d of deltas) {
    const k = keyOf(d);
    const current = sums.get(k);
    if (current) current.antal += d.antal;
    else sums.set(k, { ...d });
  }
  return [...sums.entries()]
    .filter(([, d]) => d.antal !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

/** Applies the deltas in key order (so concurrent projections lock buckets in one order) and drops emptied buckets. */
export async function applyRapportDeltas(client: PoolClient, deltas: readonly RapportDelta[]): Promise<void> {
  const params = (ds: readonly RapportDelta[]) => {
    const col = <K extends keyof RapportDelta>(k: K) => ds.map((r) => r[k]);
    return [col('regelsaetId'), col('kommune'), col('type'), col('dueDate'), col('udfald'), col('dage'), col('antal')];
  };
  const keys = `unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::int[], $7::int[]) AS k(rs, ko, ty, du, ud, da, n)`;
  const match = 'r.regelsaet_id = k.rs AND r.due_date = k.du AND r.type = k.ty AND r.kommune = k.ko AND r.udfald = k.ud AND r.dage = k.da';
  // A count leaves its bucket: never below zero (the CHECK would say the read model is inconsistent).
  const down = deltas.filter((d) => d.antal < 0);
  if (down.length > 0) {
    await client.query(`UPDATE rapport_frister r SET antal = r.antal + k.n FROM ${keys} WHERE ${match}`, params(down));
    await client.query(`DELETE FROM rapport_frister r USING ${keys} WHERE ${match} AND r.antal = 0`, params(down));
  }
  const up = deltas.filter((d) => d.antal > 0);
  if (up.length > 0) {
    await client.query(
      `INSERT INTO rapport_frister AS r (regelsaet_id, kommune, type, due_date, udfald, dage, antal)
       SELECT * FROM ${keys}
       ON CONFLICT (regelsaet_id, due_date, type, kommune, udfald, dage) DO UPDATE SET antal = r.antal + EXCLUDED.antal`,
      params(up),
    );
  }
}
