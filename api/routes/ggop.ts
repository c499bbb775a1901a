// POST /api/ggop: a genoptræningsplan as the hospital sent it (a MedCom GGOP XML message) creates a
// §140 forløb under the kommune's regelsæt; GET /api/ggop/modtagelser lists what was received and
// what became of it, refused messages with their reason, so that no plan is lost silently.
//
// The same letter twice creates one forløb: the forløb's id is derived from the kommune, the sender
// and the letter's id, and Temporal refuses a second workflow with it, so even two deliveries at once
// start one. Every message is recorded in ggop_modtagelser without personal data.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { copenhagenDateOf } from '../../domain/calendar';
import { decide, initialState, type CommandOf } from '../../domain/forloeb';
import { proposeKategori } from '../../domain/regelsaet/kategori-forslag';
import type { Regelsaet } from '../../domain/regelsaet';
import { MAX_MESSAGE_BYTES } from '../../intake/ggop/decode';
import { parseGgop } from '../../intake/ggop/parse';
import type { GgopPlan } from '../../intake/ggop/plan.schema';
import { GgopRefused } from '../../intake/ggop/refusal';
import { isAddressedTo, senderKey, sourceFromPlan } from '../../intake/ggop/to-source';
import type { AppDeps } from '../app';
import { startForloebWorkflow } from '../start-forloeb';
import { recordForloebCreated } from '../access-log';
import { ErrorBody, GgopModtagelser, GgopModtagelserQuery, GgopModtaget } from '../contract';
import { HttpError } from '../errors';
import { forloebIdFromHex } from '../forloeb-id';
import { actorOf, identityOf } from '../identity';

const XML_TYPES = ['application/xml', 'text/xml'];

type Reception = {
  kommune: string;
  plan?: GgopPlan | undefined;
  udfald: 'oprettet' | 'dublet' | 'afvist';
  forloebId?: string | undefined;
  refusal?: { element: string; besked: string } | undefined;
};

async function record(pool: Pool, r: Reception): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO ggop_modtagelser (kommune, afsender, afsender_navn, brev_id, kontakt_id, udfald, forloeb_id, element, besked)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [
      r.kommune,
      r.plan ? senderKey(r.plan) : null,
      r.plan?.afsender.navn ?? null,
      r.plan?.brevId ?? null,
      r.plan?.kontaktId ?? null,
      r.udfald,
      r.forloebId ?? null,
      r.refusal?.element ?? null,
      r.refusal?.besked ?? null,
    ],
  );
  return rowCount === 1;
}

/** The forløb id a letter gets: the same letter from the same sender to the same kommune, the same id. */
const forloebIdOf = (kommune: string, plan: GgopPlan): string =>
  forloebIdFromHex(createHash('sha256').update(JSON.stringify([kommune, senderKey(plan), plan.brevId])).digest('hex'));

/** The kommune's regelsæt for plans from the hospital (§140). */
const regelsaetFor = (all: readonly Regelsaet[], kommune: string) => all.find((r) => r.kommune === kommune && r.trigger === 'genoptraeningsplan');

