// /api/forloeb: create a forløb, read it, and give it commands (one POST sub-resource per command).
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { maskCpr } from '../../domain/citizen/borger';
import { caseStatusOf, decide, deadlineStatus, initialState, lifecycleOf, permittedCommands, type Actor, type CommandOf, type ForloebCommand, type GivenCommandType, type Permission } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import {
  assignTherapistUpdate,
  bookStartUpdate,
  closeForloebUpdate,
  decideExtensionUpdate,
  forloebWorkflowId,
  getForloebQuery,
  holdStartUpdate,
  recordAfslutningUpdate,
  recordBorgerNavnUpdate,
  recordContactUpdate,
  recordFollowUpUpdate,
  recordSessionUpdate,
  recordStatusUpdate,
  recordVisitationUpdate,
  requestExtensionUpdate,
  annulSessionUpdate,
  type CommandResult,
  type ForloebSnapshot,
} from '../../workflows/forloeb.messages';
import type { AppDeps } from '../app';
import { startForloebWorkflow } from '../start-forloeb';
import { CommandAnswer, CprAnswer, CreateForloebAnswer, CreateForloebBody, ErrorBody, ForloebDetail, ForloebId, ForloebParams, HANDLINGER, KOMMANDOER, TilladtHandling, type Handling } from '../contract';
import { badRequest, HttpError } from '../errors';
import { forloebIdFromHex } from '../forloeb-id';
import { recordForloebCreated } from '../access-log';
import { actorOf, assertMayCreateIn, identityOf } from '../identity';
import { refusalToHttpError } from '../refusals';
import { forloebClosed, toCommandHttpError, toHttpError } from '../temporal-errors';
import { waitForProjection } from '../read-model/forloeb-snapshot';

/** How long a command's answer waits for the read model to show it. */
const PROJECTION_WAIT_MS = 2_000;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };


/** The domain's answer to which commands the caller may give now, in the contract's words. */
function tilladteHandlinger(permissions: Record<GivenCommandType, Permission> | undefined): z.infer<typeof TilladtHandling>[] {
  return HANDLINGER.map((handling) => {
    const permission = permissions?.[KOMMANDOER[handling].kommando];
    if (!permission) return { handling, tilladt: false, begrundelse: 'forløbets regelsæt er ikke indlæst' };
    if (!permission.allowed) return { handling, tilladt: false, begrundelse: permission.refusal.message };
    return { handling, tilladt: true, ...(permission.choices ? { valg: permission.choices } : {}) };
  });
}

