// Writes the changed rows of one or many forløb, one statement per table.
import type { PoolClient } from 'pg';
import { saveDeadlineRows } from './deadlines';
import type { ProjectionChanges } from './fold';
import { saveForloebRows } from './forloeb-row';
import { savePaamindelser } from './paamindelser';
import { applyRapportDeltas, sumDeltas } from './rapport';

export async function writeChanges(client: PoolClient, changes: ProjectionChanges): Promise<void> {
  // Parents first: deadlines and notices reference their forløb row.
  await saveForloebRows(client, changes.forloeb);
  await saveDeadlineRows(client, changes.deadlines);
  await savePaamindelser(client, changes.paamindelser);
  await applyRapportDeltas(client, changes.rapport);
}

export function mergeChanges(all: readonly ProjectionChanges[]): ProjectionChanges {
  return {
    forloeb: all.flatMap((c) => c.forloeb),
    deadlines: all.flatMap((c) => c.deadlines),
    paamindelser: all.flatMap((c) => c.paamindelser),
    // Re-sum across forløb so each bucket appears once per statement.
    rapport: sumDeltas(all.flatMap((c) => c.rapport)),
  };
}
