// The open deadlines a leder can still act on: overdue ones, those due this week, or both (the
// forecast), each with who answers for it and the action that meets it (from the domain). Read from
// forloeb_deadlines' open rows (the partial index of open deadlines) joined to the forløb row.
import { addCalendarDays, daysBetween, endOfCopenhagenDay, type LocalDate } from '../../domain/calendar';
import { nextActionFor } from '../../domain/forloeb/next-action';
import type { DeadlineType, Role } from '../../domain/regelsaet/regelsaet.schema';
import type { Sortering } from '../contract';
import { paramList, type Queryable, type ReadScope } from './scope';

export const VISNINGER = ['overskredne', 'denne-uge', 'prognose'] as const;
export type Visning = (typeof VISNINGER)[number];

const SORT_COLUMN: Record<Sortering, string> = {
  forfald: 'd.due_date',
  fristtype: 'd.type',
  ansvarlig: 'd.responsible',
  terapeut: 'f.terapeut',
  enhed: 'f.enhed',
};

export type AabenFristLinje = {
  forloebId: string;
  regelsaetId: string;
  fristtype: DeadlineType;
  forfald: LocalDate;
  /** The end of its due date in Copenhagen (the next local midnight): met in time by anything before it. */
  senestITide: string;
  overskredet: boolean;
  /** Calendar days from today to the due date; negative when overdue. */
  dageTilbage: number;
  ansvarligRolle: Role;
  terapeut: string | null;
  enhed: string | null;
  naesteHandling: { kommando: string; tekst: string };
};

export type AabneFristerQuery = {
  visning: Visning;
  regelsaet?: string | undefined;
  sorter?: Sortering | undefined;
  faldende?: boolean | undefined;
  /** null: every row (the CSV export). */
  side: { offset: number; limit: number } | null;
};

/** The due dates a view covers: overdue is before today; this week is today and the six days after. */
function dueRange(visning: Visning, today: LocalDate): { fra?: LocalDate; til: LocalDate } {
  if (visning === 'overskredne') return { til: addCalendarDays(today, -1) };
  if (visning === 'denne-uge') return { fra: today, til: addCalendarDays(today, 6) };
  return { til: addCalendarDays(today, 6) };
}

export async function aabneFrister(
  db: Queryable,
  query: AabneFristerQuery,
  options: { today: LocalDate; scope?: ReadScope },
): Promise<{ elementer: AabenFristLinje[]; total: number }> {
  const p = paramList();
  const where = ['d.met_on IS NULL', 'd.lapsed_on IS NULL'];
  if (options.scope?.kommune !== undefined) where.push(`d.kommune = ${p.add(options.scope.kommune)}`);
  if (query.regelsaet !== undefined) where.push(`d.regelsaet_id = ${p.add(query.regelsaet)}`);
  const range = dueRange(query.visning, options.today);
  if (range.fra !== undefined) where.push(`d.due_date >= ${p.add(range.fra)}::date`);
  where.push(`d.due_date <= ${p.add(range.til)}::date`);
  const direction = query.faldende ? 'DESC' : 'ASC';
  const sorter = query.sorter ?? 'forfald';
  const order = [`${SORT_COLUMN[sorter]} ${direction} NULLS LAST`, 'd.due_date', 'd.forloeb_id', 'd.type'].join(', ');
  const page = query.side === null ? '' : `LIMIT ${p.add(query.side.limit)} OFFSET ${p.add(query.side.offset)}`;
  const columns = `d.forloeb_id, d.regelsaet_id, d.type, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.responsible`;
  // Sorted by a deadline column, the page is chosen from the deadlines alone and only its rows are
  // joined to their forløb (a lookup each): joining every open deadline first made the planner read
  // the whole forloeb table. Sorting by therapist or unit needs the join before the page.
  const pageFirst = sorter !== 'terapeut' && sorter !== 'enhed' && query.side !== null;
  const sql = pageFirst
    ? `WITH d AS (
         SELECT ${columns}, count(*) OVER ()::int AS total
           FROM forloeb_deadlines d WHERE ${where.join(' AND ')} ORDER BY ${order} ${page}
       )
       SELECT d.forloeb_id, d.regelsaet_id, d.type, d.due_date, d.responsible, f.terapeut, f.enhed, d.total
         FROM d JOIN forloeb f ON f.id = d.forloeb_id
        ORDER BY ${order}` // due_date is ÅÅÅÅ-MM-DD text here, which sorts as the date does
    : `SELECT ${columns}, f.terapeut, f.enhed, count(*) OVER ()::int AS total
         FROM forloeb_deadlines d JOIN forloeb f ON f.id = d.forloeb_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${order} ${page}`;
  const { rows } = await db.query<{
    forloeb_id: string;
    regelsaet_id: string;
    type: DeadlineType;
    due_date: string;
    responsible: Role;
    terapeut: string | null;
    enhed: string | null;
    total: number;
  }>(sql, p.values);
  // A page past the end has no rows to carry the total: count it apart (rare; the UI never asks).
  const total = rows[0]?.total ?? (query.side && query.side.offset > 0 ? await countOnly(db, where, p.values.slice(0, -2)) : 0);
  return {
    total,
    elementer: rows.map((r) => {
      const action = nextActionFor(r.type);
      return {
        forloebId: r.forloeb_id,
        regelsaetId: r.regelsaet_id,
        fristtype: r.type,
        forfald: r.due_date,
        senestITide: endOfCopenhagenDay(r.due_date).toISOString(),
        overskredet: r.due_date < options.today,
        dageTilbage: daysBetween(options.today, r.due_date),
        ansvarligRolle: r.responsible,
        terapeut: r.terapeut,
        enhed: r.enhed,
        naesteHandling: { kommando: action.command, tekst: action.label },
      };
    }),
  };
}

async function countOnly(db: Queryable, where: string[], values: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM forloeb_deadlines d WHERE ${where.join(' AND ')}`, values);
  return rows[0]?.n ?? 0;
}
