// The rebuild gives the read model that normal delivery gave, and keeps what people did with their
// notices (read, acknowledged) and the notices' ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { rebuildReadModel } from '../../scripts/projections-rebuild';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fullCourse, lateStart, refused } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

describe('rebuildReadModel', () => {
  it('rebuilds identical tables, with the notices’ ids, read and acknowledged times kept', async () => {
    const makers = [lateStart, fullCourse, refused];
    for (let i = 0; i < 12; i++) {
      const { events } = makers[i % makers.length]!();
      const id = `forloeb-00000000-0000-0000-0000-${String(i + 1).padStart(12, '0')}`;
      // Some one event at a time, some in one batch, some in reverse: the rebuild must not care.
      if (i % 3 === 0) for (const e of events) await appendAndProject(db.pool, id, [e]);
      else if (i % 3 === 1) await appendAndProject(db.pool, id, events);
      else for (const e of [...events].reverse()) await appendAndProject(db.pool, id, [e]);
    }
    // A forløb with a gap: only its first event is projected, before and after the rebuild.
    const gapped = lateStart().events;
    await appendAndProject(db.pool, 'forloeb-00000000-0000-0000-0000-0000000000ff', [gapped[0]!, gapped[2]!]);
    // What people did.
    await db.pool.query(`UPDATE paamindelser SET read_at = '2031-01-01T08:00:00Z' WHERE id IN (SELECT id FROM paamindelser ORDER BY id LIMIT 3)`);
    await db.pool.query(`UPDATE paamindelser SET acknowledged_at = '2031-01-01T09:00:00Z', acknowledged_rank = rank WHERE id IN (SELECT id FROM paamindelser ORDER BY id DESC LIMIT 2)`);

    const before = await snapshotReadModel(db.pool);
    expect(before.forloeb).toHaveLength(13);
    expect(before.paamindelser.filter((p) => p.acknowledged_at !== null)).toHaveLength(2);
    expect(before.rapport.length).toBeGreaterThan(0);

    const progress: number[] = [];
    const result = await rebuildReadModel(db.pool, { batchSize: 7, onProgress: (p) => progress.push(p.events) });
    expect(result.forloeb).toBe(13);
    expect(result.restoredNotices).toBe(before.paamindelser.length);
    expect(progress.length).toBeGreaterThan(2);

    expect(await snapshotReadModel(db.pool)).toEqual(before);
  });

  it('starts from nothing when the read tables were lost', async () => {
    const before = await snapshotReadModel(db.pool);
    await db.pool.query('TRUNCATE forloeb, forloeb_deadlines, paamindelser, rapport_frister');
    await rebuildReadModel(db.pool);
    const after = await snapshotReadModel(db.pool);
    // Without saved state the notices get new ids and lose their read/acknowledged times; the rest is equal.
    const strip = (s: typeof before) => ({ ...s, paamindelser: s.paamindelser.map(({ id: _i, read_at: _r, acknowledged_at: _a, acknowledged_rank: _k, ...p }) => p) });
    expect(strip(after)).toEqual(strip(before));
  });
});
