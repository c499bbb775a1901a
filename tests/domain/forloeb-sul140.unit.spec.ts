import { describe, expect, it } from 'vitest';
import { applyAll, deadlines, decide, initialState, nextWakeUp, type Genoptraeningsplan, type ForloebEvent } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { given } from '../support/given';

const regelsaet = findRegelsaet('sonderborg-sul140')!;
const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };

const plan = (over: Partial<Genoptraeningsplan> = {}): Genoptraeningsplan => ({
  kind: 'genoptraeningsplan',
  cpr: '010190-1234',
  udskrivningsdato: '2030-12-18',
  kategori: 'knae-underben',
  niveau: 'basal',
  ...over,
});

const created = (p = plan(), at = new Date('2030-12-18T10:00:00Z')) => {
  const d = decide(initialState(), { type: 'CreateForloeb', actor: koordinator, source: p }, at, regelsaet);
  if (!d.ok) throw new Error(d.refusal.message);
  return { events: d.events, at };
};

describe('Sønderborg §140: when a genoptræningsplan arrives', () => {
  it('creates the forløb and opens the opstart deadline 7 calendar days after discharge (002:87, A3)', () => {
    given(regelsaet)
      .when({ type: 'CreateForloeb', actor: koordinator, source: plan() }, new Date('2030-12-18T10:00:00Z'))
      .then([
        { type: 'ForloebCreated', data: { regelsaetId: 'sonderborg-sul140', kommune: 'Sønderborg', source: plan() } },
        {
          type: 'DeadlineOpened',
          data: { deadline: 'opstart', anchorDate: '2030-12-18', period: { amount: 7, unit: 'kalenderdage' }, dueDate: '2030-12-25', responsible: 'koordinator' },
        },
      ]);
  });

  it("uses the plan's own start date as the deadline when it gives one", () => {
    const decision = decide(
      initialState(),
      { type: 'CreateForloeb', actor: koordinator, source: plan({ planOpstartsdato: '2031-01-15' }) },
      new Date('2030-12-18T10:00:00Z'),
      regelsaet,
    );
    expect(decision.ok && decision.events[1]).toEqual({
      type: 'DeadlineOpened',
      data: { deadline: 'opstart', anchorDate: '2031-01-15', period: { amount: 0, unit: 'kalenderdage' }, dueDate: '2031-01-15', responsible: 'koordinator' },
    });
  });

  it('refuses a category the regelsæt does not have', () => {
    given(regelsaet)
      .when({ type: 'CreateForloeb', actor: koordinator, source: plan({ kategori: 'tandpine' }) }, new Date())
      .thenRefused('invalid', /kategorien 'tandpine' findes ikke/);
  });

  it('refuses a role other than the faglig koordinator', () => {
    given(regelsaet)
      .when({ type: 'CreateForloeb', actor: terapeut, source: plan() }, new Date())
      .thenRefused('forbidden_role', /kræver rollen koordinator/);
  });

  it('refuses to create the same forløb twice', () => {
    given(regelsaet, [created()])
      .when({ type: 'CreateForloeb', actor: koordinator, source: plan() }, new Date())
      .thenRefused('wrong_phase', /allerede oprettet/);
  });
});

