// The timeline of one forløb, read from the event log, without any CPR number.
import { paramList, type Queryable, type ReadScope } from './scope';

export type TimelineEntry = { seq: number; type: string; tidspunkt: string; aktoer?: { rolle: string; brugerId?: string }; data: unknown };

/** A copy of `value` without any property named `cpr`, at any depth. */
export function withoutCpr(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCpr);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key.toLowerCase() !== 'cpr')
        .map(([key, v]) => [key, withoutCpr(v)]),
    );
  }
  return value;
}

/** A page of the forløb's events in sequence order; undefined when the forløb has no events or lies outside the scope. */
export async function timeline(
  db: Queryable,
  forloebId: string,
  page: { side: number; antal: number },
  scope: ReadScope = {},
): Promise<{ rows: TimelineEntry[]; total: number } | undefined> {
  const p = paramList();
  const id = p.add(forloebId);
  const inScope = scope.kommune === undefined ? '' : `AND EXISTS (SELECT 1 FROM forloeb f WHERE f.id = ${id} AND f.kommune = ${p.add(scope.kommune)})`;
  const scopeParams = [...p.values];
  const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM forloeb_events WHERE forloeb_id = ${id} ${inScope}`, scopeParams);
  const total = count.rows[0]?.n ?? 0;
  if (total === 0) return undefined;
  const rows = await db.query<{ seq: number; type: string; data: unknown; occurred_at: Date; actor: { role: string; userId?: string } | null }>(
    `SELECT seq, type, data, occurred_at, actor FROM forloeb_events WHERE forloeb_id = ${id} ${inScope}
      ORDER BY seq LIMIT ${p.add(page.antal)} OFFSET ${p.add((page.side - 1) * page.antal)}`,
    p.values,
  );
  return {
    rows: rows.rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      tidspunkt: r.occurred_at.toISOString(),
      ...(r.actor ? { aktoer: { rolle: r.actor.role, ...(r.actor.userId ? { brugerId: r.actor.userId } : {}) } } : {}),
      data: withoutCpr(r.data),
    })),
    total,
  };
}
