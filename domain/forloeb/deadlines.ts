// Deadlines are derived from the state and the regelsæt: when each one opens, when it is due,
// when its reminders and escalations fall, and whether it was met.
import { copenhagenDateOf, copenhagenInstant, endOfCopenhagenDay } from '../calendar/copenhagen';
import type { LocalDate } from '../calendar/local-date';
import { addPeriod, subtractPeriod } from '../regelsaet/period';
import type { DeadlineRule, DeadlineType, Frame, Regelsaet, Role } from '../regelsaet/regelsaet.schema';
import { frameFor } from './frame';
import type { ForloebEvent } from './events.schema';
import { isOpenDeadline, pendingExtension, type DeadlineState, type ForloebState, type OpenForloebState } from './state';

export type Notice =
  | { kind: 'reminder'; deadline: DeadlineType; index: number; at: Date; to: Role[]; dueDate: LocalDate }
  | { kind: 'escalation'; deadline: DeadlineType; level: number; at: Date; to: Role[]; dueDate: LocalDate };

export type DeadlineStatus = 'overholdt' | 'overholdt_for_sent' | 'aaben' | 'overskredet' | 'bortfaldet';

export type DeadlineView = DeadlineState & {
  dueAt: string;
  status: DeadlineStatus;
  reminders: { at: string; to: Role[]; sent: boolean }[];
  nextEscalation?: { level: number; at: string; to: Role[] };
  source: string;
};

export function ruleFor(regelsaet: Regelsaet, type: DeadlineType): DeadlineRule | undefined {
  return regelsaet.deadlines.find((d) => d.type === type);
}

/** The instant a deadline is missed: the end of its due date in Copenhagen. */
export const dueMoment = (d: Pick<DeadlineState, 'dueDate'>): Date => endOfCopenhagenDay(d.dueDate);

function anchorDateOf(state: OpenForloebState, rule: DeadlineRule): LocalDate | undefined {
  const { source } = state;
  switch (rule.anchor) {
    case 'udskrivning':
      return source.kind === 'genoptraeningsplan' ? source.udskrivningsdato : undefined;
    case 'ansoegning_modtaget':
      return source.kind === 'ansoegning' ? source.modtaget : undefined;
    case 'henvisning_modtaget':
      if (source.kind === 'henvisning') return source.modtaget;
      return source.kind === 'genoptraeningsplan' ? (source.modtaget ?? copenhagenDateOf(new Date(state.createdAt))) : undefined;
    case 'afgoerelse':
      return state.visitation?.decision === 'bevilget' ? state.visitation.decidedOn : undefined;
    case 'opstart':
      return state.start?.heldOn;
    case 'forlaengelse_anmodet': {
      const pending = pendingExtension(state);
      return pending && !pending.decision ? pending.requestedOn : undefined;
    }
  }
}

/** The date on which the deadline was met, if the state shows it. */
function metOn(state: OpenForloebState, d: Pick<DeadlineState, 'type' | 'anchorDate'>): LocalDate | undefined {
  switch (d.type) {
    case 'afgoerelse':
      return state.visitation?.decidedOn;
    case 'kontakt':
      return state.contactedOn;
    case 'opstart':
      // The offered start date counts, as in KL Gateway's occurrencePeriod.start.
      return state.start?.startDate;
    case 'opfoelgning':
      return state.followUps.find((f) => f >= d.anchorDate);
    case 'bevilling':
      return state.afslutning?.date;
    case 'forlaengelse': {
      const decided = state.extensions.filter((x) => x.decidedOn !== undefined && x.requestedOn >= d.anchorDate).at(-1);
      return pendingExtension(state) ? undefined : decided?.decidedOn;
    }
  }
}

function appliesTo(rule: DeadlineRule, state: OpenForloebState): boolean {
  if (!rule.appliesTo) return true;
  const id = state.visitation?.indsatsId;
  return id !== undefined && rule.appliesTo.includes(id);
}

/**
 * DeadlineOpened, DeadlineMet and DeadlineLapsed events that the state now calls for. A deadline
 * opens once its anchor is a fact; it is met by the fact its kind waits for; when the forløb ends
 * first, the deadlines still running lapse. An extension decision deadline opens again for each
 * new request.
 */