function toDetail(id: string, snapshot: ForloebSnapshot, now: Date, permissions: Record<GivenCommandType, Permission> | undefined): z.infer<typeof ForloebDetail> {
  const { state } = snapshot;
  if (state.status === 'empty') throw new HttpError(404, 'Forløbet findes ikke');
  const { cpr: _cpr, navn: _navn, ...kilde } = state.source;
  const v = state.visitation;
  return {
    id,
    regelsaetId: state.regelsaetId,
    kommune: state.kommune,
    fase: state.phase,
    status: caseStatusOf(lifecycleOf(state)),
    kilde,
    ...(v
      ? {
          visitation: {
            afgoerelse: v.decision,
            dato: v.decidedOn,
            ...(v.indsatsId ? { indsatsId: v.indsatsId } : {}),
            ...(v.niveau ? { niveau: v.niveau } : {}),
            ...(v.reason ? { begrundelse: v.reason } : {}),
          },
        }
      : {}),
    ...(state.assignment ? { terapeut: state.assignment } : {}),
    ...(state.contactedOn ? { kontaktdato: state.contactedOn } : {}),
    ...(state.start ? { opstart: { startdato: state.start.startDate, ...(state.start.heldOn ? { afholdt: state.start.heldOn } : {}) } } : {}),
    ...(snapshot.frame
      ? {
          ramme: {
            enhed: snapshot.frame.unit,
            antal: snapshot.frame.amount,
            loft: snapshot.frame.cap,
            bevilget: state.frame?.granted ?? snapshot.frame.amount,
            brugt: state.frame?.used ?? 0,
          },
        }
      : {}),
    ...(state.visitation?.decision === 'bevilget'
      ? {
          fremmoede: {
            gennemfoert: state.counts.held,
            udeblevet: state.counts.noShows,
            aflystAfBorger: state.counts.citizenCancellations,
            aflystAfEnheden: state.counts.unitCancellations,
          },
        }
      : {}),
    forlaengelser: state.extensions.map((x) => ({
      id: x.requestId,
      type: x.kind,
      antal: x.amount,
      anmodet: x.requestedOn,
      ...(x.decision ? { afgoerelse: x.decision } : {}),
      ...(x.decidedOn ? { afgjort: x.decidedOn } : {}),
    })),
    ...(state.afslutning ? { afslutning: { aarsag: state.afslutning.reason, dato: state.afslutning.date } } : {}),
    ...(state.closedOn && v?.decision !== 'afslaaet' ? { lukket: state.closedOn } : {}),
    frister: snapshot.deadlines.map((d) => ({
      type: d.type,
      ankerdato: d.anchorDate,
      antal: d.period.amount,
      enhed: d.period.unit,
      forfald: d.dueDate,
      forfaldstidspunkt: d.dueAt,
      ansvarlig: d.responsible,
      status: deadlineStatus(d, new Date(d.dueAt), now),
      ...(d.met ? { overholdt: { dato: d.met.on, iTide: d.met.inTime, ...(d.met.recordedAt ? { registreret: d.met.recordedAt } : {}) } } : {}),
      paamindelser: d.reminders.map((r) => ({ tidspunkt: r.at, til: r.to, sendt: r.sent })),
      eskaleringerSendt: d.escalationsSent,
      ...(d.nextEscalation ? { naesteEskalering: { niveau: d.nextEscalation.level, tidspunkt: d.nextEscalation.at, til: d.nextEscalation.to } } : {}),
      kilde: d.source,
    })),
    sekvens: state.seq,
    borger: { ...(state.borgerNavn ? { navn: state.borgerNavn } : {}), cprMaskeret: maskCpr(state.source.cpr) },
    ...(state.sessions ? { sessioner: state.sessions.map((x) => ({ seq: x.seq, dato: x.date, udfald: x.outcome, annulleret: x.annulled === true })) } : {}),
    tilladteHandlinger: tilladteHandlinger(permissions),
  };
}

