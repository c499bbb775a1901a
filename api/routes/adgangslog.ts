// POST /api/adgangslog/soeg: a leder finds every recorded access to one citizen's forløb in their
// kommune. The CPR number goes in the body (a query string ends up in logs) and is compared as its
// keyed hash; the answer holds no CPR number.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cprHash } from '../access-log';
import type { AppDeps } from '../app';
import { AdgangslogAnswer, AdgangslogSoegBody, ErrorBody, type AccessKind } from '../contract';
import { HttpError } from '../errors';
import { identityOf } from '../identity';

export const adgangslogRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool, cprHashKey }) => {
  app.post(
    '/api/adgangslog/soeg',
    {
      schema: {
        summary: 'Adgangsloggen for en borger (kun leder)',
        description: 'Hvem har læst eller ændret borgerens forløb i kommunen eller fået vist CPR-nummeret, hvornår og med hvilket formål. CPR-nummeret sendes i body, aldrig i URL.',
        tags: ['adgangslog'],
        body: AdgangslogSoegBody,
        response: {
          200: AdgangslogAnswer,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      if (identity.rolle !== 'leder') throw new HttpError(403, 'Kun en leder kan søge i adgangsloggen');
      const { cpr, side, antal } = request.body;
      const hash = cprHash(cprHashKey, cpr);
      const [forloeb, adgange, count] = await Promise.all([
        pool.query<{ forloeb_id: string }>('SELECT forloeb_id FROM forloeb_borger WHERE cpr_hash = $1 AND kommune = $2 ORDER BY created_at, forloeb_id', [
          hash,
          identity.kommune,
        ]),
        pool.query<{ occurred_at: Date; user_id: string; rolle: string; forloeb_id: string | null; access_kind: AccessKind; action: string; purpose: string; soegning_type: 'cpr' | 'navn' | null; antal_fund: number | null }>(
          `SELECT occurred_at, user_id, rolle, forloeb_id, access_kind, action, purpose, soegning_type, antal_fund
             FROM adgangslog WHERE cpr_hash = $1 AND kommune = $2
            ORDER BY occurred_at DESC, id DESC LIMIT $3 OFFSET $4`,
          [hash, identity.kommune, antal, (side - 1) * antal],
        ),
        pool.query<{ n: string }>('SELECT count(*) AS n FROM adgangslog WHERE cpr_hash = $1 AND kommune = $2', [hash, identity.kommune]),
      ]);
      return {
        forloeb: forloeb.rows.map((r) => r.forloeb_id),
        adgange: adgange.rows.map((r) => ({
          tidspunkt: r.occurred_at.toISOString(),
          brugerId: r.user_id,
          rolle: r.rolle,
          forloebId: r.forloeb_id,
          art: r.access_kind,
          handling: r.action,
          formaal: r.purpose,
          ...(r.soegning_type !== null ? { soegning: { type: r.soegning_type, antalFund: r.antal_fund ?? 0 } } : {}),
        })),
        total: Number(count.rows[0]?.n ?? 0),
        side,
        antal,
      };
    },
  );
};