export function deadlineFacts(state: ForloebState, regelsaet: Regelsaet, today: LocalDate, recordedAt?: Date): ForloebEvent[] {
  if (state.status === 'empty') return [];
  const facts: ForloebEvent[] = [];
  const ending = state.status === 'closed' || state.phase === 'afslutning';
  for (const rule of regelsaet.deadlines) {
    const current = state.deadlines[rule.type];
    if (current && isOpenDeadline(current)) {
      const met = metOn(state, current);
      if (met !== undefined) facts.push(metFact(rule, current, met, regelsaet, recordedAt));
      else if (ending) facts.push({ type: 'DeadlineLapsed', data: { deadline: rule.type, dueDate: current.dueDate, on: today } });
      continue;
    }
    if (ending || !appliesTo(rule, state)) continue;
    const reopens = current !== undefined && rule.type === 'forlaengelse' && pendingExtension(state) !== undefined;
    if (current && !reopens) continue;
    const anchorDate = anchorDateOf(state, rule);
    if (anchorDate === undefined) continue;
    const planStart = rule.planStartOverrides && state.source.kind === 'genoptraeningsplan' ? state.source.planOpstartsdato : undefined;
    const due =
      planStart !== undefined
        ? { anchorDate: planStart, period: { amount: 0, unit: 'kalenderdage' as const }, dueDate: planStart }
        : { anchorDate, period: rule.period, dueDate: addPeriod(anchorDate, rule.period, regelsaet.closedDays) };
    facts.push({ type: 'DeadlineOpened', data: { deadline: rule.type, ...due, responsible: rule.responsible } });
    const met = metOn(state, { type: rule.type, anchorDate: due.anchorDate });
    if (met !== undefined) facts.push(metFact(rule, due, met, regelsaet, recordedAt));
  }
  return facts;
}

/**
 * Met in time means: what met the deadline happened by the due date (its effective date, `met`), and
 * it was recorded (`recordedAt`, the command's instant) before the deadline's first escalation, the
 * moment the responsible and the leder were told it was missed. A fact entered after that counts as
 * met late ("overholdt for sent") even when it carries an earlier date: the report counts what was
 * known when, and a date typed in afterwards cannot undo an escalation already sent. Before the first
 * escalation a fact may be recorded after the fact (a decision made on Friday, entered on Monday
 * morning before the notice time) and still count as in time.
 */
function metFact(rule: DeadlineRule, d: Pick<DeadlineState, 'dueDate'>, met: LocalDate, regelsaet: Regelsaet, recordedAt?: Date): ForloebEvent {
  const escalated = recordedAt !== undefined && recordedAt >= firstEscalationMoment(d, rule, regelsaet);
  return { type: 'DeadlineMet', data: { deadline: rule.type, dueDate: d.dueDate, metOn: met, inTime: met <= d.dueDate && !escalated } };
}

/** The instant a deadline is first reported missed: its first escalation step, or its due moment where it has none. */
export function firstEscalationMoment(d: Pick<DeadlineState, 'dueDate'>, rule: DeadlineRule, regelsaet: Regelsaet): Date {
  return rule.escalation.length === 0 ? dueMoment(d) : escalationAt(d, rule, regelsaet, 0)!.at;
}

