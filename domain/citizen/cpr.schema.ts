// The schema of a CPR number, for the edges that parse input.
import { z } from 'zod';
import { birthDateOfCpr } from './cpr';

/** A CPR number, normalised to DDMMYY-SSSS. The messages never repeat the number itself. */
export const Cpr = z
  .string()
  .trim()
  .regex(/^\d{6}-?\d{4}$/, 'skal være et CPR-nummer på formen DDMMÅÅ-NNNN')
  .refine((v) => birthDateOfCpr(v) !== undefined, 'indeholder ikke en gyldig fødselsdato')
  .transform((v) => (v.includes('-') ? v : `${v.slice(0, 6)}-${v.slice(6)}`));
export type Cpr = z.infer<typeof Cpr>;
