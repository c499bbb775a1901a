// Appends events to the log and projects them into the read tables, in one transaction.
// Idempotent and order-safe: events are stored once per (forloeb_id, seq); the read tables advance
// only through a contiguous sequence, so duplicates are ignored and an early event waits for its
// predecessor.
import type { Pool, PoolClient } from 'pg';
import { ForloebEvent, type RecordedEvent } from '../domain/forloeb';

export async function appendAndProject(pool: Pool, forloebId: string, events: readonly RecordedEvent[]): Promise<{ projectedSeq: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await appendEvents(client, forloebId, events);
    const projectedSeq = await projectPending(client, forloebId);
    await client.query('COMMIT');
    return { projectedSeq };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function appendEvents(client: PoolClient, forloebId: string, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at)
     SELECT $1, e.seq, e.type, e.data, e.occurred_at
       FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS e(seq, type, data, occurred_at)
     ON CONFLICT (forloeb_id, seq) DO NOTHING`,
    [
      forloebId,
      events.map((e) => e.seq),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.at),
    ],
  );
}

/** Projects every stored event after the row's last_seq, stopping at the first gap. */
export async function projectPending(client: PoolClient, forloebId: string): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [forloebId]);
  const row = await client.query<{ last_seq: number }>('SELECT last_seq FROM forloeb WHERE id = $1', [forloebId]);
  let lastSeq = row.rows[0]?.last_seq ?? 0;
  const pending = await client.query<{ seq: number; type: string; data: unknown; occurred_at: Date }>(
    'SELECT seq, type, data, occurred_at FROM forloeb_events WHERE forloeb_id = $1 AND seq > $2 ORDER BY seq',
    [forloebId, lastSeq],
  );
  for (const stored of pending.rows) {
    if (stored.seq !== lastSeq + 1) break;
    const event = { ...ForloebEvent.parse({ type: stored.type, data: stored.data }), seq: stored.seq, at: stored.occurred_at.toISOString() } as RecordedEvent;
    await projectEvent(client, forloebId, event);
    lastSeq = stored.seq;
  }
  if (pending.rows.length > 0) {
    await client.query(
      `UPDATE forloeb f SET last_seq = $2,
         (next_deadline_type, next_deadline_due) = (
           SELECT d.type, d.due_date FROM forloeb_deadlines d
            WHERE d.forloeb_id = f.id AND d.met_on IS NULL ORDER BY d.due_date, d.type LIMIT 1)
        WHERE f.id = $1`,
      [forloebId, lastSeq],
    );
  }
  return lastSeq;
}

async function projectEvent(client: PoolClient, forloebId: string, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case 'ForloebCreated':
      await client.query(
        `INSERT INTO forloeb (id, regelsaet_id, kommune, status, phase, kategori, niveau, created_at, updated_at, last_seq)
         VALUES ($1, $2, $3, 'open', 'visitering', $4, $5, $6, $6, 0)`,
        [forloebId, event.data.regelsaetId, event.data.kommune, event.data.source.kategori, event.data.source.niveau, event.at],
      );
      return;
    case 'VisitationRecorded': {
      const granted = event.data.decision === 'bevilget';
      await client.query(
        `UPDATE forloeb SET status = $2, phase = $3, niveau = COALESCE($4, niveau), frame_unit = $5, frame_amount = $6, updated_at = $7
          WHERE id = $1`,
        [
          forloebId,
          granted ? 'open' : 'refused',
          granted ? 'opstart' : 'afslutning',
          event.data.niveau ?? null,
          event.data.frame?.unit ?? null,
          event.data.frame?.amount ?? null,
          event.at,
        ],
      );
      return;
    }
    case 'StartBooked':
      await touch(client, forloebId, event.at);
      return;
    case 'DeadlineOpened':
      await client.query(
        `INSERT INTO forloeb_deadlines (forloeb_id, type, anchor_date, period_amount, period_unit, due_date, responsible)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [forloebId, event.data.deadline, event.data.anchorDate, event.data.period.amount, event.data.period.unit, event.data.dueDate, event.data.responsible],
      );
      return;
    case 'DeadlineMet':
      await client.query('UPDATE forloeb_deadlines SET met_on = $3, in_time = $4 WHERE forloeb_id = $1 AND type = $2', [
        forloebId,
        event.data.deadline,
        event.data.metOn,
        event.data.inTime,
      ]);
      await client.query('UPDATE paamindelser SET resolved_at = $3 WHERE forloeb_id = $1 AND deadline = $2 AND resolved_at IS NULL', [
        forloebId,
        event.data.deadline,
        event.at,
      ]);
      await touch(client, forloebId, event.at);
      return;
    case 'ReminderSent':
    case 'DeadlineEscalated': {
      const reminder = event.type === 'ReminderSent';
      const level = event.type === 'ReminderSent' ? event.data.index : event.data.level;
      await client.query(
        reminder
          ? 'UPDATE forloeb_deadlines SET reminders_sent = $3 WHERE forloeb_id = $1 AND type = $2'
          : 'UPDATE forloeb_deadlines SET escalations_sent = $3 WHERE forloeb_id = $1 AND type = $2',
        [forloebId, event.data.deadline, level + 1],
      );
      await client.query(
        `INSERT INTO paamindelser (forloeb_id, seq, rolle, kommune, kind, deadline, level, due_date, scheduled_at, created_at)
         SELECT $1, $2, r, f.kommune, $4, $5, $6, $7, $8, $9 FROM forloeb f, unnest($3::text[]) AS r WHERE f.id = $1
         ON CONFLICT (forloeb_id, seq, rolle) DO NOTHING`,
        [forloebId, event.seq, event.data.to, reminder ? 'paamindelse' : 'eskalering', event.data.deadline, level, event.data.dueDate, event.data.scheduledAt, event.at],
      );
      return;
    }
  }
}

const touch = (client: PoolClient, forloebId: string, at: string) =>
  client.query('UPDATE forloeb SET updated_at = $2 WHERE id = $1', [forloebId, at]);
