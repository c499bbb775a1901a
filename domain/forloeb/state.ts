// The state of a forløb is a fold of its events (`evolve`).
import type { LocalDate } from '../calendar/local-date';
import type { DeadlineType, Frame, Period, Role } from '../regelsaet/regelsaet.schema';
import type { EventOf, RecordedEvent } from './events.schema';
import type { ForloebSource } from './sources.schema';
import type { AfslutningReason, ExtensionKind, SessionOutcome } from './vocabulary.schema';

export const PHASES = ['visitering', 'opstart', 'traening', 'status', 'afslutning'] as const;
export type Phase = (typeof PHASES)[number];

export type DeadlineState = {
  type: DeadlineType;
  anchorDate: LocalDate;
  period: Period;
  dueDate: LocalDate;
  responsible: Role;
  /** `recordedAt`: the instant the fact that met it was recorded, which may be long after `on`. */
  met?: { on: LocalDate; inTime: boolean; recordedAt?: string };
  lapsed?: { on: LocalDate };
  remindersSent: number;
  escalationsSent: number;
};

export type FrameState = Frame & { granted: number; used: number; warned: boolean };

export type ExtensionRequestState = {
  requestId: number;
  kind: ExtensionKind;
  amount: number;
  requestedOn: LocalDate;
  decision?: 'godkendt' | 'afvist';
  decidedOn?: LocalDate;
};

/** A recorded session, named by the seq of its SessionRecorded event. */
export type SessionState = { seq: number; date: LocalDate; outcome: SessionOutcome; frameUsed: number; annulled?: boolean };

export type OpenForloebState = {
  status: 'open' | 'closed';
  seq: number;
  phase: Phase;
  regelsaetId: string;
  kommune: string;
  createdAt: string;
  source: ForloebSource;
  visitation?: EventOf<'VisitationRecorded'>['data'];
  assignment?: { terapeut: string; enhed: string };
  contactedOn?: LocalDate;
  start?: { startDate: LocalDate; heldOn?: LocalDate };
  frame?: FrameState;
  counts: { held: number; noShows: number; citizenCancellations: number; unitCancellations: number };
  extensions: ExtensionRequestState[];
  followUps: LocalDate[];
  afslutning?: { reason: AfslutningReason; date: LocalDate };
  closedOn?: LocalDate;
  deadlines: Partial<Record<DeadlineType, DeadlineState>>;
  /** The borger's name: from the plan, application or referral, or as entered or corrected later. */
  borgerNavn?: string;
  /**
   * The sessions, for annulment and the same-day question. Absent from a state carried over by
   * continue-as-new before sessions were kept: its earlier sessions cannot be annulled.
   */
  sessions?: SessionState[];
};

export type ForloebState = { status: 'empty'; seq: 0 } | OpenForloebState;

export const initialState = (): ForloebState => ({ status: 'empty', seq: 0 });

/**
 * Where a forløb stands in its life: its phase, whether it is open, and whether the visitation refused
 * it (a refused forløb is closed in the phase afslutning). `evolve` moves the phase and the status only
 * through `lifecycleAfter`, and the read model's forløb row follows the same function, so the two
 * cannot tell a forløb's phase differently.
 */
export type Lifecycle = { phase: Phase; status: 'open' | 'closed'; refused: boolean };

export function lifecycleAfter(life: Lifecycle | undefined, event: RecordedEvent): Lifecycle | undefined {
  if (event.type === 'ForloebCreated') return { phase: 'visitering', status: 'open', refused: false };
  if (!life) return undefined;
  switch (event.type) {
    case 'VisitationRecorded':
      return event.data.decision === 'bevilget' ? { ...life, phase: 'opstart', status: 'open' } : { phase: 'afslutning', status: 'closed', refused: true };
    case 'StartHeld':
      return { ...life, phase: 'traening' };
    case 'StatusRecorded':
    case 'ExtensionRequested':
      return life.phase === 'traening' ? { ...life, phase: 'status' } : life;
    case 'ExtensionDecided':
      return event.data.decision === 'godkendt' && life.phase === 'status' ? { ...life, phase: 'traening' } : life;
    case 'AfslutningRecorded':
      return { ...life, phase: 'afslutning' };
    case 'ForloebClosed':
      return { ...life, status: 'closed' };
    default:
      return life;
  }
}

