// The schema of a calendar date, for the edges that parse input (the API, regelsæt files, stored events).
import { z } from 'zod';
import { isCalendarDate, LOCAL_DATE_PATTERN } from './local-date';

export const LocalDate = z
  .string()
  // Danish messages for the people who use the system; they never echo the input value.
  .regex(LOCAL_DATE_PATTERN, { error: 'skal være en dato på formen ÅÅÅÅ-MM-DD', abort: true })
  .refine(isCalendarDate, { error: 'er ikke en gyldig dato' })
  .describe('A calendar date, YYYY-MM-DD');
export type LocalDate = z.infer<typeof LocalDate>;
