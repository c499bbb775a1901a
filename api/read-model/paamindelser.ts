// The inbox of reminders and escalations for a role, most urgent first: escalations, then by due
// date. The SQL names the kommune only when it filters on one, so the planner can use the inbox
// index that starts with the kommune, or the one without it.
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
  kind: 'paamindelse' | 'eskalering' | 'revurdering' | 'ramme';
  deadline: string;
  level: number;
  due_date: string;
  scheduled_at: Date;
  rolle: string;
  kommune: string;
  read_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
};

/** `total` is left out above TOTAL_LIMIT matches: a full count of a busy role's history costs more than the page. */
export async function inbox(db: Queryable, query: InboxQuery, scope: ReadScope = {}): Promise<{ rows: InboxRow[]; total?: number }> {
  const p = paramList();
  const where = [`rolle = ${p.add(query.rolle)}`];
  if (scope.kommune !== undefined) where.push(`kommune = ${p.add(scope.kommune)}`);
  if (query.kommune !== undefined) where.push(`kommune = ${p.add(query.kommune)}`);
  if (query.status === 'aabne') where.push('acknowledged_at IS NULL AND resolved_at IS NULL');
  if (query.status === 'kvitterede') where.push('acknowledged_at IS NOT NULL');
  if (query.status === 'loeste') where.push('resolved_at IS NOT NULL');
  const countParams = [...p.values];
  const [rows, count] = await Promise.all([
    db.query<InboxRow>(
      // ORDER BY names the table's columns (p.…), not the text outputs, so the inbox index gives the order.
      `SELECT p.id::text AS id, forloeb_id, kind, deadline, level, p.due_date::text AS due_date, scheduled_at, rolle, kommune, read_at, acknowledged_at, resolved_at
         FROM paamindelser p WHERE ${where.join(' AND ')}
        ORDER BY (p.kind = 'eskalering') DESC, p.due_date, p.scheduled_at, p.id
        LIMIT ${p.add(query.antal)} OFFSET ${p.add((query.side - 1) * query.antal)}`,
      p.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM paamindelser WHERE ${where.join(' AND ')} LIMIT ${TOTAL_LIMIT + 1}) s`, countParams),
  ]);
  const n = count.rows[0]?.n ?? 0;
  return { rows: rows.rows, ...(n <= TOTAL_LIMIT ? { total: n } : {}) };
}
