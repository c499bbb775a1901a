// Every read table as plain rows in natural-key order, to compare two read models.
import type { Pool } from 'pg';

export async function snapshotReadModel(pool: Pool, forloebId?: string) {
  const where = forloebId === undefined ? '' : 'WHERE forloeb_id = $1';
  const params = forloebId === undefined ? [] : [forloebId];
  const q = async (sql: string) => (await pool.query(sql, params)).rows;
  return {
    forloeb: await q(
      `SELECT id, regelsaet_id, kommune, status, phase, kategori, niveau, frame_unit, frame_amount, frame_used, enhed, terapeut,
              next_deadline_type, next_deadline_due::text, next_deadline_status, created_at, updated_at, last_seq
         FROM forloeb ${forloebId === undefined ? '' : 'WHERE id = $1'} ORDER BY id`,
    ),
    deadlines: await q(
      `SELECT forloeb_id, type, regelsaet_id, kommune, anchor_date::text, period_amount, period_unit, due_date::text, responsible,
              met_on::text, in_time, lapsed_on::text, reminders_sent, escalations_sent
         FROM forloeb_deadlines ${where} ORDER BY forloeb_id, type`,
    ),
    paamindelser: await q(
      `SELECT id, forloeb_id, seq, rolle, kommune, kind, deadline, level, rank, due_date::text, scheduled_at, created_at, read_at,
              acknowledged_at, acknowledged_rank, resolved_at
         FROM paamindelser ${where} ORDER BY forloeb_id, seq, rolle`,
    ),
    rapport:
      forloebId === undefined
        ? await q('SELECT regelsaet_id, kommune, type, due_date::text, udfald, dage, antal FROM rapport_frister ORDER BY 1, 2, 3, 4, 5, 6')
        : [],
  };
}
