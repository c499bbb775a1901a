// §86 forløb on the time-skipping server, one regelsæt each: the edge paths of issue 4 with the
// instants of every reminder and escalation asserted.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/forloeb';
import {
  assignTherapistUpdate,
  bookStartUpdate,
  closeForloebUpdate,
  decideExtensionUpdate,
  getForloebQuery,
  holdStartUpdate,
  recordAfslutningUpdate,
  recordContactUpdate,
  recordFollowUpUpdate,
  recordSessionUpdate,
  recordVisitationUpdate,
  requestExtensionUpdate,
} from '../../workflows/forloeb.messages';
import { noticesOf, recordingWorker, saveHistory, sleepUntil, startForloeb } from '../support/forloeb-worker';
import { startTimeSkipping } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await startTimeSkipping();
});
afterEach(async () => {
  await env?.teardown();
});

const visitator = { role: 'visitator' as const };
const terapeut = { role: 'terapeut' as const };
const cpr = '010190-1234';
const session = (date: string, outcome: 'gennemfoert' | 'udeblevet' = 'gennemfoert') => ({
  type: 'RecordSession' as const,
  actor: terapeut,
  date,
  outcome,
  durationMinutes: outcome === 'gennemfoert' ? 60 : 0,
});
const types = (events: RecordedEvent[]) => events.map((e) => e.type);
/** Creates the forløb on the day the application or referral arrives (a receipt date cannot lie in the future). */
async function startOn(day: string, ...args: Parameters<typeof startForloeb> extends [unknown, ...infer R] ? R : never) {
  await sleepUntil(env, `${day}T08:00:00Z`);
  return startForloeb(env, ...args);
}

