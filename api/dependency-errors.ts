// Failures that mean a dependency (PostgreSQL, Temporal) is down or unreachable right now, as
// opposed to a bug: the API answers them with 503 and Retry-After, so a client retries.

/** PostgreSQL SQLSTATEs of a lost or refused connection, and Node's network error codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/**
 * gRPC status codes UNAVAILABLE and DEADLINE_EXCEEDED, as the Temporal client reports them, and
 * CANCELLED: the server cancels calls in flight while it restarts or takes its shards back ("context
 * canceled", seen a minute after a restart in `npm run chaos`).
 */
const UNAVAILABLE_GRPC = new Set([14, 4, 1]);

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /failed to connect/i,
  /no connection established/i,
  // Temporal's FAILED_PRECONDITION for a query or update that no worker polls for: the worker is down
  // (crashed, or restarting), and the same request succeeds once it polls again.
  /no poller seen for task queue recently/i,
  // The same for a forløb whose workflow task is being retried: after a worker crash its task timed
  // out, and until another worker has completed it Temporal refuses queries and updates. (A task that
  // keeps failing is a bug that stops the forløb until a fixed worker runs: for the caller that too
  // is "try again later"; the stuck workflow shows in Temporal and in `npm run chaos`'s checks.)
  /due to workflow task in failed state/i,
];

export function isDependencyDown(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.code === 'number' && UNAVAILABLE_GRPC.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDependencyDown(inner, depth + 1))) return true;
  return isDependencyDown(e.cause, depth + 1);
}

/** Seconds a client should wait before it retries after a 503. */
export const RETRY_AFTER_SECONDS = 5;
