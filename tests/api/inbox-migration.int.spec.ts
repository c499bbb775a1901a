// An inbox stored before it held one row per piece of work still reads after the migration: the
// database is taken back to the schema before it, holds one row per notice and role as the
// projection wrote them then (some read or acknowledged), and is migrated up again. Each forløb's
// deadline becomes one row per role at its highest notice, with what people did with its notices,
// the API reads it, and a rebuild from the events gives the very rows the migration made.
import { readdirSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { runner } from 'node-pg-migrate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModel } from '../../activities/projection/rebuild';
import { buildApp } from '../../api/app';
import { migrate, MIGRATIONS_DIR } from '../../db/migrate';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { plan, run } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';

const MIGRATION = '1764000013000';
const ID = 'forloeb-77777777-0000-0000-0000-000000000001';
let db: TestDatabase;

const migrateDown = (count: number) =>
  runner({ databaseUrl: db.url, dir: MIGRATIONS_DIR, direction: 'down', count, migrationsTable: 'pgmigrations', singleTransaction: true, logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });

beforeAll(async () => {
  db = await startTestDatabase();
  await migrateDown(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f >= MIGRATION).length);
  const columns = await db.pool.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'paamindelser' AND column_name LIKE '%rank'");
  expect(columns.rows).toEqual([]);

  // A forløb discharged long ago: reminder 0 to the koordinator, escalation 0 to the koordinator and
  // the leder, escalations 1 and 8 to the leder.
  const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
  const { events } = run([
    [{ type: 'CreateForloeb', actor: koordinator, source: { ...plan('2030-12-18'), navn: 'Åse Ørsted' } }, '2030-12-18T10:00:00Z'],
    [{ type: 'Tick' }, '2031-01-20T10:00:00Z'],
  ]);
  await db.pool.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at) SELECT $1, e.seq, e.type, e.data, e.at
       FROM jsonb_to_recordset($2::jsonb) AS e(seq int, type text, data jsonb, at timestamptz)`,
    [ID, JSON.stringify(events)],
  );
  await db.pool.query(
    `INSERT INTO forloeb (id, regelsaet_id, kommune, status, phase, frame_used, created_at, updated_at, last_seq, borger_navn, borger_cpr_maskeret)
     VALUES ($1, 'sonderborg-sul140', 'Sønderborg', 'open', 'visitering', 0, $2, $2, $3, 'Åse Ørsted', '010190-xxxx')`,
    [ID, events[0]!.at, events.at(-1)!.seq],
  );
  // The inbox as the projection of that time wrote it: one row per notice and role.
  for (const e of events) {
    if (e.type !== 'ReminderSent' && e.type !== 'DeadlineEscalated') continue;
    const reminder = e.type === 'ReminderSent';
    for (const rolle of e.data.to) {
      await db.pool.query(
        `INSERT INTO paamindelser (forloeb_id, seq, rolle, kommune, kind, deadline, level, due_date, scheduled_at, created_at)
         VALUES ($1, $2, $3, 'Sønderborg', $4, $5, $6, $7, $8, $9)`,
        [ID, e.seq, rolle, reminder ? 'paamindelse' : 'eskalering', e.data.deadline, reminder ? e.data.index : e.data.level, e.data.dueDate, e.data.scheduledAt, e.at],
      );
    }
  }
  // The koordinator acknowledged the reminder only; the leder read one escalation and acknowledged the highest.
  await db.pool.query(`UPDATE paamindelser SET acknowledged_at = '2031-01-20T11:00:00Z' WHERE rolle = 'koordinator' AND kind = 'paamindelse'`);
  await db.pool.query(`UPDATE paamindelser SET read_at = '2031-01-20T11:30:00Z' WHERE rolle = 'leder' AND level = 0`);
  await db.pool.query(`UPDATE paamindelser SET acknowledged_at = '2031-01-20T12:00:00Z' WHERE rolle = 'leder' AND level = 8`);
  expect((await db.pool.query('SELECT count(*)::int AS n FROM paamindelser')).rows[0].n).toBe(5);
  await migrate(db.url);
});
afterAll(async () => {
  await db?.stop();
});

describe('an inbox from before one row per piece of work', () => {
  it('becomes one row per deadline and role at its highest level, reads through the API, and equals a rebuild', async () => {
    const rows = (await db.pool.query('SELECT rolle, kind, level, rank, acknowledged_rank, read_at, acknowledged_at FROM paamindelser ORDER BY rolle')).rows;
    expect(rows).toEqual([
      // The acknowledged reminder does not acknowledge the escalation that came after it.
      { rolle: 'koordinator', kind: 'eskalering', level: 0, rank: 1000, acknowledged_rank: 1, read_at: null, acknowledged_at: new Date('2031-01-20T11:00:00Z') },
      { rolle: 'leder', kind: 'eskalering', level: 8, rank: 1008, acknowledged_rank: 1008, read_at: new Date('2031-01-20T11:30:00Z'), acknowledged_at: new Date('2031-01-20T12:00:00Z') },
    ]);

    const app = await buildApp({
      temporal: { client: {} as Client, taskQueue: 'test' },
      pool: db.pool,
      regelsaet: BUILT_IN_REGELSAET,
      now: () => new Date('2031-01-20T13:00:00Z'),
      auth: DEV_AUTH,
      cprHashKey: TEST_CPR_HASH_KEY,
    });
    try {
      const k = await app.inject({ method: 'GET', url: '/api/paamindelser', headers: await bearer(app, { rolle: 'koordinator' }) });
      expect(k.statusCode, k.body).toBe(200);
      expect(k.json()).toMatchObject({
        total: 1,
        elementer: [{ forloebId: ID, type: 'eskalering', frist: 'opstart', niveau: 0, kvitteret: null, borger: { navn: 'Åse Ørsted', cprMaskeret: '010190-xxxx' }, naesteSkridt: 'Book opstart' }],
      });
      const l = await app.inject({ method: 'GET', url: '/api/paamindelser', headers: await bearer(app, { rolle: 'leder' }) });
      expect(l.json()).toMatchObject({ total: 0, elementer: [] });
    } finally {
      await app.close();
    }

    const migrated = (await snapshotReadModel(db.pool)).paamindelser;
    await rebuildReadModel(db.pool);
    expect((await snapshotReadModel(db.pool)).paamindelser).toEqual(migrated);
  });
});