export const forloebRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { temporal, now, pool } = deps;

  const handleOf = (id: string): WorkflowHandle => {
    const parsed = ForloebId.safeParse(id);
    if (!parsed.success) throw new HttpError(404, 'Forløbet findes ikke');
    return temporal.client.workflow.getHandle(forloebWorkflowId(parsed.data));
  };

  app.post(
    '/api/forloeb',
    {
      schema: {
        summary: 'Opret et forløb fra en genoptræningsplan, en ansøgning eller en henvisning',
        tags: ['forløb'],
        body: CreateForloebBody,
        response: { 201: CreateForloebAnswer, ...errors },
      },
      config: { idempotent: true },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { regelsaetId, kilde } = request.body;
      const regelsaet = findRegelsaet(regelsaetId, deps.regelsaet);
      if (!regelsaet) throw badRequest('regelsaetId', 'regelsættet findes ikke');
      assertMayCreateIn(identityOf(request), regelsaet.kommune);
      const create: CommandOf<'CreateForloeb'> = { type: 'CreateForloeb', actor, source: kilde, receivedAt: now().toISOString() };
      const decision = decide(initialState(), create, now(), regelsaet);
      if (!decision.ok) throw refusalToHttpError(decision.refusal);
      // With an Idempotency-Key the id comes from the request's token, so a repeat of a create whose
      // answer was lost finds the forløb its first attempt started instead of starting a second one.
      const token = request.idempotencyClaim?.token;
      const forloebId = token ? forloebIdFromHex(token) : `forloeb-${randomUUID()}`;
      await startForloebWorkflow(temporal, { forloebId, regelsaet, create }, token !== undefined);
      await recordForloebCreated(deps, { identity: identityOf(request), forloebId, kommune: regelsaet.kommune, cpr: kilde.cpr, action: 'POST /api/forloeb' });
      return reply.code(201).header('location', `/api/forloeb/${forloebId}`).send({ id: forloebId });
    },
  );

  app.get(
    '/api/forloeb/:id',
    { schema: { summary: 'Et forløb med fase, ramme, fremmøde, forlængelser og frister', tags: ['forløb'], params: ForloebParams, response: { 200: ForloebDetail, ...errors } } },
    async (request) => {
      // The access hook (api/access-log.ts) has read, checked and logged the forløb already.
      const snapshot =
        request.forloebSnapshot ??
        (await handleOf(request.params.id)
          .query(getForloebQuery)
          .catch((err: unknown) => {
            throw toHttpError(err);
          }));
      // What the caller's role may do now, by the domain's own gates, under the regelsæt the forløb runs by.
      const rules = snapshot.state.status === 'empty' ? undefined : findRegelsaet(snapshot.state.regelsaetId, deps.regelsaet);
      const permissions = rules ? permittedCommands(snapshot.state, identityOf(request).rolle, rules) : undefined;
      return toDetail(request.params.id, snapshot, now(), permissions);
    },
  );

  app.post(
    '/api/forloeb/:id/cpr',
    {
      schema: {
        summary: 'Vis borgerens CPR-nummer (registreres i adgangsloggen)',
        description:
          'Forløbet og dets hændelser udleveres uden CPR-nummer. Her udleveres nummeret på brugerens anmodning, og adgangen logges som cpr_visning ' +
          'med brugerens rolle og formål. Samme adgang som til forløbet: en anden kommunes forløb findes ikke (404). Svaret må ikke gemmes (no-store).',
        tags: ['forløb'],
        params: ForloebParams,
        response: { 200: CprAnswer, ...errors },
      },
      // Logged by the access hook as a CPR disclosure; never idempotent, so the answer is never stored.
      config: { adgang: 'cpr_visning' },
    },
    async (request, reply) => {
      const snapshot = request.forloebSnapshot;
      if (!snapshot || snapshot.state.status === 'empty') throw new HttpError(404, 'Forløbet findes ikke');
      reply.header('cache-control', 'no-store');
      return { cpr: snapshot.state.source.cpr };
    },
  );

  /** A command's route options, from the contract's table: its path parameters and body, and its answers. */
  const commandOptions = <H extends Handling>(handling: H) => {
    const spec: (typeof KOMMANDOER)[H] = KOMMANDOER[handling];
    const params: (typeof KOMMANDOER)[H]['params'] = spec.params;
    const body: (typeof KOMMANDOER)[H]['body'] = spec.body;
    return { schema: { summary: spec.summary, tags: ['kommandoer'], params, body, response: { 200: CommandAnswer, ...errors } }, config: { idempotent: true } };
  };
  const commandUrl = (handling: Handling) => `/api/forloeb/:id${KOMMANDOER[handling].path}`;

  /**
   * Gives a forløb a command: stamps it with the instant the API received it, sends it as its Update,
   * and answers with its events once the event log shows them.
   */
  async function give<C extends ForloebCommand>(request: FastifyRequest, id: string, update: UpdateDefinition<CommandResult, [C]>, toCommand: (actor: Actor) => C) {
    const actor = actorOf(request);
    // Closed is closed: a forløb that its log shows as ended is not asked at all.
    if (request.forloebSnapshot?.state.status === 'closed') throw forloebClosed();
    // Stamped with the instant the API received it: the workflow decides it at that instant, so a
    // command decided again later (a retried or repaired workflow task) gets the same decision.
    const command: C = { ...toCommand(actor), receivedAt: now().toISOString() };
    // With an Idempotency-Key, a repeat sends the same Update id: Temporal answers it with the
    // outcome of the first, so a command whose answer was lost is not applied twice.
    const token = request.idempotencyClaim?.token;
    const handle = handleOf(id);
    const result = await handle
      .executeUpdate(update, { args: [command], ...(token ? { updateId: `command-${token}` } : {}) })
      .catch(async (err: unknown) => {
        throw await toCommandHttpError(err, handle);
      });
    // Read your own writes: the answer waits (briefly) until the event log shows the command, so
    // a reader that follows it sees its events. A database that is down only delays the read model.
    const lastSeq = result.events.at(-1)?.seq;
    if (lastSeq !== undefined && request.forloebSnapshotSource === 'log') await waitForProjection(pool, id, lastSeq, PROJECTION_WAIT_MS).catch(() => false);
    return { haendelser: result.events.map((e) => ({ seq: e.seq, type: e.type, tidspunkt: e.at })) };
  }

  const opt = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

  app.post(commandUrl('visitation'), commandOptions('visitation'), async (request) => {
    const b = request.body;
    return give(request, request.params.id, recordVisitationUpdate, (actor) => ({
      type: 'RecordVisitation',
      actor,
      decision: b.afgoerelse,
      ...opt('indsatsId', b.indsatsId),
      ...opt('frameAmount', b.rammeAntal),
      ...opt('niveau', b.niveau),
      ...opt('reason', b.begrundelse),
      ...opt('effectiveOn', b.dato),
    }));
  });
  app.post(commandUrl('terapeut'), commandOptions('terapeut'), async (request) =>
    give(request, request.params.id, assignTherapistUpdate, (actor) => ({ type: 'AssignTherapist', actor, terapeut: request.body.terapeut, enhed: request.body.enhed })),
  );
  app.post(commandUrl('kontakt'), commandOptions('kontakt'), async (request) =>
    give(request, request.params.id, recordContactUpdate, (actor) => ({ type: 'RecordContact', actor, contactedOn: request.body.dato })),
  );
  app.post(commandUrl('opstart'), commandOptions('opstart'), async (request) =>
    give(request, request.params.id, bookStartUpdate, (actor) => ({ type: 'BookStart', actor, startDate: request.body.startdato })),
  );
  app.post(commandUrl('afholdt'), commandOptions('afholdt'), async (request) =>
    give(request, request.params.id, holdStartUpdate, (actor) => ({ type: 'HoldStart', actor, heldOn: request.body.dato })),
  );
  app.post(commandUrl('sessioner'), commandOptions('sessioner'), async (request) => {
    const b = request.body;
    return give(request, request.params.id, recordSessionUpdate, (actor) => ({
      type: 'RecordSession',
      actor,
      date: b.dato,
      outcome: b.udfald,
      durationMinutes: b.varighedMinutter,
      ...opt('cancelledAt', b.aflystTidspunkt),
      confirmed: b.bekraeftet,
    }));
  });
  app.post(commandUrl('annullering'), commandOptions('annullering'), async (request) =>
    give(request, request.params.id, annulSessionUpdate, (actor) => ({ type: 'AnnulSession', actor, sessionSeq: Number(request.params.seq), reason: request.body.begrundelse })),
  );
  app.post(commandUrl('status'), commandOptions('status'), async (request) =>
    give(request, request.params.id, recordStatusUpdate, (actor) => ({ type: 'RecordStatus', actor, note: request.body.notat })),
  );
  app.post(commandUrl('forlaengelse'), commandOptions('forlaengelse'), async (request) => {
    const b = request.body;
    return give(request, request.params.id, requestExtensionUpdate, (actor) => ({ type: 'RequestExtension', actor, kind: b.type, amount: b.antal, reason: b.begrundelse }));
  });
  app.post(commandUrl('afgoerelse'), commandOptions('afgoerelse'), async (request) => {
    const b = request.body;
    return give(request, request.params.id, decideExtensionUpdate, (actor) => ({
      type: 'DecideExtension',
      actor,
      requestId: Number(request.params.anmodningId),
      decision: b.afgoerelse,
      reason: b.begrundelse,
      ...opt('effectiveOn', b.dato),
    }));
  });
  app.post(commandUrl('afslutning'), commandOptions('afslutning'), async (request) => {
    const b = request.body;
    return give(request, request.params.id, recordAfslutningUpdate, (actor) => ({ type: 'RecordAfslutning', actor, reason: b.aarsag, date: b.dato, ...opt('note', b.notat) }));
  });
  app.post(commandUrl('lukning'), commandOptions('lukning'), async (request) =>
    give(request, request.params.id, closeForloebUpdate, (actor) => ({ type: 'CloseForloeb', actor, ...opt('effectiveOn', request.body.dato) })),
  );
  app.post(commandUrl('opfoelgning'), commandOptions('opfoelgning'), async (request) =>
    give(request, request.params.id, recordFollowUpUpdate, (actor) => ({ type: 'RecordFollowUp', actor, date: request.body.dato, note: request.body.notat })),
  );
  app.post(commandUrl('borger'), commandOptions('borger'), async (request) =>
    give(request, request.params.id, recordBorgerNavnUpdate, (actor) => ({ type: 'RecordBorgerNavn', actor, navn: request.body.navn })),
  );
};
