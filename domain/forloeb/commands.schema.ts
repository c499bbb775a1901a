// Commands to a forløb, named in the imperative. Each carries its metadata: who gives it (`actor`, from
// the caller's token) and when it was received (`receivedAt`, the instant the API took it). `decide`
// takes its clock from `receivedAt`, so a command decided again later (a retried workflow task, a
// repaired workflow whose Updates are re-applied) gets the decision it got the first time. Commands
// recorded before `receivedAt` existed have none; they are decided at the moment the workflow handles them.
import { z } from 'zod';
import { LocalDate } from '../calendar/local-date.schema';
import { BorgerNavn } from '../citizen/borger.schema';
import { Role } from '../regelsaet/regelsaet.schema';
import { ForloebSource } from './sources.schema';
import { AfslutningReason, ExtensionKind, SessionOutcome } from './vocabulary.schema';

export const Actor = z.object({ role: Role, userId: z.string().min(1).optional() });
export type Actor = z.infer<typeof Actor>;

/** An instant with its offset, e.g. 2026-12-01T08:15:00.000Z. */
const Instant = z.iso.datetime({ offset: true });

const Note = z.string().trim().min(1, 'skal udfyldes').max(4000);
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), actor: Actor, receivedAt: Instant.optional(), ...shape });

export const CreateForloeb = command('CreateForloeb', { source: ForloebSource });
export const RecordVisitation = command('RecordVisitation', {
  decision: z.enum(['bevilget', 'afslaaet']),
  /** §86: the indsats granted; defaults to the one applied for, or the regelsæt's only one. §140: from the plan. */
  indsatsId: z.string().min(1).optional(),
  /** Where the indsats offers alternatives (13 or 26 hours), the amount chosen. */
  frameAmount: z.number().positive().optional(),
  /** §140: defaults to the level in the genoptræningsplan. */
  niveau: z.enum(['basal', 'avanceret']).optional(),
  reason: Note.optional(),
  /** The day the decision was made (API `dato`); defaults to the Copenhagen date of the command's instant. */
  effectiveOn: LocalDate.optional(),
});
export const AssignTherapist = command('AssignTherapist', { terapeut: z.string().min(1), enhed: z.string().min(1) });
export const RecordContact = command('RecordContact', { contactedOn: LocalDate });
export const BookStart = command('BookStart', { startDate: LocalDate });
export const HoldStart = command('HoldStart', { heldOn: LocalDate });
export const RecordSession = command('RecordSession', {
  date: LocalDate,
  outcome: SessionOutcome,
  /** Attended minutes (decision A14); 0 for a session that did not take place. */
  durationMinutes: z.number().int().min(0).max(600).default(0),
  /** When the citizen cancelled (instant), for the cancellation cut-off. */
  cancelledAt: Instant.optional(),
  /**
   * A second session on the same day is taken only when confirmed (API `bekraeftet`). Commands recorded
   * before this field existed carry none and are decided as they were: without the question.
   */
  confirmed: z.boolean().optional(),
});
export const RecordStatus = command('RecordStatus', { note: Note });
export const RequestExtension = command('RequestExtension', {
  kind: ExtensionKind,
  /** Sessions (or hours, for an hour frame) asked for. */
  amount: z.number().positive(),
  reason: Note,
});
export const DecideExtension = command('DecideExtension', {
  requestId: z.number().int().min(1),
  decision: z.enum(['godkendt', 'afvist']),
  reason: Note,
  /** The day the request was decided (API `dato`); defaults to the Copenhagen date of the command's instant. */
  effectiveOn: LocalDate.optional(),
});
export const RecordAfslutning = command('RecordAfslutning', { reason: AfslutningReason, date: LocalDate, note: Note.optional() });
/** `effectiveOn`: the day the forløb was closed (API `dato`); defaults to the Copenhagen date of the command's instant. */
export const CloseForloeb = command('CloseForloeb', { effectiveOn: LocalDate.optional() });
export const RecordFollowUp = command('RecordFollowUp', { date: LocalDate, note: Note });
/** Enter or correct the borger's name (a forløb created without one, or a name spelled wrong). */
export const RecordBorgerNavn = command('RecordBorgerNavn', { navn: BorgerNavn });
/**
 * A session, no-show or cancellation recorded in error is annulled, never deleted. It is named by the
 * seq of its SessionRecorded event: that number is already the event's unique, stable name in the
 * forløb, shown on the timeline, so sessions need no id of their own.
 */
export const AnnulSession = command('AnnulSession', { sessionSeq: z.number().int().min(1), reason: Note });

/** Time has passed: send the reminders and escalations whose moment has come. */
export const Tick = z.object({ type: z.literal('Tick') });

export const ForloebCommand = z.discriminatedUnion('type', [
  CreateForloeb,
  RecordVisitation,
  AssignTherapist,
  RecordContact,
  BookStart,
  HoldStart,
  RecordSession,
  RecordStatus,
  RequestExtension,
  DecideExtension,
  RecordAfslutning,
  CloseForloeb,
  RecordFollowUp,
  Tick,
  RecordBorgerNavn,
  AnnulSession,
]);
export type ForloebCommand = z.infer<typeof ForloebCommand>;
export type CommandOf<T extends ForloebCommand['type']> = Extract<ForloebCommand, { type: T }>;
export type CreateForloeb = CommandOf<'CreateForloeb'>;
export type RecordVisitation = CommandOf<'RecordVisitation'>;
export type BookStart = CommandOf<'BookStart'>;

