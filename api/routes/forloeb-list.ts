// GET /api/forloeb: the list of forløb with filters, sorting and keyset pages.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { copenhagenDateOf } from '../../domain/calendar';
import type { AppDeps } from '../app';
import { ErrorBody, ListAnswer, ListQuerystring } from '../contract';
import { badRequest } from '../errors';
import { identityOf } from '../identity';
import { decodeCursor, encodeCursor, listForloeb } from '../read-model/forloeb-list';
import type { ReadScope } from '../read-model/scope';

export const forloebListRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool, now }) => {
  app.get(
    '/api/forloeb',
    {
      schema: {
        summary: 'Forløb med filtre, sortering og sider',
        description:
          '`total` gives the number of matches on the first page when it is at most 50.000; `naesteSide` is passed as `side` to get the next page. ' +
          '`aabenFrist` keeps the forløb with an open (not met, not lapsed) deadline of that type and gives it on each row; `sorter=aabenFrist` sorts by its due date.',
        tags: ['forløb'],
        querystring: ListQuerystring,
        response: {
          200: ListAnswer,
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const { side, ...query } = request.query;
      const cursor = side === undefined ? undefined : decodeCursor(side);
      if (side !== undefined && !cursor) throw badRequest('side', 'er ikke en side fra en tidligere liste');
      if (query.sorter === 'aabenFrist' && query.aabenFrist === undefined) throw badRequest('sorter', 'aabenFrist kræver filteret aabenFrist');
      // Only the caller's own kommune is visible.
      const identity = identityOf(request);
      // A terapeut sees the forløb of their own unit (and those not yet assigned), as on the detail routes.
      const scope: ReadScope = { kommune: identity.kommune, ...(identity.rolle === 'terapeut' ? { enhed: identity.enhed } : {}) };
      const result = await listForloeb(pool, { ...query, cursor }, { today: copenhagenDateOf(now()), scope });
      return {
        elementer: result.rows,
        ...(result.total !== undefined ? { total: result.total } : {}),
        ...(result.next ? { naesteSide: encodeCursor(result.next) } : {}),
      };
    },
  );
};
