// Reconciliation compares the read model with the workflows' own state and reports every drift.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { deadlines, type ForloebState } from '../../domain/forloeb';
import { reconcile, type ReconcileClient } from '../../scripts/reconcile';
import { getForloebQuery, type ForloebSnapshot } from '../../workflows/forloeb.messages';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fullCourse, lateStart, refused, SUL140 } from '../support/lifecycles';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

/** A Temporal client whose workflows answer getForloeb with the states the domain made. */
function fakeClient(states: Map<string, ForloebState>): ReconcileClient {
  return {
    workflow: {
      getHandle: (workflowId: string) => ({
        query: async (def: typeof getForloebQuery): Promise<ForloebSnapshot> => {
          expect(def.name).toBe(getForloebQuery.name);
          const state = states.get(workflowId);
          if (!state) throw Object.assign(new Error('not found'), { name: 'WorkflowNotFoundError' });
          return { state, deadlines: deadlines(state, SUL140, new Date('2031-06-01T00:00:00Z')) };
        },
      }),
    },
  };
}

describe('reconcile', () => {
  const states = new Map<string, ForloebState>();
  const ids = ['a', 'b', 'c'].map((x) => `forloeb-00000000-0000-0000-0000-00000000000${x}`);

  beforeAll(async () => {
    const made = [lateStart(), fullCourse(), refused()];
    for (const [i, { events, state }] of made.entries()) {
      await appendAndProject(db.pool, ids[i]!, events);
      states.set(ids[i]!, state);
    }
  });

  it('finds nothing when the read model matches the workflows', async () => {
    const result = await reconcile({ pool: db.pool, client: fakeClient(states) });
    expect(result).toEqual({ checked: 3, drifts: [], unavailable: [] });
  });

  it('reports a drift injected into the read model, and a workflow it cannot reach', async () => {
    await db.pool.query(`UPDATE forloeb SET phase = 'visitering' WHERE id = $1`, [ids[0]]);
    await db.pool.query(`UPDATE forloeb_deadlines SET escalations_sent = 0, due_date = '2030-12-26' WHERE forloeb_id = $1`, [ids[0]]);
    const partial = new Map(states);
    partial.delete(ids[2]!);
    const lines: string[] = [];
    const result = await reconcile({ pool: db.pool, client: fakeClient(partial), log: (l) => lines.push(l) });
    expect(result.drifts).toEqual([
      `${ids[0]} phase: workflow=opstart read=visitering`,
      `${ids[0]} deadline opstart due: workflow=2030-12-25 read=2030-12-26`,
      `${ids[0]} deadline opstart escalations: workflow=2 read=0`,
    ]);
    expect(lines).toEqual(result.drifts);
    expect(result.unavailable).toEqual([`${ids[2]} workflow: WorkflowNotFoundError`]);
    expect(result.checked).toBe(2);
  });

  it('checks a random sample when asked', async () => {
    const result = await reconcile({ pool: db.pool, client: fakeClient(states), sample: 2 });
    expect(result.checked).toBe(2);
  });
});
