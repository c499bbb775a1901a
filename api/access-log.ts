// The access log (adgangslog): every read of a forløb's details and every command is recorded with
// who (user id, role), when, which forløb, what (the route, never values) and why (the purpose of the
// role). The citizen is recorded as a keyed hash of the CPR number, so the log can be searched per
// citizen without holding the number.
//
// A hook guards every route under /api/forloeb/:id: it reads the forløb from its event log in
// PostgreSQL (asking the workflow only for a forløb whose first events are not stored yet), checks the
// caller's access (assertMayAccess), writes the log row and leaves the snapshot on the request for the
// handler. New routes under that path are covered without further code. A route may name its kind of
// access (`config: { adgang: 'cpr_visning' }` on the route that shows the CPR number); otherwise a GET
// is a read and anything else a command.
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Cpr } from '../domain/citizen/cpr.schema';
import type { DriftIdentity, UserRole } from './auth/verifier';
import { forloebWorkflowId, getForloebQuery, type ForloebSnapshot } from '../workflows/forloeb.messages';
import type { AppDeps } from './app';
import { ForloebId, type AccessKind } from './contract';
import { HttpError } from './errors';
import { loadForloebSnapshot } from './read-model/forloeb-snapshot';
import { assertMayAccess, identityOf, type Identity } from './identity';
import { toHttpError } from './temporal-errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The kind of access this route is logged as, when it is not a plain read or command. */
    adgang?: AccessKind;
  }
  interface FastifyRequest {
    /** The forløb the route is about, read (and access-checked) by the access hook. */
    forloebSnapshot: ForloebSnapshot | null;
    /** Where the snapshot was read: the event log, or (not yet stored) the workflow. */
    forloebSnapshotSource: 'log' | 'workflow' | null;
  }
}

/** Why each role processes a citizen's data (the purpose recorded with every access). */
export const PURPOSE_OF_ROLE: Record<UserRole, string> = {
  visitator: 'visitation og afgørelse om genoptræning',
  koordinator: 'planlægning af genoptræning',
  terapeut: 'gennemførelse af genoptræning',
  leder: 'ledelse og opfølgning på frister',
  drift: 'drift og fejlretning af forløbsmotoren',
};


/** HMAC-SHA256 of the normalised CPR number (DDMMYY-SSSS), hex. */
export function cprHash(key: Uint8Array, cpr: string): string {
  const parsed = Cpr.safeParse(cpr);
  const normalised = parsed.success ? parsed.data : cpr.trim();
  return createHmac('sha256', key).update(normalised).digest('hex');
}

