// The list of forløb: filters, a sort key with the id as tiebreak, and keyset pages, so that rows
// tying on the sort key are neither repeated nor skipped across pages.
//
// `aabenFrist` keeps the forløb that have an open deadline of that type (opened, not met, not lapsed:
// e.g. an extension request waiting for its decision) by joining that one deadline row, through the
// partial index forloeb_deadlines_aaben_idx; each row then carries that deadline, and the list can be
// sorted by its due date (`sorter=aabenFrist`).
import { daysBetween, type LocalDate } from '../../domain/calendar';
import { caseStatusOf, lifecycleFromStored, type CaseStatus, type Phase, type StoredStatus } from '../../domain/forloeb/state';
import type { DeadlineType } from '../../domain/regelsaet';
import { paramList, type Queryable, type ReadScope } from './scope';

import type { ListSort } from '../contract';

export type ListFilter = {
  fase?: string | undefined;
  regelsaet?: string | undefined;
  overskredet?: boolean | undefined;
  forfaldFoer?: LocalDate | undefined;
  terapeut?: string | undefined;
  enhed?: string | undefined;
  kommune?: string | undefined;
  /** Only forløb with an open (not met, not lapsed) deadline of this type. */
  aabenFrist?: DeadlineType | undefined;
  /** Only the borger searched for: by the keyed hash of the whole CPR number, or by a normalised name prefix. */
  borger?: BorgerSearch | undefined;
};

/** A search for a borger as the read model runs it: never the CPR number itself. */
export type BorgerSearch = { cprHash: string } | { navnPrefix: string };

/** A LIKE pattern matching values that begin with `prefix`, its wildcards taken literally. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type ListQuery = ListFilter & {
  sorter: ListSort;
  retning: 'asc' | 'desc';
  antal: number;
  /** Where the previous page ended, as `naesteSide` gave it. */
  cursor?: ListCursor | undefined;
};

/** The sort key (as PostgreSQL prints it) and id of the last row of a page. */
export type ListCursor = { key: string; id: string };

export type DeadlineSummary = { type: string; forfald: LocalDate; status: 'aaben' | 'overskredet'; eskaleret: boolean; dageTilbage: number };

export type ListRow = {
  id: string;
  regelsaetId: string;
  kommune: string;
  fase: string;
  status: CaseStatus;
  kategori: string | null;
  naesteFrist: DeadlineSummary | null;
  /** The open deadline of the `aabenFrist` filter's type; only when that filter is given. */
  aabenFrist?: DeadlineSummary;
  ramme: { enhed: string; antal: number; brugt: number } | null;
  /** Who the forløb is for: the name (null until one is recorded) and the CPR number masked (ddmmyy-xxxx). */
  borger: { navn: string | null; cprMaskeret: string | null };
  tildeling: { terapeut: string | null; enhed: string | null };
  oprettet: string;
  opdateret: string;
};

/** Above this many matches the list says no `total`: counting them all costs more than the page. */
export const TOTAL_LIMIT = 50_000;

// `f` is the forløb row, `d` the joined deadline row of the `aabenFrist` filter.
const NEXT_DUE = "COALESCE(f.next_deadline_due, 'infinity'::date)";
/** The sort key, its type, and the id that breaks ties (the deadline's own copy, so its index gives the order). */
const SORT_COLUMN: Record<ListSort, { expr: string; type: string; id: string }> = {
  naesteFrist: { expr: NEXT_DUE, type: 'date', id: 'f.id' },
  oprettet: { expr: 'f.created_at', type: 'timestamptz', id: 'f.id' },
  opdateret: { expr: 'f.updated_at', type: 'timestamptz', id: 'f.id' },
  aabenFrist: { expr: 'd.due_date', type: 'date', id: 'd.forloeb_id' },
};

/** The join of the `aabenFrist` filter: at most one row per forløb, as (forloeb_id, type) is the key. */
function deadlineJoin(type: DeadlineType, p: ReturnType<typeof paramList>): string {
  return `JOIN forloeb_deadlines d ON d.forloeb_id = f.id AND d.kommune = f.kommune AND d.type = ${p.add(type)}
                  AND d.met_on IS NULL AND d.lapsed_on IS NULL`;
}

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
  if (scope.kommune !== undefined) where.push(`f.kommune = ${p.add(scope.kommune)}`);
  if (scope.enhed !== undefined) where.push(`(f.enhed = ${p.add(scope.enhed)} OR f.enhed IS NULL)`);
  if (filter.kommune !== undefined) where.push(`f.kommune = ${p.add(filter.kommune)}`);
  if (filter.fase !== undefined) where.push(`f.phase = ${p.add(filter.fase)}`);
  if (filter.regelsaet !== undefined) where.push(`f.regelsaet_id = ${p.add(filter.regelsaet)}`);
  if (filter.terapeut !== undefined) where.push(`f.terapeut = ${p.add(filter.terapeut)}`);
  if (filter.enhed !== undefined) where.push(`f.enhed = ${p.add(filter.enhed)}`);
  // Missed: due before today in Copenhagen (the deadline ends at the end of its due date).
  if (filter.overskredet === true) where.push(`${NEXT_DUE} < ${p.add(today)}::date`);
  if (filter.overskredet === false) where.push(`${NEXT_DUE} >= ${p.add(today)}::date`);
  if (filter.forfaldFoer !== undefined) where.push(`${NEXT_DUE} < ${p.add(filter.forfaldFoer)}::date`);
  if (filter.borger !== undefined && 'cprHash' in filter.borger) {
    where.push(`f.id IN (SELECT b.forloeb_id FROM forloeb_borger b WHERE b.cpr_hash = ${p.add(filter.borger.cprHash)} AND b.kommune = f.kommune)`);
  }
  if (filter.borger !== undefined && 'navnPrefix' in filter.borger) {
    // The whole name or its last word begins with the prefix: each through its own (kommune, …) index.
    const pattern = p.add(likePrefix(filter.borger.navnPrefix));
    where.push(`(f.borger_navn_soeg LIKE ${pattern} OR f.borger_efternavn_soeg LIKE ${pattern})`);
  }
  return where;
}

