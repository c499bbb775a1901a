// /api/drift/fund: the operations inbox. The watchdog writes what it finds wrong with a forløb
// workflow to drift_fund, and what it did about it; a finding it could not repair stays open until
// a person of the operations role (drift) acknowledges it here. Only drift may read or acknowledge:
// the findings hold no citizen data, but they are not the case roles' business either.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';
import { forloebWorkflowId } from '../../workflows/forloeb.messages';
import type { AppDeps, DriftDeps } from '../app';
import { DriftFund, DriftFundListe, DriftFundParams, DriftFundQuery, ErrorBody } from '../contract';
import { badRequest, HttpError } from '../errors';
import { driftIdentityOf } from '../identity';
import type { DRIFT_FUND_ARTER, DRIFT_REPARATIONER } from '../contract';

type Row = {
  id: string;
  forloeb_id: string;
  run_id: string | null;
  found_at: Date;
  /** found_at in microseconds since the epoch, exactly: the keyset cursor must not lose PostgreSQL's precision. */
  found_us: string;
  kind: (typeof DRIFT_FUND_ARTER)[number];
  detail: string;
  repair: (typeof DRIFT_REPARATIONER)[number];
  repair_detail: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
};

const COLUMNS = `id::text, forloeb_id, run_id, found_at, (extract(epoch FROM found_at) * 1000000)::bigint::text AS found_us,
  kind, detail, repair, repair_detail, resolved_at, resolved_by`;

/**
 * Where a page ends in the order (open first, newest first): resolved or not, when found, the id. A
 * cursor comes back from the client, so its numbers are bounded: at most 16 digits of microseconds
 * (until the year 2286) stay a timestamp PostgreSQL can compute, 18 digits of id a bigint.
 */
const Cursor = z.strictObject({ loest: z.boolean(), us: z.string().regex(/^-?\d{1,16}$/), id: z.string().regex(/^\d{1,18}$/) });
type Cursor = z.infer<typeof Cursor>;

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(side: string): Cursor | undefined {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(side, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function listFindings(pool: Pool, query: { aabne?: boolean | undefined; cursor?: Cursor | undefined; antal: number }): Promise<Row[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.aabne !== undefined) where.push(query.aabne ? 'resolved_at IS NULL' : 'resolved_at IS NOT NULL');
  if (query.cursor) {
    const { loest, us, id } = query.cursor;
    params.push(loest, us, id);
    // After the cursor in (resolved ascending, found_at descending, id descending).
    where.push(`((resolved_at IS NOT NULL) > $1 OR ((resolved_at IS NOT NULL) = $1
      AND (found_at, id) < ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::bigint)))`);
  }
  params.push(query.antal + 1);
  const result = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM drift_fund ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY (resolved_at IS NOT NULL), found_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}

export const driftRoutes: FastifyPluginAsyncZod<Pick<AppDeps, 'pool' | 'now'> & { drift: DriftDeps }> = async (app, { pool, now, drift }) => {
  const linkOf = (forloebId: string) =>
    `${drift.temporalUiOrigin}/namespaces/${encodeURIComponent(drift.namespace)}/workflows/${encodeURIComponent(forloebWorkflowId(forloebId))}`;

  const toAnswer = (r: Row): z.infer<typeof DriftFund> => ({
    id: r.id,
    forloebId: r.forloeb_id,
    runId: r.run_id,
    fundet: r.found_at.toISOString(),
    art: r.kind,
    detalje: r.detail,
    reparation: r.repair,
    reparationDetalje: r.repair_detail,
    loest: r.resolved_at ? r.resolved_at.toISOString() : null,
    loestAf: r.resolved_by,
    temporalLink: linkOf(r.forloeb_id),
  });

  app.get(
    '/api/drift/fund',
    {
      config: { callers: 'drift' },
      schema: {
        summary: 'Driftens indbakke: hvad vagthunden har fundet galt med forløbenes workflows (kun drift)',
        description: 'Åbne fund først, nyeste først. `aabne=true` giver kun de åbne, `aabne=false` kun de løste; `naeste` sendes som `side` for næste side.',
        tags: ['drift'],
        querystring: DriftFundQuery,
        response: { 200: DriftFundListe, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      driftIdentityOf(request);
      const { aabne, side, antal } = request.query;
      const cursor = side === undefined ? undefined : decodeCursor(side);
      if (side !== undefined && !cursor) throw badRequest('side', 'er ikke en side fra en tidligere liste');
      const rows = await listFindings(pool, { aabne, cursor, antal });
      const page = rows.slice(0, antal);
      const last = page.at(-1);
      return {
        elementer: page.map(toAnswer),
        ...(rows.length > antal && last ? { naeste: encodeCursor({ loest: last.resolved_at !== null, us: last.found_us, id: last.id }) } : {}),
      };
    },
  );

  app.post(
    '/api/drift/fund/:id/kvittering',
    {
      config: { callers: 'drift' },
      schema: {
        summary: 'Kvittér for et fund i driftens indbakke (kun drift)',
        description: 'Markerer fundet som løst af dig. Et fund, der allerede er løst (af vagthunden eller en anden), giver 409.',
        tags: ['drift'],
        params: DriftFundParams,
        response: { 200: DriftFund, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const identity = driftIdentityOf(request);
      const { id } = request.params;
      // Only an open finding is resolved: the condition in the UPDATE decides a race between two people.
      const updated = await pool.query<Row>(
        `UPDATE drift_fund SET resolved_at = $2, resolved_by = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING ${COLUMNS}`,
        [id, now(), identity.userId],
      );
      if (updated.rows[0]) return toAnswer(updated.rows[0]);
      const existing = await pool.query<{ resolved_by: string | null }>('SELECT resolved_by FROM drift_fund WHERE id = $1', [id]);
      if (!existing.rows[0]) throw new HttpError(404, 'Fundet findes ikke');
      throw new HttpError(409, existing.rows[0].resolved_by === 'watchdog' ? 'Fundet er allerede løst af vagthunden' : 'Fundet er allerede kvitteret for');
    },
  );
};