export async function recordAccess(
  pool: Pool,
  entry: { identity: Identity; forloebId: string; cprHash: string | null; kind: AccessKind; action: string },
): Promise<void> {
  const { identity, forloebId, kind, action } = entry;
  await pool.query(
    `INSERT INTO adgangslog (user_id, rolle, kommune, forloeb_id, cpr_hash, access_kind, action, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [identity.userId, identity.rolle, identity.kommune, forloebId, entry.cprHash, kind, action, PURPOSE_OF_ROLE[identity.rolle]],
  );
}

/** What a borger was searched by: the whole CPR number, or the beginning of a name. */
export type SearchKind = 'cpr' | 'navn';

/**
 * A search for a borger: who, the kind of term and how many forløb it found; never the term. A CPR
 * search records the term's keyed hash (as every access to that borger's forløb does), so a leder's
 * search of the log for the borger shows who looked them up. The search is about no single forløb.
 */
export async function recordSearch(
  pool: Pool,
  entry: { identity: Identity; kind: SearchKind; cprHash: string | null; hits: number; action: string },
): Promise<void> {
  const { identity } = entry;
  await pool.query(
    `INSERT INTO adgangslog (user_id, rolle, kommune, forloeb_id, cpr_hash, access_kind, action, purpose, soegning_type, antal_fund)
     VALUES ($1, $2, $3, NULL, $4, 'soegning', $5, $6, $7, $8)`,
    [identity.userId, identity.rolle, identity.kommune, entry.cprHash, entry.action, PURPOSE_OF_ROLE[identity.rolle], entry.kind, entry.hits],
  );
}

/** The access kind of a decode at the codec server: a row without a forløb (see the migration). */
export const CODEC_ACCESS_KIND = 'codec_afkodning';

/**
 * A decode at the codec server: who, how many payloads, from which namespace. Never the payloads: the
 * log says that data was shown, not what it was. The Temporal web UI does not say which workflow the
 * payloads belong to, so no forløb is recorded.
 */
export async function recordCodecDecode(pool: Pool, entry: { identity: DriftIdentity; payloadCount: number; namespace: string; action: string }): Promise<void> {
  const { identity } = entry;
  await pool.query(
    `INSERT INTO adgangslog (user_id, rolle, kommune, forloeb_id, cpr_hash, access_kind, action, purpose, payload_count, namespace)
     VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, $7, $8)`,
    [identity.userId, identity.rolle, identity.kommune, CODEC_ACCESS_KIND, entry.action, PURPOSE_OF_ROLE.drift, entry.payloadCount, entry.namespace],
  );
}

/** After a forløb is created: who the citizen is (as a hash) and the creation in the access log. */
export async function recordForloebCreated(
  deps: Pick<AppDeps, 'pool' | 'cprHashKey'>,
  entry: { identity: Identity; forloebId: string; kommune: string; cpr: string; action: string },
): Promise<void> {
  const hash = cprHash(deps.cprHashKey, entry.cpr);
  await deps.pool.query('INSERT INTO forloeb_borger (forloeb_id, cpr_hash, kommune) VALUES ($1, $2, $3) ON CONFLICT (forloeb_id) DO NOTHING', [
    entry.forloebId,
    hash,
    entry.kommune,
  ]);
  await recordAccess(deps.pool, { identity: entry.identity, forloebId: entry.forloebId, cprHash: hash, kind: 'oprettelse', action: entry.action });
}

const FORLOEB_ROUTE = /^\/api\/forloeb\/:id(\/|$)/;
const ForloebIdParam = z.object({ id: ForloebId });

const plugin: FastifyPluginAsync<Pick<AppDeps, 'temporal' | 'pool' | 'cprHashKey' | 'regelsaet' | 'now'>> = async (app, deps) => {
  const { temporal, pool, cprHashKey } = deps;
  app.decorateRequest('forloebSnapshot', null);
  app.decorateRequest('forloebSnapshotSource', null);
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (!route || !FORLOEB_ROUTE.test(route)) return;
    const identity = identityOf(request);
    const params = ForloebIdParam.safeParse(request.params);
    if (!params.success) throw new HttpError(404, 'Forløbet findes ikke');
    const forloebId = params.data.id;
    const logged = await loadForloebSnapshot(pool, forloebId, deps.regelsaet, deps.now());
    const snapshot =
      logged ??
      (await temporal.client.workflow
        .getHandle(forloebWorkflowId(forloebId))
        .query(getForloebQuery)
        .catch((err: unknown) => {
          throw toHttpError(err);
        }));
    const { state } = snapshot;
    if (state.status === 'empty') throw new HttpError(404, 'Forløbet findes ikke');
    // The unit is the one the forløb is assigned to; before assignment every unit of the kommune may act.
    assertMayAccess(identity, { kommune: state.kommune, enhed: state.assignment?.enhed });
    await recordAccess(pool, {
      identity,
      forloebId,
      cprHash: cprHash(cprHashKey, state.source.cpr),
      kind: request.routeOptions.config.adgang ?? (request.method === 'GET' || request.method === 'HEAD' ? 'laesning' : 'kommando'),
      action: `${request.method} ${route}`,
    });
    request.forloebSnapshot = snapshot;
    request.forloebSnapshotSource = logged ? 'log' : 'workflow';
  });
};
// Not encapsulated: the hook applies to the forløb routes registered beside it.
export const forloebAccess = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
