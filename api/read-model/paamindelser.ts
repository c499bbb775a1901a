// The inbox of a role: one row per open piece of work, most urgent first (escalations, then by due
// date), with the borger and the forløb's therapist and unit. The page is picked from the inbox's
// own index first and only then joined to its forløb rows. The SQL names the kommune only when it
// filters on one, so the planner can use the inbox index that starts with the kommune, or the one
// without it. A row is open while it is unresolved and its current level is not acknowledged.
import { TOTAL_LIMIT } from './forloeb-list';
import { paramList, type Queryable, type ReadScope } from './scope';

export type InboxQuery = {
  rolle: string;
  kommune?: string | undefined;
  status: 'aabne' | 'kvitterede' | 'loeste' | 'alle';
  side: number;
  antal: number;
};

export type InboxRow = {
  id: string;
  forloeb_id: string;
  kind: 'paamindelse' | 'eskalering' | 'revurdering' | 'ramme' | 'anmodning' | 'terapeut';
  deadline: string;
  level: number;
  due_date: string;
  scheduled_at: Date;
  rolle: string;
  kommune: string;
  read_at: Date | null;
  /** Null unless the current level is acknowledged. */
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  borger_navn: string | null;
  borger_cpr_maskeret: string | null;
  terapeut: string | null;
  enhed: string | null;
};

/** The conditions of each status, as the open index's predicate words them. */
const STATUS_WHERE: Record<InboxQuery['status'], string | null> = {
  aabne: 'resolved_at IS NULL AND acknowledged_rank < rank',
  kvitterede: 'acknowledged_rank >= rank',
  loeste: 'resolved_at IS NOT NULL',
  alle: null,
};

/** `total` is left out above TOTAL_LIMIT matches: a full count of a busy role's history costs more than the page. */
export async function inbox(db: Queryable, query: InboxQuery, scope: ReadScope = {}): Promise<{ rows: InboxRow[]; total?: number }> {
  const p = paramList();
  const where = [`rolle = ${p.add(query.rolle)}`];
  if (scope.kommune !== undefined) where.push(`kommune = ${p.add(scope.kommune)}`);
  if (query.kommune !== undefined) where.push(`kommune = ${p.add(query.kommune)}`);
  const status = STATUS_WHERE[query.status];
  if (status) where.push(status);
  const countParams = [...p.values];
  const [rows, count] = await Promise.all([
    db.query<InboxRow>(
      // ORDER BY names the table's columns (p.…), not the text outputs, so the inbox index gives the order.
      `SELECT p.id::text AS id, p.forloeb_id, p.kind, p.deadline, p.level, p.due_date::text AS due_date, p.scheduled_at, p.rolle, p.kommune,
              p.read_at, CASE WHEN p.acknowledged_rank >= p.rank THEN p.acknowledged_at END AS acknowledged_at, p.resolved_at,
              f.borger_navn, f.borger_cpr_maskeret, f.terapeut, f.enhed
         FROM (SELECT * FROM paamindelser p WHERE ${where.join(' AND ')}
                ORDER BY (p.kind = 'eskalering') DESC, p.due_date, p.scheduled_at, p.id
                LIMIT ${p.add(query.antal)} OFFSET ${p.add((query.side - 1) * query.antal)}) p
         JOIN forloeb f ON f.id = p.forloeb_id
        ORDER BY (p.kind = 'eskalering') DESC, p.due_date, p.scheduled_at, p.id`,
      p.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM paamindelser WHERE ${where.join(' AND ')} LIMIT ${TOTAL_LIMIT + 1}) s`, countParams),
  ]);
  const n = count.rows[0]?.n ?? 0;
  return { rows: rows.rows, ...(n <= TOTAL_LIMIT ? { total: n } : {}) };
}
