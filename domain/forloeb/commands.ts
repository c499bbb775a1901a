// Commands to a forløb, named in the imperative. Each carries who gives it; the clock comes in
// beside the command (`now`), so the rules never read the time themselves.
import { z } from 'zod';
import { LocalDate } from '../calendar';
import { Role } from '../regelsaet/schema';
import { Genoptraeningsplan } from './sources';

export const Actor = z.object({ role: Role, userId: z.string().min(1).optional() });
export type Actor = z.infer<typeof Actor>;

export const CreateForloeb = z.object({
  type: z.literal('CreateForloeb'),
  actor: Actor,
  source: Genoptraeningsplan,
});

export const RecordVisitation = z.object({
  type: z.literal('RecordVisitation'),
  actor: Actor,
  decision: z.enum(['bevilget', 'afslaaet']),
  /** Defaults to the level in the genoptræningsplan. */
  niveau: z.enum(['basal', 'avanceret']).optional(),
  reason: z.string().max(2000).optional(),
});

export const BookStart = z.object({
  type: z.literal('BookStart'),
  actor: Actor,
  startDate: LocalDate,
});

/** Time has passed: send the reminders and escalations whose moment has come. */
export const Tick = z.object({ type: z.literal('Tick') });

export const ForloebCommand = z.discriminatedUnion('type', [CreateForloeb, RecordVisitation, BookStart, Tick]);
export type ForloebCommand = z.infer<typeof ForloebCommand>;
export type CreateForloeb = z.infer<typeof CreateForloeb>;
export type RecordVisitation = z.infer<typeof RecordVisitation>;
export type BookStart = z.infer<typeof BookStart>;
