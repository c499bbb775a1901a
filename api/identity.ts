// Who is calling. Until bearer-token authentication is in place, the caller names its role and
// kommune in the headers X-Rolle and X-Kommune; every command is checked against the role.
import type { FastifyRequest } from 'fastify';
import { Role } from '../domain/regelsaet';
import type { Actor } from '../domain/forloeb';
import { HttpError } from './errors';

export function actorOf(request: FastifyRequest): Actor {
  const raw = request.headers['x-rolle'];
  const parsed = Role.safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!parsed.success) {
    throw new HttpError(401, `Mangler eller ugyldig rolle i headeren X-Rolle (en af ${Role.options.join(', ')})`);
  }
  return { role: parsed.data };
}
