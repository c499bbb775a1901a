// The letter jobs: for each projected event that is a decision the citizen must receive, one row in
// `breve`, inserted in the projection's transaction. Keyed on the event (forloeb_id, seq) with ON
// CONFLICT DO NOTHING, so a redelivered event, a retried activity or a second worker makes no second
// letter. Rendering and sending happen later, outside this transaction (activities/letters/).
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../domain/forloeb';
import { decisionDateOf, LETTER_TITLE, letterKindOf } from '../../domain/letters/kinds';

export async function recordLetterJobs(client: PoolClient, forloebId: string, events: readonly RecordedEvent[]): Promise<number> {
  const jobs = events.flatMap((e) => {
    const kind = letterKindOf(e);
    return kind ? [{ seq: e.seq, kind, title: LETTER_TITLE[kind], decidedOn: decisionDateOf(e)! }] : [];
  });
  if (jobs.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO breve (forloeb_id, seq, kind, title, decided_on)
     SELECT $1, j.seq, j.kind, j.title, j.decided_on
       FROM unnest($2::int[], $3::text[], $4::text[], $5::date[]) AS j(seq, kind, title, decided_on)
     ON CONFLICT (forloeb_id, seq) DO NOTHING`,
    [forloebId, jobs.map((j) => j.seq), jobs.map((j) => j.kind), jobs.map((j) => j.title), jobs.map((j) => j.decidedOn)],
  );
  return rowCount ?? 0;
}
