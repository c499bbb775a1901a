// Who is calling, from the verified bearer token (see api/auth/), and what they may see: a forløb of
// another kommune does not exist for them (404, so its existence is not revealed); a terapeut works
// only on the forløb of their own unit (403).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/forloeb';
import type { Identity } from './auth/verifier';
import { HttpError } from './errors';

export type { Identity } from './auth/verifier';

/** The verified caller; every /api/* route except the development token route has one. */
export function identityOf(request: FastifyRequest): Identity {
  const identity = request.identity;
  if (!identity) throw new HttpError(401, 'Mangler adgangstoken: send headeren Authorization: Bearer <token>');
  return identity;
}

/** The caller as the forløb rules see it: a role and a user id. */
export function actorOf(request: FastifyRequest): Actor {
  const { rolle, userId } = identityOf(request);
  return { role: rolle, userId };
}

/**
 * Object-level access to one forløb. Another kommune's forløb answers 404 like one that does not
 * exist; a terapeut may act only on forløb of their own unit (a forløb without a unit is open to all).
 */
export function assertMayAccess(identity: Identity, forloeb: { kommune: string; enhed?: string | undefined }): void {
  if (identity.kommune !== forloeb.kommune) throw new HttpError(404, 'Forløbet findes ikke');
  if (identity.rolle === 'terapeut' && forloeb.enhed !== undefined && forloeb.enhed !== identity.enhed) {
    throw new HttpError(403, 'Som terapeut har du kun adgang til forløb i din egen enhed');
  }
}

/** Creating a forløb: only under a regelsæt of the caller's own kommune. */
export function assertMayCreateIn(identity: Identity, kommune: string): void {
  if (identity.kommune !== kommune) throw new HttpError(403, 'Du kan kun oprette forløb efter din egen kommunes regelsæt');
}
