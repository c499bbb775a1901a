// A refused forløb is afslået in its detail and in the list alike: both come from the domain's
// lifecycle. And the migration that stores it so turns a refused row stored as closed into refused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';
import { fullCourse, refused } from '../support/lifecycles';

const now = () => new Date('2031-06-01T10:00:00Z');
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({ temporal: { client: fakeTemporal(now).client, taskQueue: 'test' }, pool: db.pool, regelsaet: BUILT_IN_REGELSAET, now, auth: DEV_AUTH, cprHashKey: TEST_CPR_HASH_KEY });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const REFUSED = 'forloeb-00000000-0000-0000-0000-00000000a001';
const CLOSED = 'forloeb-00000000-0000-0000-0000-00000000a002';

async function statuses() {
  const headers = await bearer(app, { rolle: 'koordinator' });
  const list = await app.inject({ method: 'GET', url: '/api/forloeb?antal=200', headers });
  expect(list.statusCode, list.body).toBe(200);
  const inList = (id: string) => list.json<{ elementer: { id: string; status: string }[] }>().elementer.find((e) => e.id === id)?.status;
  const inDetail = async (id: string) => (await app.inject({ method: 'GET', url: `/api/forloeb/${id}`, headers })).json<{ status: string }>().status;
  return { refused: [await inDetail(REFUSED), inList(REFUSED)], closed: [await inDetail(CLOSED), inList(CLOSED)] };
}

it('calls a refused forløb afslået in the detail and in the list, and a finished one lukket', async () => {
  await appendAndProject(db.pool, REFUSED, refused().events);
  await appendAndProject(db.pool, CLOSED, fullCourse().events);
  expect(await statuses()).toEqual({ refused: ['afslaaet', 'afslaaet'], closed: ['lukket', 'lukket'] });
});

it('migrates a refused forløb stored as closed, and leaves a finished one closed', async () => {
  await db.pool.query(`UPDATE forloeb SET status = 'closed' WHERE id IN ($1, $2)`, [REFUSED, CLOSED]);
  const migration = readFileSync(new URL('../../db/migrations/1764000014900_afslaaet-status.sql', import.meta.url), 'utf8');
  const [up, down] = migration.split('-- Down Migration');
  await db.pool.query(up!);
  expect(await statuses()).toEqual({ refused: ['afslaaet', 'afslaaet'], closed: ['lukket', 'lukket'] });
  await db.pool.query(down!);
  expect((await db.pool.query(`SELECT status FROM forloeb WHERE id = $1`, [REFUSED])).rows[0]).toEqual({ status: 'closed' });
});
