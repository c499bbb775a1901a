// The list of forløb: filters, a sort key with the id as tiebreak, and keyset pages, so that rows
// tying on the sort key are neither repeated nor skipped across pages.
import { daysBetween, type LocalDate } from '../../domain/calendar';
import { paramList, type Queryable, type ReadScope } from './scope';

export const LIST_SORTS = ['naesteFrist', 'oprettet', 'opdateret'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export type ListFilter = {
  fase?: string | undefined;
  regelsaet?: string | undefined;
  overskredet?: boolean | undefined;
  forfaldFoer?: LocalDate | undefined;
  terapeut?: string | undefined;
  enhed?: string | undefined;
  kommune?: string | undefined;
};

export type ListQuery = ListFilter & {
  sorter: ListSort;
  retning: 'asc' | 'desc';
  antal: number;
  /** Where the previous page ended, as `naesteSide` gave it. */
  cursor?: ListCursor | undefined;
};

/** The sort key (as PostgreSQL prints it) and id of the last row of a page. */
export type ListCursor = { key: string; id: string };

export type ListRow = {
  id: string;
  regelsaetId: string;
  kommune: string;
  fase: string;
  status: 'aaben' | 'lukket';
  kategori: string | null;
  naesteFrist: { type: string; forfald: LocalDate; status: 'aaben' | 'overskredet'; eskaleret: boolean; dageTilbage: number } | null;
  ramme: { enhed: string; antal: number; brugt: number } | null;
  tildeling: { terapeut: string | null; enhed: string | null };
  oprettet: string;
  opdateret: string;
};

/** Above this many matches the list says no `total`: counting them all costs more than the page. */
export const TOTAL_LIMIT = 50_000;

const NEXT_DUE = "COALESCE(next_deadline_due, 'infinity'::date)";
const SORT_COLUMN: Record<ListSort, { expr: string; type: string }> = {
  naesteFrist: { expr: NEXT_DUE, type: 'date' },
  oprettet: { expr: 'created_at', type: 'timestamptz' },
  opdateret: { expr: 'updated_at', type: 'timestamptz' },
};

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(token: string): ListCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through: not a cursor we made
  }
  return undefined;
}

function whereOf(filter: ListFilter, today: LocalDate, scope: ReadScope, p: ReturnType<typeof paramList>): string[] {
  const where: string[] = [];
  if (scope.kommune !== undefined) where.push(`kommune = ${p.add(scope.kommune)}`);
  if (scope.enhed !== undefined) where.push(`(enhed = ${p.add(scope.enhed)} OR enhed IS NULL)`);
  if (filter.kommune !== undefined) where.push(`kommune = ${p.add(filter.kommune)}`);
  if (filter.fase !== undefined) where.push(`phase = ${p.add(filter.fase)}`);
  if (filter.regelsaet !== undefined) where.push(`regelsaet_id = ${p.add(filter.regelsaet)}`);
  if (filter.terapeut !== undefined) where.push(`terapeut = ${p.add(filter.terapeut)}`);
  if (filter.enhed !== undefined) where.push(`enhed = ${p.add(filter.enhed)}`);
  // Missed: due before today in Copenhagen (the deadline ends at the end of its due date).
  if (filter.overskredet === true) where.push(`${NEXT_DUE} < ${p.add(today)}::date`);
  if (filter.overskredet === false) where.push(`${NEXT_DUE} >= ${p.add(today)}::date`);
  if (filter.forfaldFoer !== undefined) where.push(`${NEXT_DUE} < ${p.add(filter.forfaldFoer)}::date`);
  return where;
}

type Stored = {
  id: string;
  regelsaet_id: string;
  kommune: string;
  phase: string;
  status: string;
  kategori: string | null;
  frame_unit: string | null;
  frame_amount: string | null;
  frame_used: string;
  enhed: string | null;
  terapeut: string | null;
  next_deadline_type: string | null;
  next_deadline_due: string | null;
  next_deadline_status: string | null;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
};

export async function listForloeb(
  db: Queryable,
  query: ListQuery,
  options: { today: LocalDate; scope?: ReadScope },
): Promise<{ rows: ListRow[]; total?: number; next?: ListCursor }> {
  const { today, scope = {} } = options;
  const p = paramList();
  const where = whereOf(query, today, scope, p);
  const countWhere = [...where];
  const countParams = [...p.values];
  const sort = SORT_COLUMN[query.sorter];
  const dir = query.retning === 'desc' ? 'DESC' : 'ASC';
  if (query.cursor) {
    where.push(`(${sort.expr}, id) ${dir === 'ASC' ? '>' : '<'} (${p.add(query.cursor.key)}::${sort.type}, ${p.add(query.cursor.id)})`);
  }
  const sql = `SELECT id, regelsaet_id, kommune, phase, status, kategori, frame_unit, frame_amount, frame_used, enhed, terapeut,
                      next_deadline_type, next_deadline_due::text, next_deadline_status, created_at, updated_at, ${sort.expr}::text AS sort_key
                 FROM forloeb ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ${sort.expr} ${dir}, id ${dir}
                LIMIT ${p.add(query.antal + 1)}`;
  const countSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM forloeb ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''} LIMIT ${TOTAL_LIMIT + 1}) s`;
  const [page, count] = await Promise.all([
    db.query<Stored>(sql, p.values),
    query.cursor ? undefined : db.query<{ n: number }>(countSql, countParams),
  ]);
  const more = page.rows.length > query.antal;
  const rows = page.rows.slice(0, query.antal);
  const last = rows[rows.length - 1];
  const n = count?.rows[0]?.n;
  return {
    rows: rows.map((r) => toListRow(r, today)),
    ...(n !== undefined && n <= TOTAL_LIMIT ? { total: n } : {}),
    ...(more && last ? { next: { key: last.sort_key, id: last.id } } : {}),
  };
}

function toListRow(r: Stored, today: LocalDate): ListRow {
  return {
    id: r.id,
    regelsaetId: r.regelsaet_id,
    kommune: r.kommune,
    fase: r.phase,
    status: r.status === 'open' ? 'aaben' : 'lukket',
    kategori: r.kategori,
    naesteFrist:
      r.next_deadline_type !== null && r.next_deadline_due !== null
        ? {
            type: r.next_deadline_type,
            forfald: r.next_deadline_due,
            status: r.next_deadline_due < today ? 'overskredet' : 'aaben',
            eskaleret: r.next_deadline_status === 'eskaleret',
            dageTilbage: daysBetween(today, r.next_deadline_due),
          }
        : null,
    ramme:
      r.frame_unit !== null && r.frame_amount !== null
        ? { enhed: r.frame_unit, antal: Number(r.frame_amount), brugt: Number(r.frame_used) }
        : null,
    tildeling: { terapeut: r.terapeut, enhed: r.enhed },
    oprettet: r.created_at.toISOString(),
    opdateret: r.updated_at.toISOString(),
  };
}