describe('Varde §86.1 (001)', () => {
  it('grants 20 sessions, adds extras without application, escalates an unanswered tillægsbevilling up the chain, lets the grant expire while it is pending, then approves it', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr, modtaget: '2031-03-03' }, 'visitator');
      await sleepUntil(env, '2031-03-04T09:00:00Z');
      const visit = await handle.executeUpdate(recordVisitationUpdate, {
        args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }],
      });
      // Opstart: 10 arbejdsdage after the decision (001:230, A4) → 18 March.
      expect(types(visit.events)).toEqual(['VisitationRecorded', 'DeadlineOpened']);
      expect(visit.events[1]).toMatchObject({ data: { deadline: 'opstart', dueDate: '2031-03-18' } });
      await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: terapeut, startDate: '2031-03-06' }] });
      await sleepUntil(env, '2031-03-06T09:00:00Z');
      const held = await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-06' }] });
      // The grant runs 3 months from the start (001:127-128) → 6 June.
      expect(held.events[1]).toMatchObject({ type: 'DeadlineOpened', data: { deadline: 'bevilling', dueDate: '2031-06-06' } });
      for (let i = 0; i < 20; i++) {
        const r = await handle.executeUpdate(recordSessionUpdate, { args: [session('2031-03-06')] });
        if (i === 15) expect(types(r.events)).toEqual(['SessionRecorded', 'FrameNearlyUsed']); // 16 of 20 = 80 %
      }
      // The 21st session is beyond the frame (A11: the cap wins).
      const beyond = await handle.executeUpdate(recordSessionUpdate, { args: [session('2031-03-06')] }).catch((e: unknown) => e);
      expect((beyond as WorkflowUpdateFailedError).cause?.message).toMatch(/rammen er brugt: 20 af 20 sessioner/);
      // 1–4 extra without application (001:207-209), then no more.
      const extra = await handle.executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'ekstra_sessioner', amount: 3, reason: 'Trappetræning' }] });
      expect(types(extra.events)).toEqual(['ExtensionRequested', 'ExtensionDecided']);
      const tooMany = await handle
        .executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'ekstra_sessioner', amount: 2, reason: 'Mere' }] })
        .catch((e: unknown) => e);
      expect((tooMany as WorkflowUpdateFailedError).cause?.message).toMatch(/højst 4 ekstra uden ansøgning i alt; 1 tilbage/);
      // A lille tillægsbevilling is 4–10 sessions (001:204).
      await sleepUntil(env, '2031-05-20T10:00:00Z');
      const tooBig = await handle
        .executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'tillaegsbevilling_lille', amount: 12, reason: 'x' }] })
        .catch((e: unknown) => e);
      expect((tooBig as WorkflowUpdateFailedError).cause?.message).toMatch(/4–10 sessioner/);
      const applied = await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ type: 'RequestExtension', actor: terapeut, kind: 'tillaegsbevilling_lille', amount: 6, reason: 'Fortsat udviklingspotentiale' }],
      });
      expect(types(applied.events)).toEqual(['ExtensionRequested', 'DeadlineOpened']);
      // Nobody answers until after the grant has expired.
      await sleepUntil(env, '2031-06-10T09:00:00Z');
      const pending = await handle.query(getForloebQuery);
      expect(pending.deadlines.find((d) => d.type === 'bevilling')?.escalationsSent).toBeGreaterThanOrEqual(1);
      const decided = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ type: 'DecideExtension', actor: visitator, requestId: 2, decision: 'godkendt', reason: 'Fortsat potentiale' }],
      });
      expect(types(decided.events)).toEqual(['ExtensionDecided', 'DeadlineMet']);
      const after = await handle.query(getForloebQuery);
      expect(after.state.status === 'open' && after.state.frame).toMatchObject({ granted: 29, used: 20 });
      await saveHistory(handle, 'varde-tillaegsbevilling');
    });
    const forlaengelse = noticesOf(published).filter((n) => n.deadline === 'forlaengelse');
    // Due 28 May: 5 hverdage from 20 May, skipping Kristi himmelfartsdag (22 May 2031).
    expect(forlaengelse.map(({ type, to, scheduledAt }) => ({ type, to, scheduledAt }))).toEqual([
      { type: 'ReminderSent', to: 'visitator', scheduledAt: '2031-05-26T06:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'visitator+leder', scheduledAt: '2031-05-28T22:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'leder', scheduledAt: '2031-05-30T06:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'leder', scheduledAt: '2031-06-04T06:00:00.000Z' }, // 2 June is 2. pinsedag
      { type: 'DeadlineEscalated', to: 'leder', scheduledAt: '2031-06-06T06:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'leder', scheduledAt: '2031-06-10T06:00:00.000Z' },
    ]);
    const bevilling = noticesOf(published).filter((n) => n.deadline === 'bevilling');
    expect(bevilling.slice(0, 2).map(({ type, to, scheduledAt }) => ({ type, to, scheduledAt }))).toEqual([
      { type: 'ReminderSent', to: 'terapeut', scheduledAt: '2031-06-04T06:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'terapeut+leder', scheduledAt: '2031-06-06T22:00:00.000Z' },
    ]);
    for (const n of noticesOf(published)) expect(new Date(n.firedAt).getTime() - new Date(n.scheduledAt).getTime()).toBeLessThan(60_000);
  });

  it('refuses a tillægsbevilling, and the frame stays as it was', async () => {
    const { worker, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'varde-sel86-1', { kind: 'ansoegning', cpr, modtaget: '2031-03-03' }, 'visitator');
      await sleepUntil(env, '2031-03-04T09:00:00Z');
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }] });
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-04' }] });
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'tillaegsbevilling_stor', amount: 12, reason: 'Langsom fremgang' }] });
      const wrongRole = await handle
        .executeUpdate(decideExtensionUpdate, { args: [{ type: 'DecideExtension', actor: terapeut, requestId: 1, decision: 'godkendt', reason: 'x' }] })
        .catch((e: unknown) => e);
      expect((wrongRole as WorkflowUpdateFailedError).cause?.message).toMatch(/kræver rollen visitator/);
      const refused = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ type: 'DecideExtension', actor: visitator, requestId: 1, decision: 'afvist', reason: 'Intet udviklingspotentiale' }],
      });
      expect(types(refused.events)).toEqual(['ExtensionDecided', 'DeadlineMet']);
      const s = await handle.query(getForloebQuery);
      expect(s.state.status === 'open' && s.state.frame?.granted).toBe(20);
      expect(s.deadlines.find((d) => d.type === 'forlaengelse')?.status).toBe('overholdt');
    });
  });
});

