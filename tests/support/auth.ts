// Authentication for API tests: an app in the development mode issues tokens for any role and kommune.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuthOptions, UserRole } from '../../api/auth/verifier';

export const DEV_AUTH: AuthOptions = { devMode: true };
export const TEST_CPR_HASH_KEY = new Uint8Array(randomBytes(32));

export type TokenRequest = { rolle: UserRole; kommune?: string; enhed?: string; navn?: string };

/** A bearer header for a role in a kommune (Sønderborg unless told), from the app's development token route. */
export async function bearer(app: Pick<FastifyInstance, 'inject'>, request: TokenRequest): Promise<Record<string, string>> {
  const enhed = request.enhed ?? (request.rolle === 'terapeut' ? 'Træningsenheden Nord' : undefined);
  const res = await app.inject({
    method: 'POST',
    url: '/api/dev/token',
    payload: { kommune: 'Sønderborg', ...request, ...(enhed ? { enhed } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`dev token: ${res.statusCode} ${res.body}`);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}
