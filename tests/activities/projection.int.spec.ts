// The projection activity against a real PostgreSQL: duplicates and out-of-order delivery leave the
// event log and every read table exactly as one in-order delivery does; gaps are reported; the event
// log refuses changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject, rebuildReadModel } from '../../activities/projection';
import { nextWakeUp, type RecordedEvent } from '../../domain/forloeb';
import { BUILT_IN_REGELSAET, type Regelsaet } from '../../domain/regelsaet';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fullCourse, lateStart, plan, refused, run, SUL140 } from '../support/lifecycles';
import { snapshotReadModel } from '../support/read-model';

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

let n = 0;
const newId = () => `forloeb-00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`;

async function readModel(forloebId: string) {
  const { paamindelser, ...rest } = await snapshotReadModel(db.pool, forloebId);
  const events = (await db.pool.query('SELECT seq, type, data, occurred_at FROM forloeb_events WHERE forloeb_id = $1 ORDER BY seq', [forloebId])).rows;
  // Notice ids come from a sequence; everything else must be equal.
  return { events, ...rest, paamindelser: paamindelser.map(({ id: _id, forloeb_id: _f, ...r }) => r) };
}

const rapportFor = async (regelsaetId: string, dueDate: string) =>
  (await db.pool.query('SELECT type, udfald, dage, antal FROM rapport_frister WHERE regelsaet_id = $1 AND due_date = $2 ORDER BY udfald', [regelsaetId, dueDate]))
    .rows;

describe('appendAndProject', () => {
  const { events } = lateStart();

  it('projects a forløb delivered in order', async () => {
    const id = newId();
    for (const e of events) await appendAndProject(db.pool, id, [e]);
    const model = await readModel(id);
    expect(model.events).toHaveLength(events.length);
    expect(model.forloeb).toEqual([
      expect.objectContaining({
        regelsaet_id: 'sonderborg-sul140',
        kommune: 'Sønderborg',
        status: 'open',
        phase: 'opstart',
        kategori: 'ryg',
        niveau: 'basal',
        frame_unit: 'timer',
        frame_amount: '9',
        frame_used: '0',
        next_deadline_type: null,
        next_deadline_due: null,
        last_seq: events.length,
      }),
    ]);
    expect(model.deadlines).toEqual([
      expect.objectContaining({ type: 'opstart', due_date: '2030-12-25', met_on: '2031-01-06', in_time: false, reminders_sent: 1, escalations_sent: 2 }),
    ]);
    // R0 → koordinator; E0 → koordinator + leder; E1 (30 Dec) → leder: one row per role at its highest
    // notice, made by the first; both resolved once the start was booked, which, booked with no
    // therapist, asks the koordinator to assign one.
    expect(model.paamindelser.map((r) => `${r.kind}:${r.level}:${r.rolle}:${r.resolved_at !== null}`)).toEqual([
      'eskalering:0:koordinator:true',
      'eskalering:1:leder:true',
      'terapeut:0:koordinator:false',
    ]);
    // Met late, 19 days after discharge.
    expect(await rapportFor('sonderborg-sul140', '2030-12-25')).toEqual([{ type: 'opstart', udfald: 'for_sent', dage: 19, antal: 1 }]);
  });

  it('projects a whole course: assignment, training, frame use, ending and closing', async () => {
    const { events: course, state } = fullCourse();
    const id = newId();
    await appendAndProject(db.pool, id, course);
    const model = await readModel(id);
    expect(state.status === 'closed' && state.frame).toBeTruthy();
    expect(model.forloeb[0]).toMatchObject({
      status: 'closed',
      phase: 'afslutning',
      kategori: 'knae-underben',
      terapeut: 'terapeut-1',
      enhed: 'Træningsenheden Nord',
      frame_used: String(state.status === 'closed' ? state.frame?.used : -1),
      last_seq: course.length,
    });
    expect(model.deadlines).toEqual([expect.objectContaining({ type: 'opstart', met_on: '2031-03-10', in_time: true })]);
  });

  it('marks the deadline of a refused forløb lapsed, which the report does not count', async () => {
    const { events: refusal } = refused();
    const id = newId();
    await appendAndProject(db.pool, id, refusal);
    const model = await readModel(id);
    // Refused, as the domain's lifecycle says: the list then calls it afslået, like its detail.
    expect(model.forloeb[0]).toMatchObject({ status: 'refused', phase: 'afslutning', next_deadline_type: null });
    expect(model.deadlines).toEqual([expect.objectContaining({ type: 'opstart', met_on: null, lapsed_on: '2031-05-06' })]);
    const due = model.deadlines[0]!.due_date as string;
    expect(await rapportFor('sonderborg-sul140', due)).toEqual([{ type: 'opstart', udfald: 'bortfaldet', dage: -1, antal: 1 }]);
  });

  it.each([
    ['late start', lateStart],
    ['whole course', fullCourse],
    ['refusal', refused],
  ])('gives the same tables (%s) when every batch is delivered twice and the batches arrive out of order', async (_name, make) => {
    const { events: all } = make();
    const inOrder = newId();
    const shuffled = newId();
    await appendAndProject(db.pool, inOrder, all);
    // Deliver in reverse, one event at a time, each twice, then everything again.
    for (const e of [...all].reverse()) {
      await appendAndProject(db.pool, shuffled, [e]);
      await appendAndProject(db.pool, shuffled, [e]);
    }
    await appendAndProject(db.pool, shuffled, all);
    const a = await readModel(inOrder);
    const b = await readModel(shuffled);
    const withoutId = (m: typeof a) => ({ ...m, forloeb: m.forloeb.map(({ id: _id, ...r }) => r), deadlines: m.deadlines.map(({ forloeb_id: _f, ...r }) => r) });
    expect(withoutId(b)).toEqual(withoutId(a));
  });

  it('keeps the report counts exact under any delivery order', async () => {
    const before = await rapportFor('sonderborg-sul140', '2030-12-25');
    const id = newId();
    for (const e of [...events].reverse()) await appendAndProject(db.pool, id, [e]);
    const after = await rapportFor('sonderborg-sul140', '2030-12-25');
    expect(after).toEqual(before.map((r) => ({ ...r, antal: r.antal + 1 })));
  });

  it('waits at a gap and names the first missing event until it arrives', async () => {
    const id = newId();
    const [first, second, ...rest] = events;
    const res1 = await appendAndProject(db.pool, id, [first!, ...rest]);
    expect(res1).toEqual({ projectedSeq: 1, missingFrom: 2 });
    expect((await readModel(id)).forloeb[0]?.last_seq).toBe(1);
    const res2 = await appendAndProject(db.pool, id, [second!]);
    expect(res2).toEqual({ projectedSeq: events.length });
  });

  it('keeps the first version of an event when a different one arrives with the same sequence number', async () => {
    const id = newId();
    await appendAndProject(db.pool, id, events.slice(0, 1));
    const forged = { ...events[0]!, data: { ...(events[0]!.data as object), kommune: 'Andeby' } } as RecordedEvent;
    await appendAndProject(db.pool, id, [forged]);
    expect((await readModel(id)).forloeb[0]?.kommune).toBe('Sønderborg');
  });
});

