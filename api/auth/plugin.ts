// Every /api/* request carries a bearer token, verified before anything else runs; the caller's
// identity is then on the request. /health, /ready and /docs stay open, and so do the development
// token route (which exists only when AUTH_DEV_MODE=1) and the web UI's sign-in configuration
// (GET /api/konfiguration, which the sign-in page reads before anyone is signed in).
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../errors';
import type { Authenticator, Identity } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook for every /api/* route. */
    identity: Identity | null;
  }
}

export const DEV_TOKEN_PATH = '/api/dev/token';
export const KONFIGURATION_PATH = '/api/konfiguration';
const OPEN_PATHS = new Set([DEV_TOKEN_PATH, KONFIGURATION_PATH]);

const pathOf = (url: string) => url.split('?', 1)[0] ?? url;
const needsToken = (path: string) => (path === '/api' || path.startsWith('/api/')) && !OPEN_PATHS.has(path);

const plugin: FastifyPluginAsync<{ authenticator: Authenticator }> = async (app, { authenticator }) => {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request, reply) => {
    // The path as sent and the route it matched: either under /api/ needs a token.
    const route = request.routeOptions.url;
    if (!needsToken(pathOf(request.url)) && !(route !== undefined && needsToken(route))) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
    try {
      if (!match) throw new HttpError(401, 'Mangler adgangstoken: send headeren Authorization: Bearer <token>');
      request.identity = await authenticator.verify(match[1]!);
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 401) reply.header('www-authenticate', 'Bearer');
      throw err;
    }
  });
};
// Not encapsulated: the hook and the decoration apply to every route of the app.
export const authentication = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