/** The reminders of a deadline in time order, so that "reminders sent" is a count of the earliest ones. */
function reminderMoments(d: DeadlineState, rule: DeadlineRule, regelsaet: Regelsaet) {
  return rule.reminders
    .map((r) => ({
      at: copenhagenInstant(subtractPeriod(d.dueDate, r.before, regelsaet.closedDays), regelsaet.noticeTime),
      to: r.to,
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The moment and recipients of escalation `level` (0 = when the deadline is missed). Levels past the chain repeat its last step. */
export function escalationAt(d: Pick<DeadlineState, 'dueDate'>, rule: DeadlineRule, regelsaet: Regelsaet, level: number): { at: Date; to: Role[] } | undefined {
  const steps = rule.escalation;
  const stepIndex = Math.min(level, steps.length - 1);
  const step = steps[stepIndex]!;
  if (level >= steps.length && !rule.repeatEvery) return undefined;
  let date = step.after.amount === 0 ? undefined : addPeriod(d.dueDate, step.after, regelsaet.closedDays);
  if (level >= steps.length) {
    const repeats = level - steps.length + 1;
    const repeat = { ...rule.repeatEvery!, amount: rule.repeatEvery!.amount * repeats };
    date = addPeriod(date ?? d.dueDate, repeat, regelsaet.closedDays);
  }
  return { at: date === undefined ? dueMoment(d) : copenhagenInstant(date, regelsaet.noticeTime), to: step.to };
}

/**
 * The notices of one deadline that have fallen due by `now` and are not yet sent, in time order.
 * Reminders each fire once; escalation steps each fire once; of the repeats that a late tick finds
 * due together, only the latest is sent, so a long outage does not flood the inbox.
 */
export function dueNotices(d: DeadlineState, rule: DeadlineRule, regelsaet: Regelsaet, now: Date): Notice[] {
  if (!isOpenDeadline(d)) return [];
  const notices: Notice[] = [];
  reminderMoments(d, rule, regelsaet).forEach((r, index) => {
    if (index >= d.remindersSent && r.at <= now) {
      notices.push({ kind: 'reminder', deadline: d.type, index, at: r.at, to: r.to, dueDate: d.dueDate });
    }
  });
  let latestRepeat: Notice | undefined;
  for (let level = d.escalationsSent; ; level++) {
    const e = escalationAt(d, rule, regelsaet, level);
    if (!e || e.at > now) break;
    const notice: Notice = { kind: 'escalation', deadline: d.type, level, at: e.at, to: e.to, dueDate: d.dueDate };
    if (level < rule.escalation.length) notices.push(notice);
    else latestRepeat = notice;
  }
  if (latestRepeat) notices.push(latestRepeat);
  return notices;
}

/** The next instant at which something about this deadline happens (a reminder or an escalation), if any. */
export function nextNoticeMoment(d: DeadlineState, rule: DeadlineRule, regelsaet: Regelsaet): Date | undefined {
  if (!isOpenDeadline(d)) return undefined;
  const reminder = reminderMoments(d, rule, regelsaet)[d.remindersSent];
  const escalation = escalationAt(d, rule, regelsaet, d.escalationsSent)?.at;
  const candidates = [reminder?.at, escalation].filter((x): x is Date => x !== undefined);
  return candidates.length === 0 ? undefined : new Date(Math.min(...candidates.map((c) => c.getTime())));
}

/** The earliest next notice moment among deadlines (the read model's rows give them too). */
export function earliestNoticeMoment(deadlines: Iterable<DeadlineState>, regelsaet: Regelsaet): Date | undefined {
  let earliest: Date | undefined;
  for (const d of deadlines) {
    const rule = ruleFor(regelsaet, d.type);
    const at = rule && nextNoticeMoment(d, rule, regelsaet);
    if (at && (!earliest || at < earliest)) earliest = at;
  }
  return earliest;
}

/** The earliest instant at which the forløb must wake to send a notice. */
export function nextWakeUp(state: ForloebState, regelsaet: Regelsaet): Date | undefined {
  return state.status === 'open' ? earliestNoticeMoment(Object.values(state.deadlines), regelsaet) : undefined;
}

export function deadlineStatus(d: Pick<DeadlineState, 'met' | 'lapsed'>, dueAt: Date, now: Date): DeadlineStatus {
  if (d.met) return d.met.inTime ? 'overholdt' : 'overholdt_for_sent';
  if (d.lapsed) return 'bortfaldet';
  return now >= dueAt ? 'overskredet' : 'aaben';
}

/** Every deadline of the forløb with its moments and status at `now`. */
export function deadlines(state: ForloebState, regelsaet: Regelsaet, now: Date): DeadlineView[] {
  if (state.status === 'empty') return [];
  return Object.values(state.deadlines).flatMap((d) => {
    const rule = ruleFor(regelsaet, d.type);
    if (!rule) return [];
    const due = dueMoment(d);
    const status = deadlineStatus(d, due, now);
    const next = !isOpenDeadline(d) || state.status !== 'open' ? undefined : escalationAt(d, rule, regelsaet, d.escalationsSent);
    return [
      {
        ...d,
        dueAt: due.toISOString(),
        status,
        reminders: reminderMoments(d, rule, regelsaet).map((r, i) => ({ at: r.at.toISOString(), to: r.to, sent: i < d.remindersSent })),
        ...(next ? { nextEscalation: { level: d.escalationsSent, at: next.at.toISOString(), to: next.to } } : {}),
        source: rule.source,
      },
    ];
  });
}

/** The granted frame, or before visitation the standard frame of the plan's category. */
export function currentFrame(state: ForloebState, regelsaet: Regelsaet): Frame | undefined {
  if (state.status === 'empty') return undefined;
  return state.visitation?.frame ?? (state.source.kind === 'genoptraeningsplan' ? frameFor(regelsaet, state.source.kategori)?.frame : undefined);
}

/** What a reader sees of a forløb at `now`: its state, its deadlines and its frame. */
export type ForloebSnapshot = { state: ForloebState; deadlines: DeadlineView[]; frame?: Frame };

export function snapshotOf(state: ForloebState, regelsaet: Regelsaet, now: Date): ForloebSnapshot {
  const frame = currentFrame(state, regelsaet);
  return { state, deadlines: deadlines(state, regelsaet, now), ...(frame ? { frame } : {}) };
}

/** Notices of different forløb that fall due at the same moment are sent up to this much apart. */
export const NOTICE_SPREAD_MS = 45_000;

/**
 * How long after a notice moment this forløb wakes to send it: a fixed share of NOTICE_SPREAD_MS
 * from its id (FNV-1a). Thousands of forløb whose reminders all fall at 07:00 would otherwise wake
 * in the same second, and a worker restarted then would take more cold workflow tasks at once than
 * it can finish within the task timeout. A notice is never sent early, and at most 45 s late.
 */
export function noticeSpreadMs(forloebId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < forloebId.length; i++) {
    hash ^= forloebId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % NOTICE_SPREAD_MS;
}