describe('forloeb_events', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const id = newId();
    await appendAndProject(db.pool, id, lateStart().events);
    await expect(db.pool.query("UPDATE forloeb_events SET type = 'X' WHERE forloeb_id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM forloeb_events WHERE forloeb_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE forloeb_events')).rejects.toThrow(/append-only/);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM forloeb_events WHERE forloeb_id = $1', [id]);
    expect(rows[0].n).toBe(lateStart().events.length);
  });
});

describe('the next notice moment of a forløb on a municipality’s own regelsæt', () => {
  // A regelsæt from REGELSAET_DIR: not built in, with its own notice time.
  const own: Regelsaet = { ...SUL140, id: 'egen-sul140', name: 'Egen §140', noticeTime: '07:30' };
  const created = run([[{ type: 'CreateForloeb', actor: { role: 'koordinator' }, source: plan('2031-06-02') }, '2031-06-02T09:00:00Z']], own);

  const nextWakeAtOf = async (id: string) =>
    (await db.pool.query<{ next_wake_at: Date | null }>('SELECT next_wake_at FROM forloeb WHERE id = $1', [id])).rows[0]!.next_wake_at;

  it('is the workflow’s own wake-up moment when the catalogue holds the regelsæt', async () => {
    const id = newId();
    await appendAndProject(db.pool, id, created.events, [...BUILT_IN_REGELSAET, own]);
    const expected = nextWakeUp(created.state, own);
    expect(expected).toBeDefined();
    expect((await nextWakeAtOf(id))?.toISOString()).toBe(expected!.toISOString());
    expect(copenhagenTimeOf(expected!)).toBe('07:30');
  });

  it('is unknown without it, so the worker must load REGELSAET_DIR (the watchdog reads this column)', async () => {
    const id = newId();
    await appendAndProject(db.pool, id, created.events, BUILT_IN_REGELSAET);
    expect(await nextWakeAtOf(id)).toBeNull();
  });

  it('is the same after a rebuild given the same catalogue', async () => {
    const id = newId();
    await appendAndProject(db.pool, id, created.events, [...BUILT_IN_REGELSAET, own]);
    const before = await nextWakeAtOf(id);
    await rebuildReadModel(db.pool, { catalogue: [...BUILT_IN_REGELSAET, own] });
    expect(await nextWakeAtOf(id)).toEqual(before);
  });
});

const copenhagenTimeOf = (d: Date) => new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(d).replace('.', ':');
