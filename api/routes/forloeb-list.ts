// GET /api/forloeb: the list of forløb with filters, sorting and keyset pages.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { copenhagenDateOf, LocalDate } from '../../domain/calendar';
import { PHASES } from '../../domain/forloeb';
import { DeadlineType } from '../../domain/regelsaet';
import type { AppDeps } from '../app';
import { badRequest, ErrorBody } from '../errors';
import { identityOf } from '../identity';
import { ListAnswer } from '../responses';
import { decodeCursor, encodeCursor, LIST_SORTS, listForloeb } from '../read-model/forloeb-list';
import type { ReadScope } from '../read-model/scope';

const ListQuerystring = z.object({
  fase: z.enum(PHASES).optional(),
  regelsaet: z.string().min(1).max(100).optional(),
  overskredet: z.enum(['true', 'false'], { error: 'skal være true eller false' }).transform((v) => v === 'true').optional(),
  forfaldFoer: LocalDate.optional(),
  terapeut: z.string().min(1).max(100).optional(),
  enhed: z.string().min(1).max(100).optional(),
  kommune: z.string().min(1).max(100).optional(),
  /** Only forløb with an open deadline of this type: e.g. `forlaengelse`, an extension request waiting for its decision. */
  aabenFrist: z.enum(DeadlineType.options, { error: `skal være en af: ${DeadlineType.options.join(', ')}` }).optional(),
  sorter: z.enum(LIST_SORTS).default('naesteFrist'),
  retning: z.enum(['asc', 'desc']).default('asc'),
  /** The `naesteSide` of the previous answer. */
  side: z.string().min(1).max(500).optional(),
  antal: z.coerce.number().int().min(1).max(200).default(50),
});

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
