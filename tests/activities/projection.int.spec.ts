// The projection activity against a real PostgreSQL: duplicates and out-of-order delivery leave the
// event log and the read model exactly as one in-order delivery does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { applyAll, decide, initialState, record, type ForloebCommand, type ForloebState, type RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { startTestDatabase, type TestDatabase } from '../support/database';

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const };
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

/** The events of a §140 forløb: created (discharge long ago), reminded, escalated twice, visited, booked late. */
function lifecycle(): RecordedEvent[] {
  let state: ForloebState = initialState();
  const all: RecordedEvent[] = [];
  const step = (command: ForloebCommand, at: string) => {
    const now = new Date(at);
    const d = decide(state, command, now, regelsaet);
    if (!d.ok) throw new Error(d.refusal.reason);
    const recorded = record(state, d.events, now);
    state = applyAll(state, d.events, now);
    all.push(...recorded);
  };
  step({ type: 'CreateForloeb', actor: koordinator, source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2030-12-18', kategori: 'ryg', niveau: 'basal' } }, '2030-12-18T10:00:00Z');
  step({ type: 'Tick' }, '2030-12-31T10:00:00Z');
  step({ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2031-01-02T10:00:00Z');
  step({ type: 'BookStart', actor: koordinator, startDate: '2031-01-06' }, '2031-01-02T10:05:00Z');
  return all;
}

async function readModel(forloebId: string) {
  const q = async (sql: string) => (await db.pool.query(sql, [forloebId])).rows;
  return {
    events: await q('SELECT seq, type, data, occurred_at FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq'),
    forloeb: await q('SELECT regelsaet_id, kommune, status, phase, kategori, niveau, frame_unit, frame_amount, next_deadline_type, next_deadline_due::text, last_seq FROM forloeb WHERE id = $1'),
    deadlines: await q('SELECT type, due_date::text, met_on::text, in_time, reminders_sent, escalations_sent FROM forloeb_deadlines WHERE forloeb_id = $1 ORDER BY type'),
    inbox: await q('SELECT seq, rolle, kind, deadline, level, due_date::text, scheduled_at, resolved_at IS NOT NULL AS resolved FROM paamindelser WHERE forloeb_id = $1 ORDER BY seq, rolle'),
  };
}

describe('appendAndProject', () => {
  const events = lifecycle();

  it('projects a forløb delivered in order', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-000000000001';
    for (const e of events) await appendAndProject(db.pool, id, [e]);
    const model = await readModel(id);
    expect(model.events).toHaveLength(events.length);
    expect(model.forloeb).toEqual([
      {
        regelsaet_id: 'sonderborg-sul140',
        kommune: 'Sønderborg',
        status: 'open',
        phase: 'opstart',
        kategori: 'ryg',
        niveau: 'basal',
        frame_unit: 'timer',
        frame_amount: '9',
        next_deadline_type: null,
        next_deadline_due: null,
        last_seq: events.length,
      },
    ]);
    expect(model.deadlines).toEqual([{ type: 'opstart', due_date: '2030-12-25', met_on: '2031-01-06', in_time: false, reminders_sent: 1, escalations_sent: 2 }]);
    // R0 → koordinator; E0 → koordinator + leder; E1 (30 Dec) → leder; all resolved once the start was booked.
    expect(model.inbox.map((r) => `${r.kind}:${r.level}:${r.rolle}:${r.resolved}`)).toEqual([
      'paamindelse:0:koordinator:true',
      'eskalering:0:koordinator:true',
      'eskalering:0:leder:true',
      'eskalering:1:leder:true',
    ]);
  });

  it('gives the same tables when every batch is delivered twice and the batches arrive out of order', async () => {
    const inOrder = 'forloeb-00000000-0000-0000-0000-000000000002';
    const shuffled = 'forloeb-00000000-0000-0000-0000-000000000003';
    await appendAndProject(db.pool, inOrder, events);
    // Deliver in reverse, one event at a time, each twice, then everything again.
    for (const e of [...events].reverse()) {
      await appendAndProject(db.pool, shuffled, [e]);
      await appendAndProject(db.pool, shuffled, [e]);
    }
    await appendAndProject(db.pool, shuffled, events);
    expect(await readModel(shuffled)).toEqual(await readModel(inOrder));
  });

  it('waits at a gap: events after a missing one are stored but not projected until it arrives', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-000000000004';
    const [first, second, ...rest] = events;
    const res1 = await appendAndProject(db.pool, id, [first!, ...rest]);
    expect(res1.projectedSeq).toBe(1);
    expect((await readModel(id)).forloeb[0]?.last_seq).toBe(1);
    const res2 = await appendAndProject(db.pool, id, [second!]);
    expect(res2.projectedSeq).toBe(events.length);
  });

  it('keeps the first version of an event when a different one arrives with the same sequence number', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-000000000005';
    await appendAndProject(db.pool, id, events.slice(0, 1));
    const forged = { ...events[0]!, data: { ...(events[0]!.data as object), kommune: 'Andeby' } } as RecordedEvent;
    await appendAndProject(db.pool, id, [forged]);
    expect((await readModel(id)).forloeb[0]?.kommune).toBe('Sønderborg');
  });
});
