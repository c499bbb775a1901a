// Every /api/* request carries a bearer token, verified before anything else runs; the caller's
// identity is then on the request. /health, /ready and /docs stay open, and so do the development
// token route (which exists only when AUTH_DEV_MODE=1) and the web UI's sign-in configuration
// (GET /api/konfiguration, which the sign-in page reads before anyone is signed in).
//
// The operations role (drift) and the case roles are kept apart here, once for every route: a route
// serves the case roles unless its config says `callers: 'drift'`, and a caller of the other kind is
// refused with 403 before the route's own code (or the forløb access hook) runs. So a route added
// later is closed to drift without anyone remembering to close it.
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../errors';
import type { Authenticator, Caller } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook for every /api/* route. */
    identity: Caller | null;
  }
  interface FastifyContextConfig {
    /** Who the route serves: the case roles (the default), or `drift`, the operations role only. */
    callers?: 'drift';
    /** A CORS preflight route: browsers send a preflight without credentials, so it needs no token. */
    corsPreflight?: true;
  }
}

import { DEV_TOKEN_PATH, KONFIGURATION_PATH } from '../contract';
export { DEV_TOKEN_PATH, KONFIGURATION_PATH };
const OPEN_PATHS = new Set([DEV_TOKEN_PATH, KONFIGURATION_PATH]);

export const DRIFT_REFUSED = 'Driftsrollen har ikke adgang til forløb, borgeroplysninger eller lister over dem';
export const ONLY_DRIFT = 'Kun driftsrollen har adgang hertil';

const pathOf = (url: string) => url.split('?', 1)[0] ?? url;
const needsToken = (path: string) => (path === '/api' || path.startsWith('/api/')) && !OPEN_PATHS.has(path);

const plugin: FastifyPluginAsync<{ authenticator: Authenticator }> = async (app, { authenticator }) => {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request, reply) => {
    // The path as sent and the route it matched: either under /api/ needs a token.
    const route = request.routeOptions.url;
    if (!needsToken(pathOf(request.url)) && !(route !== undefined && needsToken(route))) return;
    if (request.method === 'OPTIONS' && request.routeOptions.config.corsPreflight) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
    try {
      if (!match) throw new HttpError(401, 'Mangler adgangstoken: send headeren Authorization: Bearer <token>');
      request.identity = await authenticator.verify(match[1]!);
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 401) reply.header('www-authenticate', 'Bearer');
      throw err;
    }
    // An unknown path (no route) answers 404 as for anyone.
    if (route === undefined) return;
    const forDrift = request.routeOptions.config.callers === 'drift';
    if (request.identity.rolle === 'drift' && !forDrift) throw new HttpError(403, DRIFT_REFUSED);
    if (request.identity.rolle !== 'drift' && forDrift) throw new HttpError(403, ONLY_DRIFT);
  });
};
// Not encapsulated: the hook and the decoration apply to every route of the app.
export const authentication = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