describe('Sønderborg §140: when in visitering', () => {
  const visitedAt = new Date('2030-12-19T09:00:00Z');

  it('grants the standard frame of the category (knæ og underben: 14 hours, 002:922) and moves to opstart', () => {
    const g = given(regelsaet, [created()]);
    g.when({ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, visitedAt).then([
      {
        type: 'VisitationRecorded',
        data: {
          decision: 'bevilget',
          decidedOn: '2030-12-19',
          indsatsId: 'almen-genoptraening',
          kategori: 'knae-underben',
          niveau: 'basal',
          frame: { unit: 'timer', amount: 14, cap: true },
        },
      },
    ]);
    const after = applyAll(g.state, (g.when({ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, visitedAt).decision as { events: ForloebEvent[] }).events, visitedAt);
    expect(after.status === 'open' && after.phase).toBe('opstart');
  });

  it('takes the decision date in Copenhagen, not UTC (23:30Z on 31 Dec is 1 Jan in Denmark)', () => {
    const d = given(regelsaet, [created()]).when({ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, new Date('2030-12-31T23:30:00Z')).decision;
    expect(d.ok && d.events[0]?.type === 'VisitationRecorded' && d.events[0].data.decidedOn).toBe('2031-01-01');
  });

  it('refuses a visitation by a terapeut, with the reason', () => {
    given(regelsaet, [created()])
      .when({ type: 'RecordVisitation', actor: terapeut, decision: 'bevilget' }, visitedAt)
      .thenRefused('forbidden_role', /Visitation kræver rollen koordinator/);
  });

  it('refuses a refusal without a reason', () => {
    given(regelsaet, [created()]).when({ type: 'RecordVisitation', actor: koordinator, decision: 'afslaaet' }, visitedAt).thenRefused('invalid', /begrundelse/);
  });

  it('refuses to book the start before the visitation', () => {
    given(regelsaet, [created()]).when({ type: 'BookStart', actor: koordinator, startDate: '2030-12-20' }, visitedAt).thenRefused('wrong_phase', /fasen opstart/);
  });
});

describe('Sønderborg §140: when in opstart', () => {
  const visited = () => {
    const c = created();
    const s = applyAll(initialState(), c.events, c.at);
    const at = new Date('2030-12-19T09:00:00Z');
    const d = decide(s, { type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, at, regelsaet);
    if (!d.ok) throw new Error(d.refusal.message);
    return [c, { events: d.events, at }];
  };

  it('books the start and meets the opstart deadline in time', () => {
    given(regelsaet, visited())
      .when({ type: 'BookStart', actor: koordinator, startDate: '2030-12-23' }, new Date('2030-12-20T09:00:00Z'))
      .then([
        { type: 'StartBooked', data: { startDate: '2030-12-23' } },
        { type: 'DeadlineMet', data: { deadline: 'opstart', dueDate: '2030-12-25', metOn: '2030-12-23', inTime: true } },
      ]);
  });

  it('records a start after the due date as met late', () => {
    const d = given(regelsaet, visited()).when({ type: 'BookStart', actor: koordinator, startDate: '2031-01-06' }, new Date('2030-12-20T09:00:00Z')).decision;
    expect(d.ok && d.events[1]).toEqual({ type: 'DeadlineMet', data: { deadline: 'opstart', dueDate: '2030-12-25', metOn: '2031-01-06', inTime: false } });
  });

  it('refuses a start date before discharge', () => {
    given(regelsaet, visited()).when({ type: 'BookStart', actor: koordinator, startDate: '2030-12-01' }, new Date('2030-12-20T09:00:00Z')).thenRefused('invalid', /før udskrivningsdatoen/);
  });

  it('refuses a start booked by a terapeut (002:87: the koordinator summons)', () => {
    given(regelsaet, visited()).when({ type: 'BookStart', actor: terapeut, startDate: '2030-12-23' }, new Date('2030-12-20T09:00:00Z')).thenRefused('forbidden_role', /koordinator/);
  });
});

describe('Sønderborg §140: as time passes with the start not booked', () => {
  const history = [created()];
  const state = given(regelsaet, history).state;

  it('sleeps until the reminder 2 hverdage before the due date, at 08:00 Copenhagen time', () => {
    // Due 2030-12-25 (juledag, Wednesday); 2 hverdage before: 24 Dec (Tue), 23 Dec (Mon).
    expect(nextWakeUp(state, regelsaet)?.toISOString()).toBe('2030-12-23T07:00:00.000Z');
  });

  it('does nothing before the reminder moment', () => {
    given(regelsaet, history).when({ type: 'Tick' }, new Date('2030-12-23T06:59:59Z')).thenNothingHappened();
  });

  it('reminds the koordinator at the reminder moment', () => {
    given(regelsaet, history)
      .when({ type: 'Tick' }, new Date('2030-12-23T07:00:00Z'))
      .then([{ type: 'ReminderSent', data: { deadline: 'opstart', index: 0, to: ['koordinator'], dueDate: '2030-12-25', scheduledAt: '2030-12-23T07:00:00.000Z' } }]);
  });

  it('escalates to koordinator and leder at the end of the due date, then to the leder 2 hverdage later, then every 2 hverdage', () => {
    let s = state;
    const fired: string[] = [];
    for (let i = 0; i < 5; i++) {
      const wake = nextWakeUp(s, regelsaet)!;
      const d = decide(s, { type: 'Tick' }, wake, regelsaet);
      if (!d.ok) throw new Error(d.refusal.message);
      fired.push(...d.events.map((e) => `${e.type}@${wake.toISOString()}→${'to' in e.data ? e.data.to.join('+') : ''}`));
      s = applyAll(s, d.events, wake);
    }
    expect(fired).toEqual([
      'ReminderSent@2030-12-23T07:00:00.000Z→koordinator',
      'DeadlineEscalated@2030-12-25T23:00:00.000Z→koordinator+leder',
      // 26 Dec is 2. juledag: 2 hverdage after the 25th are 27 Dec (Fri) and 30 Dec (Mon).
      'DeadlineEscalated@2030-12-30T07:00:00.000Z→leder',
      'DeadlineEscalated@2031-01-02T07:00:00.000Z→leder', // 31 Dec, (1 Jan holiday), 2 Jan
      'DeadlineEscalated@2031-01-06T07:00:00.000Z→leder', // 3 Jan (Fri), 6 Jan (Mon)
    ]);
    const view = deadlines(s, regelsaet, new Date('2031-01-06T08:00:00Z'))[0]!;
    expect(view.status).toBe('overskredet');
    expect(view.escalationsSent).toBe(4);
  });

  it('sends each step of the chain once but only the latest repeat when it wakes late', () => {
    const d = decide(state, { type: 'Tick' }, new Date('2031-01-20T12:00:00Z'), regelsaet);
    expect(d.ok && d.events.map((e) => (e.type === 'DeadlineEscalated' ? `E${e.data.level}` : e.type === 'ReminderSent' ? `R${e.data.index}` : e.type))).toEqual([
      'R0',
      'E0',
      'E1',
      'E8', // 20 Jan 08:00 is the 7th repeat; E2–E7 are folded into it
    ]);
  });

  it('stops reminding once the start is booked', () => {
    const visitAt = new Date('2030-12-19T09:00:00Z');
    let s = applyAll(state, (decide(state, { type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, visitAt, regelsaet) as { events: ForloebEvent[] }).events, visitAt);
    s = applyAll(s, (decide(s, { type: 'BookStart', actor: koordinator, startDate: '2030-12-20' }, visitAt, regelsaet) as { events: ForloebEvent[] }).events, visitAt);
    expect(nextWakeUp(s, regelsaet)).toBeUndefined();
    expect(decide(s, { type: 'Tick' }, new Date('2031-02-01T00:00:00Z'), regelsaet)).toEqual({ ok: true, events: [] });
    expect(deadlines(s, regelsaet, new Date('2031-02-01T00:00:00Z'))[0]?.status).toBe('overholdt');
  });
});
