// Activities are built by a factory that receives its dependencies; worker/ alone builds those.
import type { Pool } from 'pg';
import type { RecordedEvent } from '../domain/forloeb';
import { appendAndProject } from './projection';

export type ActivityDeps = { pool: Pool };

export function createActivities({ pool }: ActivityDeps) {
  return {
    /** Appends the events to forloeb_events and projects them; idempotent on (forloeb_id, seq). */
    async publishEvents(input: { forloebId: string; events: RecordedEvent[] }): Promise<{ projectedSeq: number }> {
      return appendAndProject(pool, input.forloebId, input.events);
    },
  };
}
