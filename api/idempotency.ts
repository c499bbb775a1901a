// Idempotency-Key on commands. A route opts in with `config: { idempotent: true }`. The header is
// optional; when present, the first request with a key claims it (INSERT … ON CONFLICT DO NOTHING is
// the lock) and its answer is stored. A repeat by the same user with the same key and the same
// request gets the stored answer (same status and body, header `Idempotent-Replay: true`) without the
// command running again; the same key with another request is refused (422); a repeat while the first
// is still in flight is refused (409). Answers of 5xx are not kept, so a retry runs again. Keys expire
// after 24 hours.
//
// A request that died on its way (the API lost PostgreSQL or Temporal after the command was applied,
// or could not store or release the claim) must neither block its key for ever nor apply its command
// twice when retried. So a claim still in flight after CLAIM_TIMEOUT_SECONDS is taken over by the
// next repeat, and the command itself is idempotent in Temporal: the claim carries a token derived
// from user, key and request, which the routes use as the Update id (Temporal answers a repeated
// Update id with the first one's outcome) and as the id of a created forløb (a second start of the
// same id is refused by Temporal). Failing to store or release a claim never changes the answer.
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { HttpError } from './errors';
import { identityOf } from './identity';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route (commands). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /**
     * Set when this request claimed an idempotency key and its answer is to be stored. `token` is
     * the same for every repeat of the request (user, key, method, path and body), and opaque.
     */
    idempotencyClaim: { userId: string; key: string; token: string } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAY_HEADER = 'idempotent-replay';
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A claim in flight for longer than this is taken to be dead: the next repeat takes it over. */
export const CLAIM_TIMEOUT_SECONDS = 30;
/** Headers of the answer that a replay repeats. */
const KEPT_HEADERS = ['content-type', 'location'];
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Deterministic JSON (sorted object keys), so the same body hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const methodPathOf = (request: FastifyRequest) => `${request.method} ${request.url.split('?', 1)[0]}`;

type StoredRow = {
  method_path: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  response_headers: Record<string, string>;
};

const plugin: FastifyPluginAsync<{ pool: Pool; hashKey: Uint8Array }> = async (app, { pool, hashKey }) => {
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || !KEY_PATTERN.test(key)) {
      throw new HttpError(400, 'Ugyldigt input', [{ felt: 'header Idempotency-Key', besked: 'skal være 1-255 synlige ASCII-tegn' }]);
    }
    const { userId } = identityOf(request);
    const methodPath = methodPathOf(request);
    // Keyed: the body may hold a CPR number, and an unkeyed hash of it could be guessed.
    const requestHash = createHmac('sha256', hashKey).update(`${methodPath}\n${canonical(request.body)}`).digest('hex');

    await pool.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_TTL_HOURS]);
    // A new claim, or the takeover of a claim of the same request that has been in flight too long.
    const claimed = await pool.query(
      `INSERT INTO idempotency_keys (user_id, idempotency_key, method_path, request_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, idempotency_key) DO UPDATE SET created_at = now()
        WHERE idempotency_keys.status_code IS NULL
          AND idempotency_keys.method_path = EXCLUDED.method_path AND idempotency_keys.request_hash = EXCLUDED.request_hash
          AND idempotency_keys.created_at < now() - make_interval(secs => $5)`,
      [userId, key, methodPath, requestHash, CLAIM_TIMEOUT_SECONDS],
    );
    if (claimed.rowCount === 1) {
      const token = createHmac('sha256', hashKey).update(`idempotency-token\n${userId}\n${key}\n${requestHash}`).digest('hex').slice(0, 32);
      request.idempotencyClaim = { userId, key, token };
      return;
    }
    const { rows } = await pool.query<StoredRow>(
      `SELECT method_path, request_hash, status_code, response_body, response_headers
         FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, key],
    );
    const stored = rows[0];
    // Gone between the two statements (a 5xx released it): the client may simply retry.
    if (!stored) throw new HttpError(409, 'Forespørgslen med denne Idempotency-Key er under behandling; prøv igen om lidt');
    if (stored.method_path !== methodPath || stored.request_hash !== requestHash) {
      throw new HttpError(422, 'Idempotency-Key er allerede brugt til en anden forespørgsel; brug en ny nøgle');
    }
    if (stored.status_code === null) {
      throw new HttpError(409, 'Forespørgslen med denne Idempotency-Key er under behandling; prøv igen om lidt');
    }
    for (const [name, value] of Object.entries(stored.response_headers)) reply.header(name, value);
    reply.header(REPLAY_HEADER, 'true').code(stored.status_code);
    await reply.send(stored.response_body ?? '');
    return reply;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    if (reply.statusCode >= 500) {
      // Released so that a retry runs again; if PostgreSQL is the one that is down, the claim times out instead.
      await pool
        .query('DELETE FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2 AND status_code IS NULL', [claim.userId, claim.key])
        .catch((err: unknown) => request.log.warn({ err: { message: (err as Error).message } }, 'could not release an idempotency claim'));
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    // The command has run: its answer goes to the client even if it cannot be stored (a repeat then
    // takes the claim over and gets the same outcome from Temporal).
    await pool
      .query(
        `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
          WHERE user_id = $1 AND idempotency_key = $2`,
        [claim.userId, claim.key, reply.statusCode, body, JSON.stringify(headers)],
      )
      .catch((err: unknown) => request.log.warn({ err: { message: (err as Error).message } }, 'could not store an idempotent answer'));
    return payload;
  });
};
// Not encapsulated: the hooks apply to the routes registered beside it that opt in.
export const idempotency = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
