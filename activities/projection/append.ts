// Appends events to forloeb_events, once per (forloeb_id, seq): a redelivered event is ignored and
// the first stored version wins. The table itself refuses UPDATE, DELETE and TRUNCATE.
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../domain/forloeb';

export async function appendEvents(client: PoolClient, forloebId: string, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at, actor)
     SELECT $1, e.seq, e.type, e.data, e.occurred_at, e.actor
       FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::jsonb[]) AS e(seq, type, data, occurred_at, actor)
     ON CONFLICT (forloeb_id, seq) DO NOTHING`,
    [
      forloebId,
      events.map((e) => e.seq),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.at),
      events.map((e) => (e.actor ? JSON.stringify(e.actor) : null)),
    ],
  );
}
