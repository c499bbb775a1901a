// A refusal of the forløb rules as an HTTP answer: one table maps each refusal code to its status, for
// a create decided in the API and for a command decided by the workflow alike. The refusal's field
// becomes the answer's `felter`; its message is never parsed.
import type { Refusal, RefusalCode } from '../domain/forloeb';
import { HttpError } from './errors';

export const STATUS_OF_REFUSAL = {
  wrong_phase: 409,
  forbidden_role: 403,
  invalid: 400,
  frame_exceeded: 409,
  needs_confirmation: 409,
} as const satisfies Record<RefusalCode, number>;

/** A `kode` for the refusals the client must act on: send again with the named field true. */
const KODE_OF_REFUSAL: Partial<Record<RefusalCode, string>> = { needs_confirmation: 'kraever_bekraeftelse' };

export function refusalToHttpError(refusal: Refusal): HttpError {
  const status = STATUS_OF_REFUSAL[refusal.code];
  const felter = refusal.field ? [{ felt: refusal.field, besked: refusal.message }] : undefined;
  const fejl = status === 400 && felter ? 'Ugyldigt input' : refusal.message;
  return new HttpError(status, fejl, felter, KODE_OF_REFUSAL[refusal.code]);
}
