// The deadline report, read from the pre-aggregated rapport_frister (see the read-model-v2 migration).
import type { LocalDate } from '../../domain/calendar';
import { paramList, type Queryable, type ReadScope } from './scope';

export type FristRapportLinje = {
  fristtype: string;
  /** Deadlines due in the span that were met, or were missed and are past due (lapsed after the due date included). */
  antal: number;
  overholdtITide: number;
  /** overholdtITide / antal; null when antal is 0. */
  andelITide: number | null;
  /** Median calendar days from the anchor date to the day the deadline was met, over the met ones. */
  medianDage: number | null;
};

/** The median of a multiset given as (value, count) pairs: the middle value, or the mean of the two middle ones. */
export function medianOf(histogram: readonly { value: number; count: number }[]): number | null {
  const sorted = [...histogram].filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, h) => sum + h.count, 0);
  if (n === 0) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (k < seen) return h.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

export async function fristRapport(
  db: Queryable,
  query: { regelsaet: string; fra: LocalDate; til: LocalDate; kommune?: string | undefined },
  options: { today: LocalDate; scope?: ReadScope },
): Promise<FristRapportLinje[]> {
  const p = paramList();
  const where = [`regelsaet_id = ${p.add(query.regelsaet)}`, `due_date BETWEEN ${p.add(query.fra)}::date AND ${p.add(query.til)}::date`];
  if (options.scope?.kommune !== undefined) where.push(`kommune = ${p.add(options.scope.kommune)}`);
  if (query.kommune !== undefined) where.push(`kommune = ${p.add(query.kommune)}`);
  // Open deadlines count once they are past due; a deadline lapsed by its due date never counts.
  where.push(`(udfald IN ('i_tide', 'for_sent', 'bortfaldet_overskredet') OR (udfald = 'aaben' AND due_date < ${p.add(options.today)}::date))`);
  const { rows } = await db.query<{ type: string; udfald: string; dage: number; n: number }>(
    `SELECT type, udfald, dage, sum(antal)::int AS n FROM rapport_frister WHERE ${where.join(' AND ')} GROUP BY type, udfald, dage`,
    p.values,
  );
  const byType = new Map<string, { antal: number; iTide: number; met: { value: number; count: number }[] }>();
  for (const r of rows) {
    const t = byType.get(r.type) ?? { antal: 0, iTide: 0, met: [] };
    t.antal += r.n;
    if (r.udfald === 'i_tide') t.iTide += r.n;
    if (r.udfald === 'i_tide' || r.udfald === 'for_sent') t.met.push({ value: r.dage, count: r.n });
    byType.set(r.type, t);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fristtype, t]) => ({
      fristtype,
      antal: t.antal,
      overholdtITide: t.iTide,
      andelITide: t.antal === 0 ? null : t.iTide / t.antal,
      medianDage: medianOf(t.met),
    }));
}

const danishNumber = (n: number | null, decimals: number) =>
  n === null ? '' : String(Number(n.toFixed(decimals))).replace('.', ',');

/** Semicolon-separated with a header and decimal commas, as Danish spreadsheets read it. */
export function fristRapportCsv(lines: readonly FristRapportLinje[]): string {
  const header = 'fristtype;antal;overholdtITide;andelITide;medianDage';
  const body = lines.map((l) => [l.fristtype, l.antal, l.overholdtITide, danishNumber(l.andelITide, 4), danishNumber(l.medianDage, 1)].join(';'));
  return [header, ...body].join('\r\n') + '\r\n';
}
