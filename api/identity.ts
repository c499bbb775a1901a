// Who is calling, from the verified bearer token (see api/auth/), and what they may see: a forløb of
// another kommune does not exist for them (404, so its existence is not revealed); a terapeut works
// only on the forløb of their own unit (403). The operations role (drift) is no case worker: every
// route that asks for the caller's identity here refuses drift (the authentication hook refuses it
// already, by route; this is the same rule where the types need it).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/forloeb';
import { DRIFT_REFUSED, ONLY_DRIFT } from './auth/plugin';
import type { Caller, DriftIdentity, Identity } from './auth/verifier';
import { HttpError } from './errors';

export type { Caller, DriftIdentity, Identity } from './auth/verifier';

function callerOf(request: FastifyRequest): Caller {
  const caller = request.identity;
  if (!caller) throw new HttpError(401, 'Mangler adgangstoken: send headeren Authorization: Bearer <token>');
  return caller;
}

/** The verified case worker; the operations role is refused (403). */
export function identityOf(request: FastifyRequest): Identity {
  const caller = callerOf(request);
  if (caller.rolle === 'drift') throw new HttpError(403, DRIFT_REFUSED);
  return caller;
}

/** The verified operations person, on the routes of the operations role; a case worker is refused (403). */
export function driftIdentityOf(request: FastifyRequest): DriftIdentity {
  const caller = callerOf(request);
  if (caller.rolle !== 'drift') throw new HttpError(403, ONLY_DRIFT);
  return caller;
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
