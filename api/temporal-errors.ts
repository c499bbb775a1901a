// Maps Temporal client failures of a forløb command to HTTP errors carrying the rule's reason.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { refusalOfFailure } from '../workflows/forloeb.messages';
import { HttpError } from './errors';
import { refusalToHttpError } from './refusals';

export const forloebClosed = () => new HttpError(409, 'Forløbet er lukket og kan ikke ændres');
const forloebNotFound = () => new HttpError(404, 'Forløbet findes ikke');

/** gRPC NOT_FOUND, as the client reports a workflow it does not find (or one that has just completed). */
const isNotFound = (err: unknown) => err instanceof WorkflowNotFoundError || (err as { code?: unknown } | null)?.code === 5;

export function toHttpError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return forloebNotFound();
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const refusal = refusalOfFailure(err.cause);
    return refusal ? refusalToHttpError(refusal) : new HttpError(409, err.cause.message);
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
