// Maps Temporal client failures of a forløb command to HTTP errors carrying the rule's reason.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HttpError } from './errors';

const STATUS_OF_REFUSAL: Record<string, number> = { wrong_phase: 409, forbidden_role: 403, invalid: 400, frame_exceeded: 409, needs_confirmation: 409 };

export const forloebClosed = () => new HttpError(409, 'Forløbet er lukket og kan ikke ændres');
const forloebNotFound = () => new HttpError(404, 'Forløbet findes ikke');

/** gRPC NOT_FOUND, as the client reports a workflow it does not find (or one that has just completed). */
const isNotFound = (err: unknown) => err instanceof WorkflowNotFoundError || (err as { code?: unknown } | null)?.code === 5;

export function toHttpError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return forloebNotFound();
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const status = STATUS_OF_REFUSAL[err.cause.type ?? ''] ?? 409;
    // A rule's reason for bad input starts with the field it concerns: "startdato: …".
    const field = status === 400 ? /^([a-zA-Z.]+): (.+)$/s.exec(err.cause.message) : null;
    if (field) return new HttpError(400, 'Ugyldigt input', [{ felt: field[1]!, besked: field[2]! }]);
    // Allowed once confirmed: a 409 whose `kode` tells the client to ask, and whose field names the flag to send.
    if (err.cause.type === 'needs_confirmation') {
      const flag = /^([a-zA-Z.]+): (.+)$/s.exec(err.cause.message);
      return new HttpError(409, flag ? flag[2]! : err.cause.message, flag ? [{ felt: flag[1]!, besked: flag[2]! }] : undefined, 'kraever_bekraeftelse');
    }
    return new HttpError(status, err.cause.message);
  }
  return err;
}

/**
 * A command's failure. Temporal answers NOT_FOUND both for a forløb that does not exist and for an
 * Update that arrived while its forløb was closing (the server aborts Updates of a workflow that
 * completes). The execution itself tells them apart, never the message text: completed → 409, as for
 * any command to a closed forløb; missing → 404; still running → 503, a race the caller retries (and,
 * being a 5xx, never stored under an Idempotency-Key).
 */
export async function toCommandHttpError(err: unknown, execution: { describe(): Promise<{ status: { name: string } }> }): Promise<unknown> {
  if (!isNotFound(err)) return toHttpError(err);
  let status: string;
  try {
    status = (await execution.describe()).status.name;
  } catch (described) {
    return isNotFound(described) ? forloebNotFound() : described;
  }
  if (status !== 'RUNNING') return forloebClosed();
  return new HttpError(503, 'Forløbet er ved at blive lukket; prøv igen om lidt');
}
