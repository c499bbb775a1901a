// Maps Temporal client failures of a forløb command to HTTP errors carrying the rule's reason.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HttpError } from './errors';

const STATUS_OF_REFUSAL: Record<string, number> = { wrong_phase: 409, forbidden_role: 403, invalid: 400, frame_exceeded: 409 };

export function toHttpError(err: unknown): unknown {
  // A command to a forløb whose workflow has completed (closed, or refused at visitation).
  if (err instanceof Error && /already completed/i.test(err.message)) return new HttpError(409, 'Forløbet er lukket og kan ikke ændres');
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'Forløbet findes ikke');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const status = STATUS_OF_REFUSAL[err.cause.type ?? ''] ?? 409;
    // A rule's reason for bad input starts with the field it concerns: "startdato: …".
    const field = status === 400 ? /^([a-zA-Z.]+): (.+)$/s.exec(err.cause.message) : null;
    if (field) return new HttpError(400, 'Ugyldigt input', [{ felt: field[1]!, besked: field[2]! }]);
    return new HttpError(status, err.cause.message);
  }
  return err;
}
