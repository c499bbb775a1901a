// The deadline report counts what happened when. The case: a §140 start deadline escalated,
// and then a start was "booked" for a date before the due date, which the report counted as met in
// time. Against a real PostgreSQL: such a history (as recorded before the date rules) no longer counts
// as met in time; the same booking is now refused; a start booked after the escalation counts as late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { fristRapport } from '../../api/read-model/rapporter';
import { decide, record, type ForloebEvent, type RecordedEvent } from '../../domain/forloeb';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { run, SUL140 } from '../support/lifecycles';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

let n = 0;
const newId = () => `forloeb-00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`;
const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
const plan = { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2030-12-18', kategori: 'ryg', niveau: 'basal' } as const;

/** Discharged 18.12 (start due 25.12), granted 19.12, and nobody booked: on 10.01 the deadline has escalated three times. */
const escalated = () =>
  run([
    [{ type: 'CreateForloeb', actor: koordinator, source: plan }, '2030-12-18T10:00:00Z'],
    [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, '2030-12-19T10:00:00Z'],
    [{ type: 'Tick' }, '2031-01-10T10:00:00Z'],
  ]);

const opstartRow = async (id: string) =>
  (await db.pool.query("SELECT met_on, in_time, escalations_sent FROM forloeb_deadlines WHERE forloeb_id = $1 AND type = 'opstart'", [id])).rows[0];
const report = async () =>
  (await fristRapport(db.pool, { regelsaet: SUL140.id, fra: '2030-12-25', til: '2030-12-25' }, { today: '2031-01-10' })).find((l) => l.fristtype === 'opstart');

describe('the deadline report and a start recorded after the escalation', () => {
  it('a history in which a start was booked for a past date after the escalation does not count as met in time', async () => {
    const { events, state } = escalated();
    expect(events.filter((e) => e.type === 'DeadlineEscalated').length).toBeGreaterThan(0);
    // What the rules gave before a booked start could not be in the past: booked for 24.12 on 10.01, "in time".
    const backdated: ForloebEvent[] = [
      { type: 'StartBooked', data: { startDate: '2030-12-24' } },
      { type: 'DeadlineMet', data: { deadline: 'opstart', dueDate: '2030-12-25', metOn: '2030-12-24', inTime: true } },
    ];
    const recorded: RecordedEvent[] = [...events, ...record(state, backdated, new Date('2031-01-10T11:00:00Z'), koordinator)];
    const id = newId();
    await appendAndProject(db.pool, id, recorded);

    expect(await opstartRow(id)).toMatchObject({ in_time: false });
    expect(await report()).toMatchObject({ antal: 1, overholdtITide: 0, andelITide: 0 });
  });

  it('the same booking is now refused, and a start booked after the escalation counts as met late', async () => {
    const { events, state } = escalated();
    const at = new Date('2031-01-10T11:00:00Z');
    const backdated = decide(state, { type: 'BookStart', actor: koordinator, startDate: '2030-12-24' }, at, SUL140);
    expect(backdated).toEqual({ ok: false, refusal: { code: 'invalid', field: 'startdato', message: 'en opstart kan ikke bookes til en dato, der er gået' } });

    const booked = decide(state, { type: 'BookStart', actor: koordinator, startDate: '2031-01-13' }, at, SUL140);
    if (!booked.ok) throw new Error(booked.refusal.message);
    const id = newId();
    await appendAndProject(db.pool, id, [...events, ...record(state, booked.events, at, koordinator)]);
    expect(await opstartRow(id)).toMatchObject({ in_time: false });
    // Both forløb are due on 25.12: two deadlines, neither met in time.
    expect(await report()).toMatchObject({ antal: 2, overholdtITide: 0 });
  });
});