describe('Brøndby §86.1 (003)', () => {
  it('decides within the aim, calls for reassessment at the first no-show, allows ending at the second, and lapses the follow-up', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'brondby-sel86-1', { kind: 'ansoegning', cpr, modtaget: '2031-03-03' }, 'visitator');
      const created = await handle.query(getForloebQuery);
      // The decision aim: 14 calendar days after the application (003:159, A1) → 17 March.
      expect(created.deadlines).toMatchObject([{ type: 'afgoerelse', dueDate: '2031-03-17' }]);
      await sleepUntil(env, '2031-03-04T09:00:00Z');
      const visit = await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraening' }] });
      expect(visit.events.filter((e) => e.type === 'DeadlineOpened').map((e) => e.type === 'DeadlineOpened' && [e.data.deadline, e.data.dueDate])).toEqual([
        ['opstart', '2031-03-18'], // 10 hverdage (003:163)
        ['opfoelgning', '2031-06-04'], // 3 months (003:144, A7)
      ]);
      await handle.executeUpdate(assignTherapistUpdate, { args: [{ type: 'AssignTherapist', actor: visitator, terapeut: 'terapeut-7', enhed: 'Træning Vest' }] });
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-04' }] });
      const first = await handle.executeUpdate(recordSessionUpdate, { args: [session('2031-03-04', 'udeblevet')] });
      expect(first.events.map((e) => e.type)).toEqual(['SessionRecorded', 'ReassessmentRequired']);
      expect(first.events[1]).toMatchObject({ data: { cause: 'udeblivelse', count: 1, mayEnd: false } });
      const early = await handle
        .executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason: 'udeblivelser', date: '2031-03-04' }] })
        .catch((e: unknown) => e);
      expect((early as WorkflowUpdateFailedError).cause?.message).toMatch(/kræver mindst 2 udeblivelser/);
      const second = await handle.executeUpdate(recordSessionUpdate, { args: [session('2031-03-04', 'udeblevet')] });
      expect(second.events.map((e) => e.type)).toEqual(['SessionRecorded', 'ReassessmentRequired']);
      expect(second.events[1]).toMatchObject({ data: { count: 2, mayEnd: true } });
      // The follow-up reminder comes before 4 June if the forløb is still running.
      await sleepUntil(env, '2031-06-01T09:00:00Z');
      const ended = await handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason: 'udeblivelser', date: '2031-06-01' }] });
      expect(ended.events.map((e) => e.type)).toEqual(['AfslutningRecorded', 'DeadlineLapsed']);
      await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] });
      await handle.result();
      await saveHistory(handle, 'brondby-udeblivelser');
    });
    expect(noticesOf(published).map(({ deadline, type, to, scheduledAt }) => ({ deadline, type, to, scheduledAt }))).toEqual([
      { deadline: 'opfoelgning', type: 'ReminderSent', to: 'visitator', scheduledAt: '2031-05-30T06:00:00.000Z' },
    ]);
  });

  it('follows up at 6 months on §86 stk. 2, and the visitator records it', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'brondby-sel86-2', { kind: 'ansoegning', cpr, modtaget: '2031-03-03' }, 'visitator');
      await sleepUntil(env, '2031-03-20T09:00:00Z'); // three days past the 14-day aim
      const visit = await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget' }] });
      expect(visit.events.find((e) => e.type === 'DeadlineMet')).toMatchObject({ data: { deadline: 'afgoerelse', inTime: false } });
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-24' }] }).catch(() => undefined);
      await sleepUntil(env, '2031-09-22T09:00:00Z');
      const followUp = await handle.executeUpdate(recordFollowUpUpdate, { args: [{ type: 'RecordFollowUp', actor: visitator, date: '2031-09-22', note: 'Fortsat behov' }] });
      expect(followUp.events.map((e) => e.type)).toEqual(['FollowUpRecorded', 'DeadlineMet']);
    });
    const opf = noticesOf(published).filter((n) => n.deadline === 'opfoelgning');
    // 6 months from the decision on 20 March → 20 September (a Saturday; calendar months do not move); reminded 2 hverdage before.
    expect(opf.map(({ type, scheduledAt }) => ({ type, scheduledAt }))).toEqual([
      { type: 'ReminderSent', scheduledAt: '2031-09-18T06:00:00.000Z' },
      { type: 'DeadlineEscalated', scheduledAt: '2031-09-20T22:00:00.000Z' },
    ]);
    const afg = noticesOf(published).filter((n) => n.deadline === 'afgoerelse');
    expect(afg.map((n) => `${n.type}:${n.to}`)).toEqual(['ReminderSent:visitator', 'DeadlineEscalated:visitator+leder', 'DeadlineEscalated:leder']);
  });
});

