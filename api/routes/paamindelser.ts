// /api/paamindelser: the inbox of a role, one row per open piece of work, most urgent first.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { nextStepFor, type InboxTask } from '../../domain/forloeb/next-action';
import type { DeadlineType } from '../../domain/regelsaet';
import type { AppDeps } from '../app';
import { inbox } from '../read-model/paamindelser';
import { ErrorBody, Inbox, KvitteringAnswer, PaamindelseParams, PaamindelserQuery } from '../contract';
import { HttpError } from '../errors';
import { identityOf, type Identity } from '../identity';

/** A leder reads every role's inbox in their kommune; the other roles only their own. */
function assertMayReadInbox(identity: Identity, rolle: string): void {
  if (rolle !== identity.rolle && identity.rolle !== 'leder') throw new HttpError(403, 'Du kan kun se påmindelser til din egen rolle');
}

export const paamindelserRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool }) => {
  app.get(
    '/api/paamindelser',
    {
      schema: {
        summary: 'Opgaver til en rolle i din kommune: én pr. forløb og frist eller anmodning, på sit højeste trin',
        description: 'rolle er som standard din egen; kun en leder kan se andre rollers påmindelser. kommune er altid din egen.',
        tags: ['påmindelser'],
        querystring: PaamindelserQuery,
        response: {
          200: Inbox,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const { status, side, antal } = request.query;
      const rolle = request.query.rolle ?? identity.rolle;
      assertMayReadInbox(identity, rolle);
      if (request.query.kommune !== undefined && request.query.kommune !== identity.kommune) {
        throw new HttpError(403, 'Du kan kun se påmindelser i din egen kommune');
      }
      const { rows, total } = await inbox(pool, { rolle, status, side, antal }, { kommune: identity.kommune });
      return {
        elementer: rows.map((r) => ({
          id: String(r.id),
          forloebId: r.forloeb_id,
          type: r.kind,
          frist: r.deadline,
          niveau: r.level,
          forfald: r.due_date,
          tidspunkt: r.scheduled_at.toISOString(),
          rolle: r.rolle,
          kommune: r.kommune,
          borger: { navn: r.borger_navn, cprMaskeret: r.borger_cpr_maskeret },
          ansvarlig: { terapeut: r.terapeut, enhed: r.enhed },
          naesteSkridt: nextStepFor(r.deadline as DeadlineType | InboxTask).label,
          kvitteret: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
          loest: r.resolved_at ? r.resolved_at.toISOString() : null,
        })),
        ...(total !== undefined ? { total: Number(total) } : {}),
        side,
        antal,
      };
    },
  );

  app.post(
    '/api/paamindelser/:id/kvittering',
    {
      schema: {
        summary: 'Kvittér for en opgave på dens nuværende trin og alle trin før',
        tags: ['påmindelser'],
        params: PaamindelseParams,
        response: { 200: KvitteringAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      // Another kommune's reminder does not exist for the caller; another role's is not theirs to acknowledge.
      const identity = identityOf(request);
      const target = await pool.query<{ kommune: string; rolle: string }>('SELECT kommune, rolle FROM paamindelser WHERE id = $1', [request.params.id]);
      const found = target.rows[0];
      if (!found || found.kommune !== identity.kommune) throw new HttpError(404, 'Påmindelsen findes ikke');
      if (found.rolle !== identity.rolle && identity.rolle !== 'leder') throw new HttpError(403, 'Du kan kun kvittere for påmindelser til din egen rolle');
      const result = await pool.query<{ acknowledged_at: Date }>(
        // Acknowledges the current level and every one before it; a level already acknowledged keeps its time.
        `UPDATE paamindelser SET acknowledged_at = CASE WHEN acknowledged_rank >= rank THEN acknowledged_at ELSE now() END,
                                 acknowledged_rank = GREATEST(acknowledged_rank, rank)
          WHERE id = $1 RETURNING acknowledged_at`,
        [request.params.id],
      );
      const row = result.rows[0];
      if (!row) throw new HttpError(404, 'Påmindelsen findes ikke');
      return { id: request.params.id, kvitteret: row.acknowledged_at.toISOString() };
    },
  );
};
