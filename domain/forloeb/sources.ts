// Rules about what a forløb is created from (the shapes are in sources.schema.ts).
import type { LocalDate } from '../calendar/local-date';
import type { ForloebSource } from './sources.schema';

/** The day the municipality received the plan, application or referral (`registeredOn` where a plan does not say). */
export const receivedOn = (s: ForloebSource, registeredOn: LocalDate): LocalDate => (s.kind === 'genoptraeningsplan' ? (s.modtaget ?? registeredOn) : s.modtaget);
