// The repair's reconciliation on PostgreSQL: only a repair may move events out of the append-only log,
// every moved event is archived, and the forløb's read rows become a rebuild from what remains, with
// people keeping the notices they had, a reminder decided again included, and none twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject, rebuildReadModel } from '../../activities/projection';
import { rebuildForloeb } from '../../activities/projection/rebuild';
import { reconcileAfterReset } from '../../activities/watchdog/reconcile';
import type { ForloebCommand } from '../../domain/forloeb';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
type Step = [ForloebCommand, string];
const create: Step = [
  { type: 'CreateForloeb', actor: koordinator, source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2030-12-18', kategori: 'ryg', niveau: 'basal' } },
  '2030-12-18T10:00:00Z',
];
const visitation: Step = [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-01-02T10:00:00Z'];

describe('the event log outside a repair', () => {
  it('refuses DELETE, UPDATE and TRUNCATE, and the archive refuses changes too', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-00000000aaaa';
    await appendAndProject(db.pool, id, run([create]).events);
    await expect(db.pool.query('DELETE FROM forloeb_events WHERE forloeb_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE forloeb_events SET type = 'x' WHERE forloeb_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE forloeb_events')).rejects.toThrow(/append-only/);
    // A repair may not UPDATE either; it may DELETE, and what it deletes is archived.
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('forloeb.repair', 'on', true)`);
      await expect(c.query(`UPDATE forloeb_events SET type = 'x' WHERE forloeb_id = $1`, [id])).rejects.toThrow(/append-only/);
      await c.query('ROLLBACK');
      await c.query('BEGIN');
      await c.query(`SELECT set_config('forloeb.repair', 'on', true)`);
      const last = (await c.query('SELECT max(seq) AS seq FROM forloeb_events WHERE forloeb_id = $1', [id])).rows[0].seq;
      expect((await c.query('DELETE FROM forloeb_events WHERE forloeb_id = $1 AND seq = $2', [id, last])).rowCount).toBe(1);
      await rebuildForloeb(c, id);
      await c.query('COMMIT');
      // The setting was local to that transaction.
      await expect(c.query('DELETE FROM forloeb_events WHERE forloeb_id = $1', [id])).rejects.toThrow(/append-only/);
      const stored = (await c.query(`SELECT to_jsonb(e) AS row FROM forloeb_events e WHERE forloeb_id = $1 AND seq = $2`, [id, last])).rows;
      expect(stored).toEqual([]);
      const archived = (await c.query('SELECT seq, type, event FROM forloeb_events_superseded WHERE forloeb_id = $1', [id])).rows;
      expect(archived).toHaveLength(1);
      expect(archived[0]).toMatchObject({ seq: last, event: { forloeb_id: id, seq: last, type: archived[0].type } });
      expect(Object.keys(archived[0].event)).toEqual(expect.arrayContaining(['data', 'occurred_at', 'recorded_at']));
    } finally {
      c.release();
    }
    await expect(db.pool.query('DELETE FROM forloeb_events_superseded')).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE forloeb_events_superseded SET type = 'x'`)).rejects.toThrow(/append-only/);
  });
});

describe('reconcileAfterReset', () => {
  it('supersedes what the new run decided differently, keeps people’s notices, sends none twice, and equals a rebuild', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-00000000bbbb';
    // The old run: created, then a tick that sent reminders and escalations, then the visitation.
    const old = run([create, [{ type: 'Tick' }, '2030-12-31T10:00:00Z'], visitation]);
    await appendAndProject(db.pool, id, old.events);
    const kept = run([create]).events.at(-1)!.seq;
    // People read one notice and acknowledged another, both decided by the tick the reset discards.
    const before = (await db.pool.query('SELECT id, seq, rolle, kind, deadline, level FROM paamindelser WHERE forloeb_id = $1 ORDER BY seq, rolle', [id])).rows;
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.every((n) => n.seq > kept)).toBe(true);
    await db.pool.query(`UPDATE paamindelser SET read_at = '2031-01-01T08:00:00Z' WHERE id = $1`, [before[0].id]);
    await db.pool.query(`UPDATE paamindelser SET acknowledged_at = '2031-01-01T09:00:00Z' WHERE id = $1`, [before.at(-1).id]);

    // The new run decided the same commands at a later moment: the visitation now comes first, and
    // the tick that follows it decides what is still due, on other sequence numbers.
    const redecided = run([create, visitation, [{ type: 'Tick' }, '2031-01-02T10:00:01Z']]);
    expect(redecided.events.slice(0, kept)).toEqual(old.events.slice(0, kept));
    const result = await reconcileAfterReset(db.pool, id, kept, redecided.events);

    const log = (await db.pool.query('SELECT seq, type, data FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [id])).rows;
    expect(log.map((e) => [e.seq, e.type])).toEqual(redecided.events.map((e) => [e.seq, e.type]));
    // Every event the new run did not decide alike is archived; nothing of the kept part is.
    const archived = (await db.pool.query('SELECT seq, type FROM forloeb_events_superseded WHERE forloeb_id = $1 ORDER BY seq', [id])).rows;
    expect(archived.length).toBe(result.superseded);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((e) => e.seq > kept)).toBe(true);

    // No notice twice; the one read and the one acknowledged kept their ids and what people did.
    const after = (await db.pool.query('SELECT id, rolle, kind, deadline, level, read_at, acknowledged_at FROM paamindelser WHERE forloeb_id = $1', [id])).rows;
    const identities = after.map((n) => JSON.stringify([n.rolle, n.kind, n.deadline, n.level]));
    expect(new Set(identities).size).toBe(identities.length);
    const byId = new Map(after.map((n) => [String(n.id), n]));
    expect(byId.get(String(before[0].id))).toMatchObject({ rolle: before[0].rolle, deadline: before[0].deadline, read_at: new Date('2031-01-01T08:00:00Z') });
    expect(byId.get(String(before.at(-1).id))).toMatchObject({ rolle: before.at(-1).rolle, deadline: before.at(-1).deadline, acknowledged_at: new Date('2031-01-01T09:00:00Z') });
    expect(result.restoredNotices).toBe(before.length);

    // The read model is what a rebuild from the surviving events gives (the report included).
    const live = await snapshotReadModel(db.pool);
    await rebuildReadModel(db.pool);
    expect(await snapshotReadModel(db.pool)).toEqual(live);

    // Running it again changes nothing: the repair may be retried.
    const again = await reconcileAfterReset(db.pool, id, kept, redecided.events);
    expect(again.superseded).toBe(0);
    expect(await snapshotReadModel(db.pool)).toEqual(live);
  });
});
