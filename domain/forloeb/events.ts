// Domain events of a forløb: facts, named in the past tense. Each is recorded with a per-forløb
// sequence number (`seq`) and the instant it happened (`at`).
import { z } from 'zod';
import { LocalDate } from '../calendar';
import { DeadlineType, Frame, Period, Role } from '../regelsaet/schema';
import { Genoptraeningsplan } from './sources';

const Instant = z.iso.datetime({ offset: true });

export const ForloebCreated = z.object({
  type: z.literal('ForloebCreated'),
  data: z.object({
    regelsaetId: z.string(),
    kommune: z.string(),
    source: Genoptraeningsplan,
  }),
});

export const VisitationRecorded = z.object({
  type: z.literal('VisitationRecorded'),
  data: z.object({
    decision: z.enum(['bevilget', 'afslaaet']),
    decidedOn: LocalDate,
    indsatsId: z.string().optional(),
    kategori: z.string().optional(),
    niveau: z.enum(['basal', 'avanceret']).optional(),
    frame: Frame.optional(),
    reason: z.string().optional(),
  }),
});

export const StartBooked = z.object({
  type: z.literal('StartBooked'),
  data: z.object({ startDate: LocalDate }),
});

export const DeadlineOpened = z.object({
  type: z.literal('DeadlineOpened'),
  data: z.object({
    deadline: DeadlineType,
    anchorDate: LocalDate,
    period: Period,
    dueDate: LocalDate,
    responsible: Role,
  }),
});

export const DeadlineMet = z.object({
  type: z.literal('DeadlineMet'),
  data: z.object({ deadline: DeadlineType, dueDate: LocalDate, metOn: LocalDate, inTime: z.boolean() }),
});

export const ReminderSent = z.object({
  type: z.literal('ReminderSent'),
  data: z.object({ deadline: DeadlineType, index: z.number().int().min(0), to: z.array(Role), dueDate: LocalDate, scheduledAt: Instant }),
});

export const DeadlineEscalated = z.object({
  type: z.literal('DeadlineEscalated'),
  data: z.object({ deadline: DeadlineType, level: z.number().int().min(0), to: z.array(Role), dueDate: LocalDate, scheduledAt: Instant }),
});

export const ForloebEvent = z.discriminatedUnion('type', [
  ForloebCreated,
  VisitationRecorded,
  StartBooked,
  DeadlineOpened,
  DeadlineMet,
  ReminderSent,
  DeadlineEscalated,
]);
export type ForloebEvent = z.infer<typeof ForloebEvent>;
export type ForloebEventType = ForloebEvent['type'];

/** An event as stored: with its place in the forløb's sequence and the instant it happened. */
export type RecordedEvent = ForloebEvent & { seq: number; at: string };