/** The forløb's status as a person reads it, in the detail and in the lists alike. */
export type CaseStatus = 'aaben' | 'afslaaet' | 'lukket';
export const caseStatusOf = (life: Pick<Lifecycle, 'status' | 'refused'>): CaseStatus => (life.refused ? 'afslaaet' : life.status === 'open' ? 'aaben' : 'lukket');

/** The lifecycle's status as one word, as the read model stores it: open, closed, or refused. */
export type StoredStatus = 'open' | 'closed' | 'refused';
export const storedStatusOf = (life: Lifecycle): StoredStatus => (life.refused ? 'refused' : life.status);
export const lifecycleFromStored = (phase: Phase, status: StoredStatus): Lifecycle => ({ phase, status: status === 'open' ? 'open' : 'closed', refused: status === 'refused' });

/** The lifecycle of a forløb's state. */
export const lifecycleOf = (state: OpenForloebState): Lifecycle => ({ phase: state.phase, status: state.status, refused: state.visitation?.decision === 'afslaaet' });

export function evolve(state: ForloebState, event: RecordedEvent): ForloebState {
  const seq = event.seq;
  if (event.type === 'ForloebCreated') {
    return {
      status: 'open',
      seq,
      phase: 'visitering',
      regelsaetId: event.data.regelsaetId,
      kommune: event.data.kommune,
      createdAt: event.at,
      source: event.data.source,
      counts: { held: 0, noShows: 0, citizenCancellations: 0, unitCancellations: 0 },
      extensions: [],
      followUps: [],
      deadlines: {},
      ...(event.data.source.navn ? { borgerNavn: event.data.source.navn } : {}),
      sessions: [],
    };
  }
  if (state.status === 'empty') return state;
  const life = lifecycleAfter(lifecycleOf(state), event)!;
  const s: OpenForloebState = { ...state, seq, phase: life.phase, status: life.status };
  switch (event.type) {
    case 'VisitationRecorded': {
      const granted = event.data.decision === 'bevilget';
      const frame = event.data.frame;
      return {
        ...s,
        visitation: event.data,
        ...(frame ? { frame: { ...frame, granted: frame.amount, used: 0, warned: false } } : {}),
        ...(granted ? {} : { closedOn: event.data.decidedOn }),
      };
    }
    case 'TherapistAssigned':
      return { ...s, assignment: event.data };
    case 'ContactRecorded':
      return { ...s, contactedOn: event.data.contactedOn };
    case 'StartBooked':
      return { ...s, start: { ...s.start, startDate: event.data.startDate } };
    case 'StartHeld':
      return { ...s, start: { startDate: s.start?.startDate ?? event.data.heldOn, heldOn: event.data.heldOn } };
    case 'SessionRecorded': {
      const o = event.data.outcome;
      const counts = {
        held: s.counts.held + (o === 'gennemfoert' ? 1 : 0),
        noShows: s.counts.noShows + (o === 'udeblevet' ? 1 : 0),
        citizenCancellations: s.counts.citizenCancellations + (o === 'aflyst_af_borger' ? 1 : 0),
        unitCancellations: s.counts.unitCancellations + (o === 'aflyst_af_enheden' ? 1 : 0),
      };
      const session = { seq, date: event.data.date, outcome: o, frameUsed: event.data.frameUsed };
      return { ...s, counts, sessions: [...(s.sessions ?? []), session], ...(s.frame ? { frame: { ...s.frame, used: event.data.frameUsedTotal } } : {}) };
    }
    case 'SessionAnnulled': {
      const o = event.data.outcome;
      const counts = {
        held: s.counts.held - (o === 'gennemfoert' ? 1 : 0),
        noShows: s.counts.noShows - (o === 'udeblevet' ? 1 : 0),
        citizenCancellations: s.counts.citizenCancellations - (o === 'aflyst_af_borger' ? 1 : 0),
        unitCancellations: s.counts.unitCancellations - (o === 'aflyst_af_enheden' ? 1 : 0),
      };
      const sessions = (s.sessions ?? []).map((x) => (x.seq === event.data.sessionSeq ? { ...x, annulled: true } : x));
      return { ...s, counts, sessions, ...(s.frame ? { frame: { ...s.frame, used: event.data.frameUsedTotal } } : {}) };
    }
    case 'FrameNearlyUsed':
      return s.frame ? { ...s, frame: { ...s.frame, warned: true } } : s;
    case 'ReassessmentRequired':
      return s;
    case 'StatusRecorded':
      return s;
    case 'ExtensionRequested':
      return {
        ...s,
        extensions: [...s.extensions, { requestId: event.data.requestId, kind: event.data.kind, amount: event.data.amount, requestedOn: event.data.requestedOn }],
      };
    case 'ExtensionDecided': {
      const approved = event.data.decision === 'godkendt';
      return {
        ...s,
        extensions: s.extensions.map((x) =>
          x.requestId === event.data.requestId ? { ...x, decision: event.data.decision, decidedOn: event.data.decidedOn } : x,
        ),
        ...(approved && s.frame ? { frame: { ...s.frame, granted: s.frame.granted + event.data.amount, warned: false } } : {}),
      };
    }
    case 'AfslutningRecorded':
      return { ...s, afslutning: { reason: event.data.reason, date: event.data.date } };
    case 'ForloebClosed':
      return { ...s, closedOn: event.data.closedOn };
    case 'FollowUpRecorded':
      return { ...s, followUps: [...s.followUps, event.data.date] };
    case 'DeadlineOpened': {
      const { deadline, ...rest } = event.data;
      return { ...s, deadlines: { ...s.deadlines, [deadline]: { type: deadline, ...rest, remindersSent: 0, escalationsSent: 0 } } };
    }
    case 'DeadlineMet':
      return updateDeadline(s, event.data.deadline, (d) => ({
        ...d,
        met: { on: event.data.metOn, inTime: metInTime(event.data.inTime, d.escalationsSent), recordedAt: event.at },
      }));
    case 'DeadlineLapsed':
      return updateDeadline(s, event.data.deadline, (d) => ({ ...d, lapsed: { on: event.data.on } }));
    case 'ReminderSent':
      return updateDeadline(s, event.data.deadline, (d) => ({ ...d, remindersSent: Math.max(d.remindersSent, event.data.index + 1) }));
    case 'DeadlineEscalated':
      return updateDeadline(s, event.data.deadline, (d) => ({ ...d, escalationsSent: Math.max(d.escalationsSent, event.data.level + 1) }));
    case 'BorgerNavnRecorded':
      return { ...s, borgerNavn: event.data.navn };
  }
}

function updateDeadline(state: OpenForloebState, type: DeadlineType, change: (d: DeadlineState) => DeadlineState): OpenForloebState {
  const current = state.deadlines[type];
  return current ? { ...state, deadlines: { ...state.deadlines, [type]: change(current) } } : state;
}

/**
 * Whether a met deadline counts as met in time. A deadline is met in time when the fact that met it
 * happened by the due date (its effective date) AND was recorded before the deadline was reported
 * missed (its first escalation): `decide` says both in DeadlineMet's `inTime`. A fact recorded after an
 * escalation was sent never counts as in time, whatever date it carries: histories recorded before
 * that rule have DeadlineMet events that say `inTime` of a start booked for a past date after the
 * escalation, and this keeps them from counting as met in time in the detail and the report.
 */
export const metInTime = (inTime: boolean, escalationsSent: number) => inTime && escalationsSent === 0;

/** A deadline still running: neither met nor lapsed. */
export const isOpenDeadline = (d: DeadlineState) => !d.met && !d.lapsed;

/** The extension request still waiting for a decision, if any. */
export const pendingExtension = (s: OpenForloebState) => s.extensions.find((x) => x.decision === undefined);