describe('Nyborg §86.1 (004)', () => {
  it('escalates a missed contact deadline, and the therapist who visits also contacts, starts, ends and closes', async () => {
    const { worker, published, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'nyborg-sel86-1', { kind: 'henvisning', cpr, modtaget: '2031-03-03', henviser: 'laege' }, 'terapeut');
      await sleepUntil(env, '2031-03-11T09:00:00Z');
      const contact = await handle.executeUpdate(recordContactUpdate, { args: [{ type: 'RecordContact', actor: terapeut, contactedOn: '2031-03-11' }] });
      expect(contact.events.map((e) => e.type)).toEqual(['ContactRecorded', 'DeadlineMet']);
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: terapeut, decision: 'bevilget' }] });
      await handle.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: terapeut, startDate: '2031-03-14' }] });
      await sleepUntil(env, '2031-03-14T09:00:00Z');
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-14' }] });
      await handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason: 'borger_fravaelger', date: '2031-03-14' }] });
      await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] });
      await handle.result();
    });
    // Contact within 5 hverdage of the referral (004:225) → 10 March; missed, escalated, then met late.
    const kontakt = noticesOf(published).filter((n) => n.deadline === 'kontakt');
    expect(kontakt.map(({ type, to, scheduledAt }) => ({ type, to, scheduledAt }))).toEqual([
      { type: 'ReminderSent', to: 'terapeut', scheduledAt: '2031-03-06T07:00:00.000Z' },
      { type: 'DeadlineEscalated', to: 'terapeut+leder', scheduledAt: '2031-03-10T23:00:00.000Z' },
    ]);
    const met = published.find((e) => e.type === 'DeadlineMet' && e.data.deadline === 'kontakt');
    expect(met).toMatchObject({ data: { dueDate: '2031-03-10', metOn: '2031-03-11', inTime: false } });
    // The start within 14 days of the referral (004:237, A2) → 17 March: met by the booking on the 14th.
    expect(published.find((e) => e.type === 'DeadlineMet' && e.data.deadline === 'opstart')).toMatchObject({ data: { dueDate: '2031-03-17', inTime: true } });
  });
});

describe('Sønderborg §86 (000)', () => {
  it('lets the visitator choose 13 or 26 hours, approves an extension request, and only the visitator closes', async () => {
    const { worker, taskQueue } = await recordingWorker(env);
    await worker.runUntil(async () => {
      const handle = await startOn('2031-03-03', taskQueue, 'sonderborg-sel86', { kind: 'ansoegning', cpr, modtaget: '2031-03-03' }, 'visitator');
      await sleepUntil(env, '2031-03-04T09:00:00Z');
      const noChoice = await handle
        .executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraening' }] })
        .catch((e: unknown) => e);
      expect((noChoice as WorkflowUpdateFailedError).cause?.message).toMatch(/13 timer eller 26 timer/);
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: visitator, decision: 'bevilget', indsatsId: 'genoptraening', frameAmount: 13 }] });
      await handle.executeUpdate(holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: '2031-03-04' }] });
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ type: 'RequestExtension', actor: terapeut, kind: 'anmodning', amount: 6, reason: 'Mål ikke nået' }] });
      const ok = await handle.executeUpdate(decideExtensionUpdate, { args: [{ type: 'DecideExtension', actor: visitator, requestId: 1, decision: 'godkendt', reason: 'Ok' }] });
      expect(ok.events[0]).toMatchObject({ type: 'ExtensionDecided', data: { decision: 'godkendt', amount: 6 } });
      await handle.executeUpdate(recordAfslutningUpdate, { args: [{ type: 'RecordAfslutning', actor: terapeut, reason: 'maal_naaet', date: '2031-03-04' }] });
      const byTherapist = await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: terapeut }] }).catch((e: unknown) => e);
      expect((byTherapist as WorkflowUpdateFailedError).cause?.message).toMatch(/Lukning kræver rollen visitator/);
      await handle.executeUpdate(closeForloebUpdate, { args: [{ type: 'CloseForloeb', actor: visitator }] });
      const final = await handle.query(getForloebQuery);
      expect(final.state.status).toBe('closed');
      expect(final.state.status !== 'empty' && final.state.frame?.granted).toBe(19);
    });
  });
});
