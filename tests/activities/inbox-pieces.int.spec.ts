// One inbox row per open piece of work: a forløb and a deadline per role, at its highest level, with
// the borger, the responsible therapist and the next step; a request awaiting the deciding role; a
// start booked without a therapist. One acknowledgement clears the earlier levels, a higher level
// opens the row again, the row leaves by itself when the work is done, and a rebuild gives the same
// rows with the acknowledgements kept.
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { rebuildReadModel } from '../../activities/projection/rebuild';
import { buildApp } from '../../api/app';
import type { ForloebCommand, RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet } from '../../domain/regelsaet';
import type { z } from 'zod';
import type { Inbox as InboxSchema } from '../../api/contract';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { plan, run } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';

let db: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  db = await startTestDatabase();
  app = await buildApp({
    temporal: { client: {} as Client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now: () => new Date('2031-01-20T12:00:00Z'),
    auth: DEV_AUTH,
    cprHashKey: TEST_CPR_HASH_KEY,
  });
});
afterAll(async () => {
  await app?.close();
  await db?.stop();
});

const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
const id = (n: number) => `forloeb-00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
type Step = [ForloebCommand, string];

/** Delivers events one at a time, as a workflow's outbox may. */
async function deliver(forloebId: string, events: readonly RecordedEvent[]) {
  for (const e of events) await appendAndProject(db.pool, forloebId, [e]);
}

async function inboxOf(rolle: 'koordinator' | 'leder' | 'visitator' | 'terapeut', kommune: string, status = 'aabne') {
  const res = await app.inject({ method: 'GET', url: `/api/paamindelser?status=${status}`, headers: await bearer(app, { rolle, kommune }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<z.infer<typeof InboxSchema>>();
}

async function kvitter(rolle: 'koordinator' | 'leder', kommune: string, rowId: string) {
  const res = await app.inject({ method: 'POST', url: `/api/paamindelser/${rowId}/kvittering`, headers: await bearer(app, { rolle, kommune }), payload: {} });
  expect(res.statusCode, res.body).toBe(200);
}

describe('the inbox holds one row per piece of work', () => {
  const created: Step = [{ type: 'CreateForloeb', actor: koordinator, source: { ...plan('2030-12-18'), navn: 'Åse Ørsted' } }, '2030-12-18T10:00:00Z'];

  it('a backfill (a discharge long past) gives each role one row at its highest level, not one per notice', async () => {
    // Reminder 0 to the koordinator, escalations 0 (koordinator, leder), 1 and the latest repeat 8 (leder), all at once.
    const { events } = run([created, [{ type: 'Tick' }, '2031-01-20T10:00:00Z']]);
    expect(events.filter((e) => e.type === 'ReminderSent' || e.type === 'DeadlineEscalated')).toHaveLength(4);
    await deliver(id(1), events);

    const k = await inboxOf('koordinator', 'Sønderborg');
    expect(k.total).toBe(1);
    expect(k.elementer).toEqual([
      expect.objectContaining({
        forloebId: id(1),
        type: 'eskalering',
        frist: 'opstart',
        niveau: 0,
        borger: { navn: 'Åse Ørsted', cprMaskeret: '010190-xxxx' },
        ansvarlig: { terapeut: null, enhed: null },
        naesteSkridt: 'Book opstart',
        kvitteret: null,
        loest: null,
      }),
    ]);
    const l = await inboxOf('leder', 'Sønderborg');
    expect(l.elementer.map((r) => [r.forloebId, r.type, r.frist, r.niveau])).toEqual([[id(1), 'eskalering', 'opstart', 8]]);
    // Another kommune sees none of it.
    expect((await inboxOf('leder', 'Varde')).elementer).toEqual([]);
  });

  it('one acknowledgement clears the row with its earlier levels until a higher level comes', async () => {
    const steps: Step[] = [created, [{ type: 'Tick' }, '2030-12-24T10:00:00Z'], [{ type: 'Tick' }, '2030-12-31T10:00:00Z']];
    const { events } = run(steps);
    const reminded = run(steps.slice(0, 2)).events.length;
    await deliver(id(2), events.slice(0, reminded));
    const first = (await inboxOf('koordinator', 'Sønderborg')).elementer.find((r) => r.forloebId === id(2))!;
    expect(first).toMatchObject({ type: 'paamindelse', niveau: 0 });
    await kvitter('koordinator', 'Sønderborg', first.id);
    expect((await inboxOf('koordinator', 'Sønderborg')).elementer.map((r) => r.forloebId)).not.toContain(id(2));
    const acknowledged = (await inboxOf('koordinator', 'Sønderborg', 'kvitterede')).elementer.find((r) => r.forloebId === id(2))!;
    expect(acknowledged.kvitteret).not.toBeNull();

    // The escalation raises the same row: open again, one row, no acknowledgement of the new level.
    await deliver(id(2), events.slice(reminded));
    const raised = (await inboxOf('koordinator', 'Sønderborg')).elementer.filter((r) => r.forloebId === id(2));
    expect(raised).toEqual([expect.objectContaining({ id: first.id, type: 'eskalering', niveau: 0, kvitteret: null })]);
    const lederRow = (await inboxOf('leder', 'Sønderborg')).elementer.find((r) => r.forloebId === id(2))!;
    expect(lederRow).toMatchObject({ type: 'eskalering', niveau: 1 });
    await kvitter('leder', 'Sønderborg', lederRow.id);
    await kvitter('leder', 'Sønderborg', lederRow.id);
    expect((await inboxOf('leder', 'Sønderborg')).elementer.map((r) => r.forloebId)).not.toContain(id(2));
  });

  it('a booked start resolves the deadline’s rows; booked without a therapist it asks the koordinator to assign one', async () => {
    const steps: Step[] = [
      created,
      [{ type: 'Tick' }, '2030-12-31T10:00:00Z'],
      [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-01-02T10:00:00Z'],
      [{ type: 'BookStart', actor: koordinator, startDate: '2031-01-06' }, '2031-01-02T10:05:00Z'],
    ];
    const { events } = run(steps);
    await deliver(id(3), events);
    const k = (await inboxOf('koordinator', 'Sønderborg')).elementer.filter((r) => r.forloebId === id(3));
    expect(k.map((r) => [r.type, r.frist, r.naesteSkridt])).toEqual([['terapeut', 'terapeut', 'Tildel terapeut']]);
    expect((await inboxOf('leder', 'Sønderborg')).elementer.map((r) => r.forloebId)).not.toContain(id(3));
    const resolved = (await inboxOf('leder', 'Sønderborg', 'loeste')).elementer.filter((r) => r.forloebId === id(3));
    expect(resolved.map((r) => [r.frist, r.niveau])).toEqual([['opstart', 1]]);

    const assigned = run([...steps, [{ type: 'AssignTherapist', actor: koordinator, terapeut: 'Tove Terapeut', enhed: 'Træningsenheden Nord' }, '2031-01-03T09:00:00Z']]);
    await deliver(id(3), assigned.events.slice(events.length));
    expect((await inboxOf('koordinator', 'Sønderborg')).elementer.map((r) => r.forloebId)).not.toContain(id(3));
  });

  it('a tillægsbevilling awaiting a decision is the visitator’s row until it is decided', async () => {
    const varde = findRegelsaet('varde-sel86-1')!;
    const visitator = { role: 'visitator' as const, userId: 'visitator-1' };
    const terapeut = { role: 'terapeut' as const, userId: 'terapeut-1' };
    const day = '2031-01-14';
    const steps: Step[] = [
      [{ type: 'CreateForloeb', actor: visitator, source: { kind: 'ansoegning', cpr: '020202-2222', modtaget: '2031-01-12', navn: 'Bo Bech' } }, '2031-01-12T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2031-01-13T09:00:00Z'],
      [{ type: 'AssignTherapist', actor: visitator, terapeut: 'Tove Terapeut', enhed: 'Træning Varde' }, '2031-01-13T09:10:00Z'],
      [{ type: 'HoldStart', actor: terapeut, heldOn: day }, '2031-01-14T09:00:00Z'],
      [{ type: 'RequestExtension', actor: terapeut, kind: 'tillaegsbevilling_lille', amount: 5, reason: 'Potentiale' }, '2031-01-15T10:00:00Z'],
    ];
    const { events } = run(steps, varde);
    await deliver(id(4), events);
    const v = (await inboxOf('visitator', 'Varde')).elementer;
    expect(v).toEqual([
      expect.objectContaining({
        forloebId: id(4),
        type: 'anmodning',
        frist: 'forlaengelse',
        naesteSkridt: 'Afgør anmodning',
        borger: { navn: 'Bo Bech', cprMaskeret: '020202-xxxx' },
        ansvarlig: { terapeut: 'Tove Terapeut', enhed: 'Træning Varde' },
      }),
    ]);
    const decided = run([...steps, [{ type: 'DecideExtension', actor: visitator, requestId: 1, decision: 'afvist', reason: 'Målene er nået' }, '2031-01-16T10:00:00Z']], varde);
    await deliver(id(4), decided.events.slice(events.length));
    expect((await inboxOf('visitator', 'Varde')).elementer).toEqual([]);
  });

  it('the rebuild gives the same rows, acknowledgements and ids kept', async () => {
    const before = await snapshotReadModel(db.pool);
    expect(before.paamindelser.some((p) => p.acknowledged_rank >= 0)).toBe(true);
    expect(new Set(before.paamindelser.map((p) => p.kind))).toEqual(new Set(['eskalering', 'anmodning', 'terapeut']));
    await rebuildReadModel(db.pool);
    expect(await snapshotReadModel(db.pool)).toEqual(before);
  });
});