export const ggopRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { pool, temporal, now } = deps;
  app.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/api/ggop',
    {
      schema: {
        summary: 'Modtag en genoptræningsplan fra sygehuset (MedCom GGOP) og opret forløbet',
        description:
          'Body: the GGOP message as XML (Content-Type application/xml or text/xml; UTF-8 or ISO-8859-1, at most 5 MB). ' +
          'Creates a §140 forløb under the kommune’s regelsæt with the category proposed from the diagnoses. ' +
          'The same letter again answers 200 with the forløb it created. A message that cannot be used answers 400 (the element and reason) ' +
          'or 422 (another kommune’s plan, specialiseret genoptræning, no category), and is listed under GET /api/ggop/modtagelser.',
        tags: ['forløb'],
        consumes: XML_TYPES,
        response: { 200: GgopModtaget, 201: GgopModtaget, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const actor = actorOf(request);
      const { kommune } = identity;
      const regelsaet = regelsaetFor(deps.regelsaet, kommune);
      if (!regelsaet) throw new HttpError(409, `${kommune} Kommune har intet regelsæt for genoptræningsplaner (§140)`);
      if (actor.role !== regelsaet.roles.visitation) {
        throw new HttpError(403, `Genoptræningsplaner modtages af rollen ${regelsaet.roles.visitation}`);
      }
      if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'Send genoptræningsplanen som XML (Content-Type application/xml)');

      const refuse = async (status: number, refusal: { element: string; besked: string }, plan?: GgopPlan) => {
        await record(pool, { kommune, plan, udfald: 'afvist', refusal });
        return new HttpError(status, 'Genoptræningsplanen kan ikke modtages', [{ felt: refusal.element, besked: refusal.besked }]);
      };

      let plan: GgopPlan;
      try {
        plan = parseGgop(request.body);
      } catch (err) {
        if (err instanceof GgopRefused) throw await refuse(400, err);
        throw err;
      }
      if (!isAddressedTo(plan, kommune)) throw await refuse(422, { element: 'RehabilitationPlan/Receiver', besked: `planen er ikke til ${kommune} Kommune` }, plan);
      if (plan.planType === 'specialiseret') {
        throw await refuse(422, { element: 'RehabilitationPlan/TypeOfRehabilitationPlan', besked: 'specialiseret genoptræning varetages af sygehuset' }, plan);
      }

      const forloebId = forloebIdOf(kommune, plan);
      const earlier = await pool.query<{ forloeb_id: string; brev_id: string }>(
        `SELECT forloeb_id, brev_id FROM ggop_modtagelser
          WHERE kommune = $1 AND afsender = $2 AND udfald = 'oprettet' AND (brev_id = $3 OR ($4::text IS NOT NULL AND kontakt_id = $4))
          ORDER BY (brev_id = $3) DESC LIMIT 1`,
        [kommune, senderKey(plan), plan.brevId, plan.kontaktId ?? null],
      );
      const found = earlier.rows[0];
      if (found?.brev_id === plan.brevId) {
        await record(pool, { kommune, plan, udfald: 'dublet', forloebId: found.forloeb_id });
        return reply.code(200).send({ id: found.forloeb_id, dublet: true });
      }
      if (found) {
        // A later plan for the same hospital contact. Until it replaces the earlier plan in its forløb
        // by itself, it is refused and listed, so the coordinator sees it and corrects the forløb.
        throw await refuse(409, { element: 'RehabilitationPlan/Letter/EpisodeOfCareIdentifier', besked: `planen erstatter planen i forløbet ${found.forloeb_id}; ret forløbet` }, plan);
      }

      const kategori = proposeKategori(regelsaet, plan.diagnoser);
      if (!kategori) throw await refuse(422, { element: 'RehabilitationPlan/ICD10Diagnoses', besked: 'ingen diagnose foreslår en kategori i regelsættet' }, plan);
      const receivedAt = now();
      const create: CommandOf<'CreateForloeb'> = {
        type: 'CreateForloeb',
        actor,
        source: sourceFromPlan(plan, kategori.id, copenhagenDateOf(receivedAt)),
        receivedAt: receivedAt.toISOString(),
      };
      const decision = decide(initialState(), create, receivedAt, regelsaet);
      if (!decision.ok) {
        // The plan's own dates against the regelsæt (a discharge date too far ahead, a later start before discharge).
        const { field, message } = decision.refusal;
        throw await refuse(422, { element: field ? `(planen) ${field}` : '(planen)', besked: message }, plan);
      }

      // The same letter delivered twice at once: the other delivery started it.
      await startForloebWorkflow(temporal, { forloebId, regelsaet, create }, true);
      const first = await record(pool, { kommune, plan, udfald: 'oprettet', forloebId });
      if (!first) {
        await record(pool, { kommune, plan, udfald: 'dublet', forloebId });
        return reply.code(200).send({ id: forloebId, kategori: kategori.id, dublet: true });
      }
      await recordForloebCreated(deps, { identity, forloebId, kommune, cpr: plan.borger.cpr, action: 'POST /api/ggop' });
      return reply.code(201).header('location', `/api/forloeb/${forloebId}`).send({ id: forloebId, kategori: kategori.id, dublet: false });
    },
  );

  app.get(
    '/api/ggop/modtagelser',
    {
      schema: {
        summary: 'Modtagne genoptræningsplaner, og hvad der blev af dem (afviste med begrundelse)',
        tags: ['forløb'],
        querystring: GgopModtagelserQuery,
        response: { 200: GgopModtagelser, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { kommune } = identityOf(request);
      const { udfald, antal } = request.query;
      const { rows } = await pool.query<{
        modtaget_at: Date;
        udfald: 'oprettet' | 'dublet' | 'afvist';
        afsender_navn: string | null;
        brev_id: string | null;
        forloeb_id: string | null;
        element: string | null;
        besked: string | null;
      }>(
        `SELECT modtaget_at, udfald, afsender_navn, brev_id, forloeb_id, element, besked FROM ggop_modtagelser
          WHERE kommune = $1 AND ($2::text IS NULL OR udfald = $2) ORDER BY modtaget_at DESC, id DESC LIMIT $3`,
        [kommune, udfald ?? null, antal],
      );
      return {
        elementer: rows.map((r) => ({
          modtaget: r.modtaget_at.toISOString(),
          udfald: r.udfald,
          afsender: r.afsender_navn,
          brevId: r.brev_id,
          forloebId: r.forloeb_id,
          element: r.element,
          besked: r.besked,
        })),
      };
    },
  );
};
