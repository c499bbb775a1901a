// The lists: GET /api/forloeb, POST /api/borger/soeg, GET /api/forloeb/{id}/haendelser and
// GET /api/paamindelser; the queries and bodies they take. Their answers are in responses.ts.
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar/local-date.schema';
import { PHASES } from '../../domain/forloeb/state';
import { DeadlineType, Role } from '../../domain/regelsaet/regelsaet.schema';
import { ListAnswer } from './responses';

/** `aabenFrist` sorts by the due date of the deadline the `aabenFrist` filter names, and needs that filter. */
export const LIST_SORTS = ['naesteFrist', 'oprettet', 'opdateret', 'aabenFrist'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const ListQuerystring = z.object({
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

export const SoegBody = z.strictObject({
  /** A whole CPR number (DDMMÅÅ-NNNN, the dash optional), or the beginning of the borger's name or surname. */
  soeg: z.string().max(200),
  sorter: z.enum(['naesteFrist', 'oprettet', 'opdateret']).default('naesteFrist'),
  retning: z.enum(['asc', 'desc']).default('asc'),
  /** The `naesteSide` of the previous answer. */
  side: z.string().min(1).max(500).optional(),
  antal: z.number().int().min(1).max(200).default(50),
});
export const SoegAnswer = ListAnswer.extend({ soegning: z.enum(['cpr', 'navn']) });

export const TidslinjeQuery = z.object({
  side: z.coerce.number().int().min(1).default(1),
  antal: z.coerce.number().int().min(1).max(200).default(100),
});

export const PaamindelserQuery = z.object({
  rolle: Role.optional(),
  kommune: z.string().min(1).optional(),
  /** aabne: neither resolved (the work done) nor acknowledged at its current level. */
  status: z.enum(['aabne', 'kvitterede', 'loeste', 'alle']).default('aabne'),
  side: z.coerce.number().int().min(1).default(1),
  antal: z.coerce.number().int().min(1).max(200).default(50),
});

export const PaamindelseParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'er ikke et påmindelses-id') });
export const KvitteringAnswer = z.object({ id: z.string(), kvitteret: z.string() });
