// The schema of a wall-clock time of day, for the edges that parse input.
import { z } from 'zod';
import { LOCAL_TIME_PATTERN } from './copenhagen';

export const LocalTime = z
  .string()
  .regex(LOCAL_TIME_PATTERN, { error: 'must be a time of day written HH:MM (00:00–23:59)' })
  .describe('A wall-clock time of day, HH:MM');
export type LocalTime = z.infer<typeof LocalTime>;
