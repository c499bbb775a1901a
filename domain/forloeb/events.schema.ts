// Domain events of a forløb: facts, named in the past tense. Each is recorded with a per-forløb
// sequence number (`seq`), the instant it happened (`at`) and, when a person's command caused it, who
// that was (`actor`); the notices that the clock sends have no actor.
import { z } from 'zod';
import { LocalDate } from '../calendar/local-date.schema';
import { DeadlineType, Frame, Period, Role } from '../regelsaet/regelsaet.schema';
import { Actor } from './commands.schema';
import { AfslutningReason, ExtensionKind, SessionOutcome } from './vocabulary.schema';
import { ForloebSource } from './sources.schema';

const Instant = z.iso.datetime({ offset: true });
const event = <T extends string, D extends z.ZodType>(type: T, data: D) => z.object({ type: z.literal(type), data });

export const ForloebCreated = event('ForloebCreated', z.object({ regelsaetId: z.string(), kommune: z.string(), source: ForloebSource }));

export const VisitationRecorded = event(
  'VisitationRecorded',
  z.object({
    decision: z.enum(['bevilget', 'afslaaet']),
    decidedOn: LocalDate,
    indsatsId: z.string().optional(),
    kategori: z.string().optional(),
    niveau: z.enum(['basal', 'avanceret']).optional(),
    frame: Frame.optional(),
    reason: z.string().optional(),
  }),
);

export const TherapistAssigned = event('TherapistAssigned', z.object({ terapeut: z.string(), enhed: z.string() }));
export const ContactRecorded = event('ContactRecorded', z.object({ contactedOn: LocalDate }));
export const StartBooked = event('StartBooked', z.object({ startDate: LocalDate }));
export const StartHeld = event('StartHeld', z.object({ heldOn: LocalDate }));

export const SessionRecorded = event(
  'SessionRecorded',
  z.object({
    date: LocalDate,
    outcome: SessionOutcome,
    durationMinutes: z.number().int().min(0),
    /** When the citizen cancelled, and whether that was after the regelsæt's cut-off. */
    cancelledAt: Instant.optional(),
    lateCancellation: z.boolean().optional(),
    /** What the session took from the frame (hours or sessions), and the frame's use after it. */
    frameUsed: z.number().min(0),
    frameUsedTotal: z.number().min(0),
  }),
);

export const FrameNearlyUsed = event('FrameNearlyUsed', z.object({ used: z.number(), granted: z.number(), unit: z.enum(['timer', 'sessioner']), to: z.array(Role) }));
export const ReassessmentRequired = event(
  'ReassessmentRequired',
  z.object({ cause: z.enum(['udeblivelse', 'aflysninger']), count: z.number().int().min(1), mayEnd: z.boolean(), to: z.array(Role) }),
);
export const StatusRecorded = event('StatusRecorded', z.object({ note: z.string() }));

export const ExtensionRequested = event(
  'ExtensionRequested',
  z.object({ requestId: z.number().int().min(1), kind: ExtensionKind, amount: z.number().positive(), reason: z.string(), requestedOn: LocalDate }),
);
export const ExtensionDecided = event(
  'ExtensionDecided',
  z.object({
    requestId: z.number().int().min(1),
    decision: z.enum(['godkendt', 'afvist']),
    /** true where the regelsæt lets the therapist extend without an approval (a note, or Varde's 1–4 extra). */
    automatic: z.boolean(),
    amount: z.number().min(0),
    reason: z.string().optional(),
    decidedOn: LocalDate,
  }),
);

export const AfslutningRecorded = event('AfslutningRecorded', z.object({ reason: AfslutningReason, date: LocalDate, note: z.string().optional() }));
export const ForloebClosed = event('ForloebClosed', z.object({ closedOn: LocalDate }));
export const FollowUpRecorded = event('FollowUpRecorded', z.object({ date: LocalDate, note: z.string() }));
/** The borger's name, entered or corrected after the forløb was created; it replaces the name before it. */
export const BorgerNavnRecorded = event('BorgerNavnRecorded', z.object({ navn: z.string() }));
/**
 * A session recorded in error no longer counts: not in the frame, the attendance counts or the
 * no-show and cancellation rules. The SessionRecorded event stays in the log.
 */
export const SessionAnnulled = event(
  'SessionAnnulled',
  z.object({
    sessionSeq: z.number().int().min(1),
    /** The annulled session's date and outcome, so a reader of this event alone knows what it undid. */
    date: LocalDate,
    outcome: SessionOutcome,
    reason: z.string(),
    /** What the session had taken from the frame, given back, and the frame's use after it. */
    frameReleased: z.number().min(0),
    frameUsedTotal: z.number().min(0),
  }),
);

export const DeadlineOpened = event(
  'DeadlineOpened',
  z.object({ deadline: DeadlineType, anchorDate: LocalDate, period: Period, dueDate: LocalDate, responsible: Role }),
);
export const DeadlineMet = event('DeadlineMet', z.object({ deadline: DeadlineType, dueDate: LocalDate, metOn: LocalDate, inTime: z.boolean() }));
/** A deadline that no longer applies: the forløb ended (or was refused) before it was met. */
export const DeadlineLapsed = event('DeadlineLapsed', z.object({ deadline: DeadlineType, dueDate: LocalDate, on: LocalDate }));
export const ReminderSent = event(
  'ReminderSent',
  z.object({ deadline: DeadlineType, index: z.number().int().min(0), to: z.array(Role), dueDate: LocalDate, scheduledAt: Instant }),
);
export const DeadlineEscalated = event(
  'DeadlineEscalated',
  z.object({ deadline: DeadlineType, level: z.number().int().min(0), to: z.array(Role), dueDate: LocalDate, scheduledAt: Instant }),
);

export const ForloebEvent = z.discriminatedUnion('type', [
  ForloebCreated,
  VisitationRecorded,
  TherapistAssigned,
  ContactRecorded,
  StartBooked,
  StartHeld,
  SessionRecorded,
  FrameNearlyUsed,
  ReassessmentRequired,
  StatusRecorded,
  ExtensionRequested,
  ExtensionDecided,
  AfslutningRecorded,
  ForloebClosed,
  FollowUpRecorded,
  DeadlineOpened,
  DeadlineMet,
  DeadlineLapsed,
  ReminderSent,
  DeadlineEscalated,
  BorgerNavnRecorded,
  SessionAnnulled,
]);
export type ForloebEvent = z.infer<typeof ForloebEvent>;
export type ForloebEventType = ForloebEvent['type'];
export type EventOf<T extends ForloebEventType> = Extract<ForloebEvent, { type: T }>;

/** An event as stored: with its place in the forløb's sequence, the instant it happened and who caused it. */
export type RecordedEvent = ForloebEvent & { seq: number; at: string; actor?: Actor };

/** An event as read back from the event log (forloeb_events). */
export type StoredEvent = { seq: number; type: string; data: unknown; occurred_at: Date | string; actor?: unknown };

/** A stored event checked against the event schema, as the rules fold it. */
export function toRecorded(stored: StoredEvent): RecordedEvent {
  const parsed = ForloebEvent.parse({ type: stored.type, data: stored.data });
  const at = typeof stored.occurred_at === 'string' ? stored.occurred_at : stored.occurred_at.toISOString();
  const actor = stored.actor == null ? undefined : Actor.parse(stored.actor);
  return { ...parsed, seq: stored.seq, at, ...(actor ? { actor } : {}) } as RecordedEvent;
}
