// Temporal answers NOT_FOUND both for a forløb that does not exist and for an Update that arrived
// while its forløb was closing. The execution tells them apart, never the message text.
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../api/errors';
import { toCommandHttpError } from '../../api/temporal-errors';

const notFound = () => new WorkflowNotFoundError('workflow update was aborted by closing workflow', 'forloeb-x', undefined);
const described = (status: string) => ({ describe: async () => ({ status: { name: status } }) });
const missing = { describe: async () => Promise.reject(new WorkflowNotFoundError('not found', 'forloeb-x', undefined)) };

describe('a NOT_FOUND answer to a command', () => {
  it.each(['COMPLETED', 'TERMINATED', 'CONTINUED_AS_NEW', 'FAILED'])('is 409 when the execution is %s', async (status) => {
    const err = await toCommandHttpError(notFound(), described(status));
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(409);
  });

  it('is 404 only when the execution does not exist', async () => {
    expect(((await toCommandHttpError(notFound(), missing)) as HttpError).statusCode).toBe(404);
  });

  it('is 503 (retried, never stored under an Idempotency-Key) while the execution still runs', async () => {
    expect(((await toCommandHttpError(notFound(), described('RUNNING'))) as HttpError).statusCode).toBe(503);
  });

  it('does not look at the message: a gRPC NOT_FOUND without the SDK type is described too', async () => {
    const grpc = Object.assign(new Error('something else entirely'), { code: 5 });
    expect(((await toCommandHttpError(grpc, described('COMPLETED'))) as HttpError).statusCode).toBe(409);
  });

  it('passes on a failure to describe that is not NOT_FOUND (e.g. Temporal down → 503 by the error handler)', async () => {
    const down = Object.assign(new Error('14 UNAVAILABLE'), { code: 14 });
    expect(await toCommandHttpError(notFound(), { describe: async () => Promise.reject(down) })).toBe(down);
  });
});
