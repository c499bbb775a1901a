// The borger: find the forløb of a borger by CPR number or name. (Entering or correcting the name is
// a command like the others: POST /api/forloeb/:id/borger in routes/forloeb.ts.)
//
// Search is a POST with the term in the body, never a query string: a CPR number or a name in a URL
// ends up in proxy, load-balancer and browser history logs that the access rules do not cover. The
// CPR number is compared as its keyed hash (forloeb_borger), the name as a normalised prefix of the
// whole name or of its last word. Only the caller's kommune is searched (a terapeut: their own unit
// and the forløb not yet assigned, as in the list), and every search is a row of the access log.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { copenhagenDateOf } from '../../domain/calendar';
import { INVISIBLE, normaliseNavn } from '../../domain/citizen/borger';
import { Cpr } from '../../domain/citizen/cpr.schema';
import { cprHash, recordSearch, type SearchKind } from '../access-log';
import type { AppDeps } from '../app';
import { ErrorBody, SoegAnswer, SoegBody } from '../contract';
import { badRequest } from '../errors';
import { identityOf } from '../identity';
import { decodeCursor, encodeCursor, listForloeb, type BorgerSearch } from '../read-model/forloeb-list';
import type { ReadScope } from '../read-model/scope';

/** A name prefix shorter than this would hand out most of a kommune's borgere in one search. */
export const MIN_NAME_PREFIX = 2;

const LooksLikeCpr = /^\s*\d{6}-?\d{4}\s*$/;

/** The search a term asks for, or a refusal naming the field; the message never repeats the term. */
export function parseTerm(term: string, hashKey: Uint8Array): { kind: SearchKind; search: BorgerSearch } {
  if (LooksLikeCpr.test(term)) {
    const cpr = Cpr.safeParse(term);
    if (!cpr.success) throw badRequest('soeg', 'er ikke et gyldigt CPR-nummer (fødselsdatoen findes ikke)');
    return { kind: 'cpr', search: { cprHash: cprHash(hashKey, cpr.data) } };
  }
  if (/\d/.test(term)) throw badRequest('soeg', 'skriv et helt CPR-nummer (DDMMÅÅ-NNNN) eller begyndelsen af et navn');
  const prefix = normaliseNavn(term);
  if (INVISIBLE.test(prefix)) throw badRequest('soeg', 'må ikke indeholde usynlige tegn eller kontroltegn');
  if ([...prefix].length < MIN_NAME_PREFIX) throw badRequest('soeg', `skriv mindst ${MIN_NAME_PREFIX} bogstaver af navnet`);
  return { kind: 'navn', search: { navnPrefix: prefix } };
}

export const borgerRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { pool, now, cprHashKey } = deps;

  app.post(
    '/api/borgere/soeg',
    {
      schema: {
        summary: 'Find en borgers forløb på CPR-nummer eller navn (registreres i adgangsloggen)',
        description:
          'Et helt CPR-nummer søges eksakt; ellers søges der på begyndelsen af navnet eller efternavnet, uden forskel på store og små bogstaver. ' +
          'Kun egen kommune (en terapeut: egen enhed og forløb uden enhed). Søgeordet sendes i body, aldrig i URL, og gemmes aldrig; ' +
          'søgningen logges med art (cpr/navn) og antal fund. Svaret har samme form som listen og må ikke gemmes (no-store).',
        tags: ['borger'],
        body: SoegBody,
        response: { 200: SoegAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const { soeg, side, ...query } = request.body;
      const cursor = side === undefined ? undefined : decodeCursor(side);
      if (side !== undefined && !cursor) throw badRequest('side', 'er ikke en side fra en tidligere søgning');
      const { kind, search } = parseTerm(soeg, cprHashKey);
      const scope: ReadScope = { kommune: identity.kommune, ...(identity.rolle === 'terapeut' ? { enhed: identity.enhed } : {}) };
      const result = await listForloeb(pool, { ...query, borger: search, cursor }, { today: copenhagenDateOf(now()), scope });
      await recordSearch(pool, {
        identity,
        kind,
        cprHash: 'cprHash' in search ? search.cprHash : null,
        hits: result.total ?? result.rows.length,
        action: 'POST /api/borgere/soeg',
      });
      reply.header('cache-control', 'no-store');
      return {
        soegning: kind,
        elementer: result.rows,
        ...(result.total !== undefined ? { total: result.total } : {}),
        ...(result.next ? { naesteSide: encodeCursor(result.next) } : {}),
      };
    },
  );
};
