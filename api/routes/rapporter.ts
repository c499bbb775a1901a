// GET /api/rapporter/frister: per deadline type, how many fell due in a span and how many were met
// in time, as JSON or as CSV for a spreadsheet.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { copenhagenDateOf, LocalDate } from '../../domain/calendar';
import type { AppDeps } from '../app';
import { identityOf } from '../identity';
import { ErrorBody } from '../errors';
import { fristRapport, fristRapportCsv } from '../read-model/rapporter';
import { Rapport } from '../responses';
import type { ReadScope } from '../read-model/scope';

const RapportQuerystring = z
  .object({
    regelsaet: z.string().min(1).max(100),
    /** Local dates on the deadlines' due date, both included. */
    fra: LocalDate,
    til: LocalDate,
    kommune: z.string().min(1).max(100).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => q.til >= q.fra, { path: ['til'], message: 'kan ikke ligge før fra' });

export const rapporterRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool, now }) => {
  app.get(
    '/api/rapporter/frister',
    {
      schema: {
        summary: 'Overholdelse af frister pr. fristtype',
        description:
          'antal: deadlines due in the span that were met, or missed and past due. andelITide: overholdtITide / antal. medianDage: median calendar days from the anchor date to the day met. `Accept: text/csv` or `format=csv` gives CSV.',
        tags: ['rapporter'],
        querystring: RapportQuerystring,
        response: {
          200: Rapport,
          400: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { regelsaet, fra, til, kommune, format } = request.query;
      // Only the caller's own kommune is visible.
      const scope: ReadScope = { kommune: identityOf(request).kommune };
      const frister = await fristRapport(pool, { regelsaet, fra, til, kommune }, { today: copenhagenDateOf(now()), scope });
      const wantsCsv = format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers.accept ?? ''));
      if (wantsCsv) {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="frister-${fra}-${til}.csv"`)
          .send(fristRapportCsv(frister) as never);
      }
      return { regelsaetId: regelsaet, fra, til, frister };
    },
  );
};
