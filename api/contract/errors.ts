// Every error answer of the API: a Danish message, the fields at fault, and a code where the client
// must act on it.
import { z } from 'zod';

export const FieldError = z.object({ felt: z.string(), besked: z.string() });
export type FieldError = z.infer<typeof FieldError>;
export const ErrorBody = z.object({
  fejl: z.string(),
  felter: z.array(FieldError).optional(),
  /** A machine-readable reason where the client must act on it, e.g. `kraever_bekraeftelse`: send again with the named field true. */
  kode: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
