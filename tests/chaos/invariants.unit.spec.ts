// The chaos run's invariants can fail: each is given a history that holds, then the same history
// with one breach injected (an event lost or doubled, a gap, a notice missing, early, doubled or not
// in the inbox, a stuck workflow, a bare 500, a 503 while everything was up, /ready silent).
import { describe, expect, it } from 'vitest';
import type { ForloebRecord } from '../../chaos/clients';
import {
  apiBreaches,
  commandBreaches,
  diffTables,
  noticeBreaches,
  orphanBreaches,
  workflowBreaches,
  type EventRow,
  type HistoryEvent,
} from '../../chaos/invariants';
import { chaosRegelsaet } from '../../chaos/regelsaet';
import { addCalendarDays, copenhagenDateOf, copenhagenInstant } from '../../domain/calendar';
import { decide, evolve, initialState, record, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import { findRegelsaet, type Regelsaet } from '../../domain/regelsaet';

const ID = 'forloeb-00000000-0000-4000-8000-000000000001';
const koordinator = { role: 'koordinator' as const };
const terapeut = { role: 'terapeut' as const };

/** A forløb driven through the real rules, with its event log as forloeb_events would hold it and a client's record. */
function forloeb(regelsaet: Regelsaet, steps: { at: Date; command: ForloebCommand; answered?: string }[]) {
  let state: ForloebState = initialState();
  const log: EventRow[] = [];
  const rec: ForloebRecord = { id: ID, regelsaetId: regelsaet.id, accepted: [], sessions: {}, completed: false };
  for (const { at, command, answered } of steps) {
    for (const c of command.type === 'CreateForloeb' ? [command, { type: 'Tick' } as const] : [command]) {
      const decision = decide(state, c, at, regelsaet);
      if (!decision.ok) throw new Error(decision.refusal.message);
      const recorded = record(state, decision.events, at);
      state = recorded.reduce(evolve, state);
      log.push(...recorded.map((e) => ({ forloeb_id: ID, seq: e.seq, type: e.type, data: e.data as Record<string, unknown>, occurred_at: e.at })));
      if (answered && c === command) {
        rec.accepted.push({ command: answered, events: recorded.map((e) => ({ seq: e.seq, type: e.type })) });
        if (c.type === 'RecordSession') rec.sessions[c.outcome] = (rec.sessions[c.outcome] ?? 0) + 1;
        if (c.type === 'CloseForloeb') rec.completed = true;
      }
    }
  }
  return { state, log, rec };
}

const sonderborg = findRegelsaet('sonderborg-sul140')!;
const t = (iso: string) => new Date(iso);
const today = '2026-11-24';
const lifecycle = () =>
  forloeb(sonderborg, [
    {
      at: t('2026-11-24T09:00:00Z'),
      command: { type: 'CreateForloeb', actor: koordinator, source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-14', kategori: 'ryg', niveau: 'basal' } },
    },
    { at: t('2026-11-24T09:01:00Z'), command: { type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }, answered: 'visitation' },
    { at: t('2026-11-24T09:02:00Z'), command: { type: 'AssignTherapist', actor: koordinator, terapeut: 'terapeut-1', enhed: 'Træningsenheden Nord' }, answered: 'terapeut' },
    { at: t('2026-11-24T09:03:00Z'), command: { type: 'BookStart', actor: koordinator, startDate: today }, answered: 'opstart' },
    { at: t('2026-11-24T09:04:00Z'), command: { type: 'HoldStart', actor: terapeut, heldOn: today }, answered: 'opstart-afholdt' },
    { at: t('2026-11-24T09:05:00Z'), command: { type: 'RecordSession', actor: terapeut, date: today, outcome: 'gennemfoert', durationMinutes: 60 }, answered: 'sessioner' },
    { at: t('2026-11-24T09:06:00Z'), command: { type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: today }, answered: 'afslutning' },
    { at: t('2026-11-24T09:07:00Z'), command: { type: 'CloseForloeb', actor: terapeut }, answered: 'lukning' },
  ]);

/** The inbox as the projection would hold it: one row per deadline and role, resolved once the forløb closed. */
const inboxOf = (log: readonly EventRow[]) => {
  const inbox = new Map<string, number>();
  for (const e of log) {
    if (e.type !== 'ReminderSent' && e.type !== 'DeadlineEscalated') continue;
    for (const rolle of e.data.to as string[]) {
      inbox.set(`${String(e.data.deadline)}|${rolle}`, 1);
      inbox.set(`${String(e.data.deadline)}|${rolle}|open`, 0);
    }
  }
  return inbox;
};

describe('1. commands answered 2xx are stored exactly once, without gaps', () => {
  it('holds for a forløb driven through its lifecycle', () => {
    const { state, log, rec } = lifecycle();
    expect(commandBreaches(rec, log, state)).toEqual({ lines: [], figures: { accepted: 7, lost: 0, duplicated: 0 } });
  });

  it('fails when an accepted command is missing from forloeb_events', () => {
    const { state, log, rec } = lifecycle();
    const session = log.findIndex((e) => e.type === 'SessionRecorded');
    const lost = log.filter((_, i) => i !== session);
    const { lines, figures } = commandBreaches(rec, lost, state);
    expect(figures.lost).toBe(1);
    expect(lines.join('\n')).toMatch(/accepted sessioner answered SessionRecorded@\d+, stored (nothing|\w+@\d+)/);
    expect(lines.join('\n')).toMatch(/gap or disorder/);
  });

  it('fails when a command was applied twice (an event no accepted answer names)', () => {
    const { state, log, rec } = lifecycle();
    const session = log.find((e) => e.type === 'SessionRecorded')!;
    const doubled = [...log, { ...session, seq: log.length + 1 }];
    const { lines, figures } = commandBreaches(rec, doubled, { ...state, seq: log.length + 1 } as ForloebState);
    expect(figures.duplicated).toBe(1);
    expect(lines.join('\n')).toMatch(/SessionRecorded@\d+ belongs to no accepted answer/);
  });

  it('fails when the workflow holds more than the log, or counts a session the client was not answered for', () => {
    const { state, log, rec } = lifecycle();
    expect(commandBreaches(rec, log, { ...state, seq: state.seq + 1 } as ForloebState).lines.join('\n')).toMatch(/workflow seq \d+ but \d+ events stored/);
    const open = state as Extract<ForloebState, { status: 'open' | 'closed' }>;
    expect(commandBreaches(rec, log, { ...open, counts: { ...open.counts, held: open.counts.held + 1 } }).lines.join('\n')).toMatch(/counts.held = 2, client had 1/);
  });

  it('fails for a forløb that exists without a 201', () => {
    expect(orphanBreaches(new Set(['a']), ['a', 'b'], [{ id: 'a', status: 'COMPLETED' }, { id: 'c', status: 'RUNNING' }])).toEqual([
      'b: in forloeb_events but no client was answered 201 for it',
      'c: workflow (RUNNING) that no client was answered 201 for',
    ]);
  });
});

describe('2. the read model equals a rebuild', () => {
  it('fails on a row that differs, is missing or is doubled', () => {
    const before = new Map([['forloeb', ['{"id":"a","phase":"traening"}']]]);
    expect(diffTables(before, new Map([['forloeb', ['{"id":"a","phase":"traening"}']]]), 'rebuild')).toEqual([]);
    expect(diffTables(before, new Map([['forloeb', ['{"id":"a","phase":"status"}']]]), 'rebuild')[0]).toMatch(/forloeb differs \(1 rows only before, 1 only after/);
    expect(diffTables(before, new Map([['forloeb', []]]), 'rebuild')[0]).toMatch(/forloeb differs/);
    expect(diffTables(before, new Map([['forloeb', ['{"id":"a","phase":"traening"}', '{"id":"a","phase":"traening"}']]]), 'rebuild')[0]).toMatch(/1 vs 2 rows/);
  });
});

describe('3. every due notice fired once per step, never early, and is in the inbox once', () => {
  // A chaos regelsæt with its notices at 10:30; the opstart deadline is due 2026-11-21 (discharged the
  // 14th), so at creation on the 24th at 09:00 the reminder (20th), escalation 0 (end of the 21st),
  // escalation 1 (22nd) and the latest repeat (23rd) are due; the next repeat comes at 10:30 on the 24th.
  const moment = chaosRegelsaet(0, copenhagenInstant('2026-11-24', '10:30').getTime());
  const chaos = moment.regelsaet;
  const created = t('2026-11-24T08:00:00Z');
  const steps = (tickAt?: Date) => [
    {
      at: created,
      command: { type: 'CreateForloeb', actor: koordinator, source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-14', kategori: 'ryg', niveau: 'basal' } } as ForloebCommand,
    },
    ...(tickAt ? [{ at: tickAt, command: { type: 'Tick' } as ForloebCommand }] : []),
  ];
  const after = t('2026-11-24T09:35:00Z'); // 10:35 in Copenhagen

  it('holds when the repeat at 10:30 fired and every notice is in the inbox once', () => {
    const { state, log } = forloeb(chaos, steps(after));
    expect(copenhagenDateOf(created)).toBe('2026-11-24');
    expect(addCalendarDays('2026-11-14', 7)).toBe('2026-11-21');
    const { lines, figures } = noticeBreaches(ID, log, state, chaos, inboxOf(log), after);
    expect(lines).toEqual([]);
    // Due: the reminder, escalations 0 and 1, and of the repeats only the latest passed (3); fired
    // besides: repeat 2, the latest one passed at creation.
    expect(figures).toMatchObject({ due: 4, fired: 5 });
    expect(log.filter((e) => e.type === 'DeadlineEscalated').map((e) => e.data.level)).toEqual([0, 1, 2, 3]);
  });

  it('fails when a notice whose moment passed never fired (the workflow did not wake)', () => {
    const { state, log } = forloeb(chaos, steps());
    const { lines } = noticeBreaches(ID, log, state, chaos, inboxOf(log), after);
    expect(lines).toEqual([expect.stringMatching(/opstart escalation 3 due at 2026-11-24T09:30:00.000Z .* never fired/)]);
  });

  it('fails when a step fired twice, or the workflow counts another number than the log holds', () => {
    const { state, log } = forloeb(chaos, steps(after));
    const last = log.at(-1)!;
    const twice = [...log, { ...last, seq: last.seq + 1 }];
    const lines = noticeBreaches(ID, twice, state, chaos, inboxOf(twice), after).lines.join('\n');
    expect(lines).toMatch(/opstart escalation 3 fired 2 times/);
  });

  it('fails when a notice fired before its moment', () => {
    const { state, log } = forloeb(chaos, steps(after));
    const early = log.map((e) => (e.type === 'DeadlineEscalated' && e.data.level === 3 ? { ...e, occurred_at: '2026-11-24T09:29:00.000Z' } : e));
    expect(noticeBreaches(ID, early, state, chaos, inboxOf(early), after).lines.join('\n')).toMatch(/escalation 3 fired at 2026-11-24T09:29:00.000Z, before its moment 2026-11-24T09:30:00.000Z/);
  });

  it('fails when a notice has no row in the inbox, or its deadline is open there twice for a role', () => {
    const { state, log } = forloeb(chaos, steps(after));
    const reminder = log.find((e) => e.type === 'ReminderSent')!;
    const deadline = String(reminder.data.deadline);
    const notices = log.filter((e) => (e.type === 'ReminderSent' || e.type === 'DeadlineEscalated') && e.data.deadline === deadline && (e.data.to as string[]).includes('koordinator'));
    const inbox = inboxOf(log);
    inbox.delete(`${deadline}|koordinator`);
    expect(noticeBreaches(ID, log, state, chaos, inbox, after).lines).toEqual(notices.map((e) => `${ID}: ${e.type}@${e.seq} to koordinator is in paamindelser 0 times`));
    inbox.set(`${deadline}|koordinator`, 2);
    inbox.set(`${deadline}|koordinator|open`, 2);
    expect(noticeBreaches(ID, log, state, chaos, inbox, after).lines).toEqual([`${ID}: ${deadline} to koordinator is open in paamindelser 2 times`]);
  });
});

describe('4. no workflow is stuck', () => {
  const now = t('2026-11-24T12:00:00Z');
  const ok: HistoryEvent[] = [{ workflowTaskScheduledEventAttributes: {} }, { workflowTaskCompletedEventAttributes: {} }, { activityTaskStartedEventAttributes: { attempt: 3 } }];

  it('holds for a completed workflow and for an open one that is waiting as it should', () => {
    expect(workflowBreaches(ID, { status: 'COMPLETED', pendingActivities: [] }, ok, true, undefined, now)).toEqual({
      lines: [],
      figures: { failedTasks: 0, timedOutTasks: 0, retriedDeliveries: 1, maxTaskAttempt: 1 },
    });
    const retried: HistoryEvent[] = [{ workflowTaskScheduledEventAttributes: { attempt: 1 } }, { workflowTaskTimedOutEventAttributes: {} }, { workflowTaskScheduledEventAttributes: { attempt: 4 } }, ...ok];
    expect(workflowBreaches(ID, { status: 'COMPLETED', pendingActivities: [] }, retried, true, undefined, now).figures).toMatchObject({ timedOutTasks: 1, maxTaskAttempt: 4 });
    expect(workflowBreaches(ID, { status: 'RUNNING', pendingActivities: [{ attempt: 2 }] }, ok, false, t('2026-11-25T07:00:00Z'), now).lines).toEqual([]);
  });

  it('fails for a closed forløb still running, a failed last task, an endless retry, a missed wake-up, a failed workflow', () => {
    expect(workflowBreaches(ID, { status: 'RUNNING', pendingActivities: [] }, ok, true, undefined, now).lines[0]).toMatch(/closing was accepted, but the workflow still runs/);
    const failed = [...ok, { workflowTaskScheduledEventAttributes: {} }, { workflowTaskFailedEventAttributes: { failure: { message: 'nondeterminism' } } }];
    expect(workflowBreaches(ID, { status: 'RUNNING', pendingActivities: [] }, failed, false, undefined, now).lines).toEqual([`${ID}: last workflow task failed: nondeterminism`]);
    expect(workflowBreaches(ID, { status: 'RUNNING', pendingActivities: [{ attempt: 9, lastFailure: 'connection refused' }] }, ok, false, undefined, now).lines[0]).toMatch(/attempt 9/);
    expect(workflowBreaches(ID, { status: 'RUNNING', pendingActivities: [] }, ok, false, t('2026-11-24T11:58:00Z'), now).lines[0]).toMatch(/passed more than a minute ago/);
    expect(workflowBreaches(ID, { status: 'FAILED', pendingActivities: [] }, ok, false, undefined, now).lines).toEqual([`${ID}: workflow FAILED`]);
  });
});

describe('5. no 5xx but 503 with Retry-After while a dependency was down; /ready reported the outages', () => {
  const outage = { kind: 'database' as const, from: 1_000_000, to: 1_010_000 };
  const ready = [{ kind: 'database' as const, during: new Map([[503, 4], [200, 1]]) }];

  it('holds for 503 with Retry-After during an outage and shortly after it', () => {
    const answers = [
      { at: 1_005_000, status: 503, retryAfter: true, what: 'POST /api/forloeb' },
      { at: 1_020_000, status: 503, retryAfter: true, what: 'POST /api/forloeb' },
      { at: 2_000_000, status: 409, retryAfter: false, what: 'POST /api/forloeb/x/opstart' },
    ];
    expect(apiBreaches(answers, [outage], ready)).toEqual([]);
  });

  it('fails for a 500, a 503 without Retry-After, a 503 while everything was up, and a /ready that never said 503', () => {
    const lines = apiBreaches(
      [
        { at: 1_005_000, status: 500, retryAfter: false, what: 'GET /api/paamindelser' },
        { at: 1_005_000, status: 503, retryAfter: false, what: 'GET /api/forloeb' },
        { at: 1_100_000, status: 503, retryAfter: true, what: 'POST /api/forloeb' },
      ],
      [outage],
      [{ kind: 'temporal', during: new Map([[200, 8]]) }],
    );
    expect(lines).toEqual([
      expect.stringMatching(/ 500 GET \/api\/paamindelser$/),
      expect.stringMatching(/ 503 without Retry-After GET \/api\/forloeb$/),
      expect.stringMatching(/ 503 POST \/api\/forloeb while every dependency was up$/),
      expect.stringMatching(/\/ready never answered 503 during the temporal outage \(200×8\)/),
    ]);
  });
});
