// GET /api/forloeb/:id/haendelser: the forløb's timeline from the event log, without CPR numbers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app';
import { identityOf } from '../identity';
import { ErrorBody, ForloebParams, Tidslinje, TidslinjeQuery } from '../contract';
import { HttpError } from '../errors';
import { timeline } from '../read-model/haendelser';
import type { ReadScope } from '../read-model/scope';

const ForloebIdPattern = /^forloeb-[0-9a-f-]{36}$/;

export const haendelserRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool }) => {
  app.get(
    '/api/forloeb/:id/haendelser',
    {
      schema: {
        summary: 'Forløbets hændelser i rækkefølge',
        tags: ['forløb'],
        params: ForloebParams,
        querystring: TidslinjeQuery,
        response: {
          200: Tidslinje,
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!ForloebIdPattern.test(id)) throw new HttpError(404, 'Forløbet findes ikke');
      const { side, antal } = request.query;
      // Only the caller's own kommune is visible.
      const scope: ReadScope = { kommune: identityOf(request).kommune };
      const page = await timeline(pool, id, { side, antal }, scope);
      if (!page) throw new HttpError(404, 'Forløbet findes ikke');
      return { elementer: page.rows, total: page.total, side, antal };
    },
  );
};
