// Activities are built by a factory that receives its dependencies; worker/ alone builds those.
import type { Pool } from 'pg';
import type { RecordedEvent } from '../domain/forloeb';
import type { Regelsaet } from '../domain/regelsaet';
import { appendAndProject, type ProjectionResult } from './projection';

export type ActivityDeps = {
  pool: Pool;
  /** The regelsæt the system runs (built-in and REGELSAET_DIR): the read model's next notice moments follow their rules. */
  catalogue: readonly Regelsaet[];
};

export function createActivities({ pool, catalogue }: ActivityDeps) {
  return {
    /**
     * Appends the events to forloeb_events and projects them; idempotent on (forloeb_id, seq).
     * `missingFrom` in the answer names the first event the log lacks when later ones are stored.
     */
    async publishEvents(input: { forloebId: string; events: RecordedEvent[] }): Promise<ProjectionResult> {
      return appendAndProject(pool, input.forloebId, input.events, catalogue);
    },
  };
}