type Stored = {
  id: string;
  regelsaet_id: string;
  kommune: string;
  phase: Phase;
  status: StoredStatus;
  kategori: string | null;
  frame_unit: string | null;
  frame_amount: string | null;
  frame_used: string;
  enhed: string | null;
  terapeut: string | null;
  borger_navn: string | null;
  borger_cpr_maskeret: string | null;
  next_deadline_type: string | null;
  next_deadline_due: string | null;
  next_deadline_status: string | null;
  frist_due: string | null;
  frist_escalated: boolean | null;
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
  const sort = SORT_COLUMN[query.sorter];
  if (query.sorter === 'aabenFrist' && query.aabenFrist === undefined) {
    throw new Error('listForloeb: sorter aabenFrist needs the aabenFrist filter');
  }
  const p = paramList();
  // The join's parameter comes first, so the count below can reuse the same list.
  const join = query.aabenFrist !== undefined ? deadlineJoin(query.aabenFrist, p) : '';
  const where = whereOf(query, today, scope, p);
  const countWhere = [...where];
  const countParams = [...p.values];
  const dir = query.retning === 'desc' ? 'DESC' : 'ASC';
  if (query.cursor) {
    where.push(`(${sort.expr}, ${sort.id}) ${dir === 'ASC' ? '>' : '<'} (${p.add(query.cursor.key)}::${sort.type}, ${p.add(query.cursor.id)})`);
  }
  const fristColumns = join ? 'd.due_date::text AS frist_due, d.escalations_sent > 0 AS frist_escalated' : 'NULL AS frist_due, NULL AS frist_escalated';
  const sql = `SELECT f.id, f.regelsaet_id, f.kommune, f.phase, f.status, f.kategori, f.frame_unit, f.frame_amount, f.frame_used, f.enhed, f.terapeut,
                      f.borger_navn, f.borger_cpr_maskeret,
                      f.next_deadline_type, f.next_deadline_due::text, f.next_deadline_status, ${fristColumns},
                      f.created_at, f.updated_at, ${sort.expr}::text AS sort_key
                 FROM forloeb f ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ${sort.expr} ${dir}, ${sort.id} ${dir}
                LIMIT ${p.add(query.antal + 1)}`;
  const countSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM forloeb f ${join} ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''} LIMIT ${TOTAL_LIMIT + 1}) s`;
  const [page, count] = await Promise.all([
    db.query<Stored>(sql, p.values),
    query.cursor ? undefined : db.query<{ n: number }>(countSql, countParams),
  ]);
  const more = page.rows.length > query.antal;
  const rows = page.rows.slice(0, query.antal);
  const last = rows[rows.length - 1];
  const n = count?.rows[0]?.n;
  return {
    rows: rows.map((r) => toListRow(r, today, query.aabenFrist)),
    ...(n !== undefined && n <= TOTAL_LIMIT ? { total: n } : {}),
    ...(more && last ? { next: { key: last.sort_key, id: last.id } } : {}),
  };
}

function summary(type: string, due: LocalDate, escalated: boolean, today: LocalDate): DeadlineSummary {
  return { type, forfald: due, status: due < today ? 'overskredet' : 'aaben', eskaleret: escalated, dageTilbage: daysBetween(today, due) };
}

function toListRow(r: Stored, today: LocalDate, aabenFrist: DeadlineType | undefined): ListRow {
  return {
    id: r.id,
    regelsaetId: r.regelsaet_id,
    kommune: r.kommune,
    fase: r.phase,
    status: caseStatusOf(lifecycleFromStored(r.phase, r.status)),
    kategori: r.kategori,
    naesteFrist:
      r.next_deadline_type !== null && r.next_deadline_due !== null
        ? summary(r.next_deadline_type, r.next_deadline_due, r.next_deadline_status === 'eskaleret', today)
        : null,
    ...(aabenFrist !== undefined && r.frist_due !== null ? { aabenFrist: summary(aabenFrist, r.frist_due, r.frist_escalated === true, today) } : {}),
    ramme:
      r.frame_unit !== null && r.frame_amount !== null
        ? { enhed: r.frame_unit, antal: Number(r.frame_amount), brugt: Number(r.frame_used) }
        : null,
    borger: { navn: r.borger_navn, cprMaskeret: r.borger_cpr_maskeret },
    tildeling: { terapeut: r.terapeut, enhed: r.enhed },
    oprettet: r.created_at.toISOString(),
    opdateret: r.updated_at.toISOString(),
  };
}
