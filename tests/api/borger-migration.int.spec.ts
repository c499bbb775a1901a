// A read model built before borgere had names still reads after the migrations that add them: the
// database is taken back to the schema before them (their down migrations), holds forløb projected
// then (no name, no masked CPR) and an access log, and is migrated up again. The rows get the masked
// CPR number from their first event, the list reads them with no name, the CPR search finds them,
// and the access log's older rows still stand.
import { readdirSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { runner } from 'node-pg-migrate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordForloebCreated } from '../../api/access-log';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import { migrate, MIGRATIONS_DIR } from '../../db/migrate';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run } from '../support/lifecycles';

const NOW = new Date('2031-03-12T10:00:00Z');
/** The first migration of the borger's name; the schema before it is the one to come from. */
const FIRST_BORGER_MIGRATION = '1764000010000';
const ID = 'forloeb-66666666-0000-0000-0000-000000000001';
let db: TestDatabase;

const migrateDown = (count: number) =>
  runner({ databaseUrl: db.url, dir: MIGRATIONS_DIR, direction: 'down', count, migrationsTable: 'pgmigrations', singleTransaction: true, logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });

beforeAll(async () => {
  db = await startTestDatabase();
  // Back to the schema before the borger's name: its two migrations and every one after them.
  await migrateDown(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f >= FIRST_BORGER_MIGRATION).length);
  const columns = await db.pool.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'forloeb' AND column_name LIKE 'borger%'");
  expect(columns.rows).toEqual([]);
  // A forløb as the projection of that time wrote it, and its creation in the access log.
  const visitator = { role: 'visitator' as const, userId: 'visitator-1' };
  const { events } = run(
    [[{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '070877-1234', modtaget: '2031-03-02' } }, '2031-03-02T09:00:00Z']],
    findRegelsaet('varde-sel86-1')!,
  );
  await db.pool.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at) SELECT $1, e.seq, e.type, e.data, e.at
       FROM jsonb_to_recordset($2::jsonb) AS e(seq int, type text, data jsonb, at timestamptz)`,
    [ID, JSON.stringify(events)],
  );
  await db.pool.query(
    `INSERT INTO forloeb (id, regelsaet_id, kommune, status, phase, frame_used, created_at, updated_at, last_seq)
     VALUES ($1, 'varde-sel86-1', 'Varde', 'open', 'visitering', 0, $2, $2, $3)`,
    [ID, events[0]!.at, events.at(-1)!.seq],
  );
  await recordForloebCreated(
    { pool: db.pool, cprHashKey: TEST_CPR_HASH_KEY },
    { identity: { userId: 'visitator-1', rolle: 'visitator', kommune: 'Varde', navn: 'Visitator' }, forloebId: ID, kommune: 'Varde', cpr: '070877-1234', action: 'POST /api/forloeb' },
  );
  await migrate(db.url);
});
afterAll(async () => {
  await db?.stop();
});

describe('a read model from before the borger had a name', () => {
  it('reads after the migration: the masked CPR from the first event, no name, found by CPR, its access log intact', async () => {
    const app = await buildApp({
      temporal: { client: {} as Client, taskQueue: 'test' },
      pool: db.pool,
      regelsaet: BUILT_IN_REGELSAET,
      now: () => NOW,
      auth: DEV_AUTH,
      cprHashKey: TEST_CPR_HASH_KEY,
    });
    try {
      const koordinator = await bearer(app, { rolle: 'koordinator', kommune: 'Varde' });
      const list = await app.inject({ method: 'GET', url: '/api/forloeb', headers: koordinator });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().elementer).toEqual([expect.objectContaining({ id: ID, borger: { navn: null, cprMaskeret: '070877-xxxx' } })]);
      const found = await app.inject({ method: 'POST', url: '/api/borgere/soeg', headers: koordinator, payload: { soeg: '070877-1234' } });
      expect(found.json().elementer.map((e: { id: string }) => e.id)).toEqual([ID]);
      const log = await db.pool.query('SELECT access_kind, forloeb_id FROM adgangslog ORDER BY id');
      expect(log.rows).toEqual([
        { access_kind: 'oprettelse', forloeb_id: ID },
        { access_kind: 'soegning', forloeb_id: null },
      ]);
      // A name entered now is projected onto the old row and found.
      const later = run(
        [
          [{ type: 'CreateForloeb', actor: { role: 'visitator', userId: 'v' }, source: { kind: 'ansoegning', cpr: '070877-1234', modtaget: '2031-03-02' } }, '2031-03-02T09:00:00Z'],
          [{ type: 'RecordBorgerNavn', actor: { role: 'koordinator', userId: 'k' }, navn: 'Bøje Ølgaard' }, '2031-03-12T09:00:00Z'],
        ],
        findRegelsaet('varde-sel86-1')!,
      ).events;
      await appendAndProject(db.pool, ID, later.slice(1));
      const byName = await app.inject({ method: 'POST', url: '/api/borgere/soeg', headers: koordinator, payload: { soeg: 'ØLG' } });
      expect(byName.json().elementer).toEqual([expect.objectContaining({ id: ID, borger: { navn: 'Bøje Ølgaard', cprMaskeret: '070877-xxxx' } })]);
    } finally {
      await app.close();
    }
  });
});
