// Activities are built by a factory that receives its dependencies; worker/ alone builds those.
import type { Pool } from 'pg';
import type { RecordedEvent } from '../domain/forloeb';
import { appendAndProject, type ProjectionResult } from './projection';

export type ActivityDeps = { pool: Pool };

export function createActivities({ pool }: ActivityDeps) {
  return {
    /**
     * Appends the events to forloeb_events and projects them; idempotent on (forloeb_id, seq).
     * `missingFrom` in the answer names the first event the log lacks when later ones are stored.
     */
    async publishEvents(input: { forloebId: string; events: RecordedEvent[] }): Promise<ProjectionResult> {
      return appendAndProject(pool, input.forloebId, input.events);
    },
  };
}
