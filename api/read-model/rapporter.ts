// The deadline reports, read from forloeb_deadlines (joined to the forløb row where a breakdown needs
// its unit or therapist): how many deadlines fell due in a period and how many were met in time,
// broken down by any of regelsæt, deadline kind, unit and therapist; and per week over the last year.
import { addCalendarDays, type LocalDate } from '../../domain/calendar';
import { lastYearOfWeeks, mondayOf, type Periode } from './periode';
import { paramList, type Queryable, type ReadScope } from './scope';

import { OPDELINGER, type Opdeling } from '../contract';

const COLUMN: Record<Opdeling, string> = { regelsaet: 'd.regelsaet_id', fristtype: 'd.type', enhed: 'f.enhed', terapeut: 'f.terapeut' };

export type FristRapportLinje = {
  regelsaetId?: string;
  fristtype?: string;
  /** null: the forløb is not assigned to a unit (or therapist). */
  enhed?: string | null;
  terapeut?: string | null;
  /** Deadlines due in the span that were met, or were missed and are past due (lapsed after the due date included). */
  antal: number;
  overholdtITide: number;
  /** overholdtITide / antal; null when antal is 0. */
  andelITide: number | null;
  /** Median calendar days from the anchor date to the day the deadline was met, over the met ones. */
  medianDage: number | null;
};

export type RapportFilter = { regelsaet?: string | undefined; kommune?: string | undefined };

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

/** The WHERE clause every report shares: the caller's kommune, the filter, the due dates, and what counts. */
function countedDeadlines(p: ReturnType<typeof paramList>, filter: RapportFilter, periode: Periode, today: LocalDate, scope: ReadScope | undefined): string {
  const where = [`d.due_date BETWEEN ${p.add(periode.fra)}::date AND ${p.add(periode.til)}::date`];
  if (scope?.kommune !== undefined) where.push(`d.kommune = ${p.add(scope.kommune)}`);
  if (filter.kommune !== undefined) where.push(`d.kommune = ${p.add(filter.kommune)}`);
  if (filter.regelsaet !== undefined) where.push(`d.regelsaet_id = ${p.add(filter.regelsaet)}`);
  // Met deadlines count; open ones once they are past due; a deadline lapsed by its due date never
  // counts, one lapsed after it is a miss (as rapport_frister's outcomes).
  where.push(
    `(d.met_on IS NOT NULL OR d.lapsed_on > d.due_date OR (d.lapsed_on IS NULL AND d.due_date < ${p.add(today)}::date))`,
  );
  return where.join(' AND ');
}

/** Deadlines due in the period, grouped by the chosen breakdown (none: one line for all). */
export async function fristRapport(
  db: Queryable,
  query: RapportFilter & Periode & { opdeling?: readonly Opdeling[] },
  options: { today: LocalDate; scope?: ReadScope },
): Promise<FristRapportLinje[]> {
  const opdeling = OPDELINGER.filter((o) => (query.opdeling ?? ['fristtype']).includes(o));
  const p = paramList();
  const where = countedDeadlines(p, query, query, options.today, options.scope);
  const join = opdeling.some((o) => o === 'enhed' || o === 'terapeut') ? 'JOIN forloeb f ON f.id = d.forloeb_id' : '';
  const keys = opdeling.map((o) => `${COLUMN[o]} AS ${o}`);
  const groupBy = opdeling.length === 0 ? '' : `GROUP BY ${opdeling.map((_, i) => i + 1).join(', ')} ORDER BY ${opdeling.map((_, i) => `${i + 1} NULLS LAST`).join(', ')}`;
  const { rows } = await db.query<Record<Opdeling, string | null> & { antal: number; i_tide: number; median: number | null }>(
    `SELECT ${[...keys, ''].join(', ')}
            count(*)::int AS antal,
            count(*) FILTER (WHERE d.in_time)::int AS i_tide,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY d.met_on - d.anchor_date) FILTER (WHERE d.met_on IS NOT NULL) AS median
       FROM forloeb_deadlines d ${join}
      WHERE ${where} ${groupBy}`,
    p.values,
  );
  return rows
    .filter((r) => r.antal > 0)
    .map((r) => ({
      ...(opdeling.includes('regelsaet') ? { regelsaetId: r.regelsaet! } : {}),
      ...(opdeling.includes('fristtype') ? { fristtype: r.fristtype! } : {}),
      ...(opdeling.includes('enhed') ? { enhed: r.enhed } : {}),
      ...(opdeling.includes('terapeut') ? { terapeut: r.terapeut } : {}),
      antal: r.antal,
      overholdtITide: r.i_tide,
      andelITide: r.antal === 0 ? null : r.i_tide / r.antal,
      medianDage: r.median === null ? null : Number(r.median),
    }));
}

export type UgeLinje = { uge: LocalDate; antal: number; overholdtITide: number; andelITide: number | null };

/**
 * Per week (Monday to Sunday, by due date) over the 52 weeks up to today: the deadlines that counted
 * and those met in time. Every week is present, with zeros where none fell due, so a chart has no gaps.
 */
export async function ugeRapport(db: Queryable, filter: RapportFilter, options: { today: LocalDate; scope?: ReadScope }): Promise<UgeLinje[]> {
  const periode = lastYearOfWeeks(options.today);
  const p = paramList();
  const where = countedDeadlines(p, filter, periode, options.today, options.scope);
  const { rows } = await db.query<{ uge: string; antal: number; i_tide: number }>(
    `SELECT to_char(date_trunc('week', d.due_date), 'YYYY-MM-DD') AS uge, count(*)::int AS antal, count(*) FILTER (WHERE d.in_time)::int AS i_tide
       FROM forloeb_deadlines d WHERE ${where} GROUP BY 1`,
    p.values,
  );
  const byWeek = new Map(rows.map((r) => [r.uge, r]));
  const weeks: UgeLinje[] = [];
  for (let uge = mondayOf(periode.fra); uge <= periode.til; uge = addCalendarDays(uge, 7)) {
    const r = byWeek.get(uge);
    const antal = r?.antal ?? 0;
    const iTide = r?.i_tide ?? 0;
    weeks.push({ uge, antal, overholdtITide: iTide, andelITide: antal === 0 ? null : iTide / antal });
  }
  return weeks;
}
