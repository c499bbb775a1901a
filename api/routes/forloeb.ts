// /api/forloeb: create a forløb, read it, and give it commands (one POST sub-resource per command).
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar';
import { maskCpr } from '../../domain/citizen/borger';
import {
  AfslutningReason,
  decide,
  deadlineStatus,
  ExtensionKind,
  ForloebSource,
  initialState,
  SessionOutcome,
  type Actor,
  type CommandOf,
  type ForloebCommand,
} from '../../domain/forloeb';
import { BorgerNavn } from '../../domain/citizen/borger.schema';
import { findRegelsaet } from '../../domain/regelsaet';
import {
  assignTherapistUpdate,
  bookStartUpdate,
  closeForloebUpdate,
  decideExtensionUpdate,
  FORLOEB_WORKFLOW_TYPE,
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
  type ForloebWorkflowInput,
} from '../../workflows/forloeb.messages';
import type { AppDeps } from '../app';
import { badRequest, ErrorBody, HttpError } from '../errors';
import { forloebIdFromHex } from '../forloeb-id';
import { recordForloebCreated } from '../access-log';
import { actorOf, assertMayCreateIn, identityOf } from '../identity';
import { CommandAnswer, ForloebDetail } from '../responses';
import { forloebClosed, toCommandHttpError, toHttpError } from '../temporal-errors';
import { waitForProjection } from '../read-model/forloeb-snapshot';

/** How long a command's answer waits for the read model to show it. */
const PROJECTION_WAIT_MS = 2_000;

export const ForloebId = z.string().regex(/^forloeb-[0-9a-f-]{36}$/, 'er ikke et forløbs-id');

const CreateBody = z.object({ regelsaetId: z.string().min(1), kilde: ForloebSource });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = z.object({ id: z.string() });

function toDetail(id: string, snapshot: ForloebSnapshot, now: Date): z.infer<typeof ForloebDetail> {
  const { state } = snapshot;
  if (state.status === 'empty') throw new HttpError(404, 'Forløbet findes ikke');
  const { cpr: _cpr, navn: _navn, ...kilde } = state.source;
  const v = state.visitation;
  return {
    id,
    regelsaetId: state.regelsaetId,
    kommune: state.kommune,
    fase: state.phase,
    status: v?.decision === 'afslaaet' ? 'afslaaet' : state.status === 'closed' ? 'lukket' : 'aaben',
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
        body: CreateBody,
        response: { 201: z.object({ id: z.string() }), ...errors },
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
      if (!decision.ok) {
        if (decision.refusal.code === 'forbidden_role') throw new HttpError(403, decision.refusal.reason);
        const [field, ...message] = decision.refusal.reason.split(': ');
        throw message.length > 0 ? badRequest(field!, message.join(': ')) : new HttpError(400, decision.refusal.reason);
      }
      // With an Idempotency-Key the id comes from the request's token, so a repeat of a create whose
      // answer was lost finds the forløb its first attempt started instead of starting a second one.
      const token = request.idempotencyClaim?.token;
      const forloebId = token ? forloebIdFromHex(token) : `forloeb-${randomUUID()}`;
      const input: ForloebWorkflowInput = { forloebId, regelsaet, create };
      await temporal.client.workflow
        .start(FORLOEB_WORKFLOW_TYPE, {
          workflowId: forloebWorkflowId(forloebId),
          taskQueue: temporal.taskQueue,
          args: [input],
          ...(token ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
        })
        .catch((err: unknown) => {
          if (token && err instanceof WorkflowExecutionAlreadyStartedError) return;
          throw err;
        });
      await recordForloebCreated(deps, { identity: identityOf(request), forloebId, kommune: regelsaet.kommune, cpr: kilde.cpr, action: 'POST /api/forloeb' });
      return reply.code(201).header('location', `/api/forloeb/${forloebId}`).send({ id: forloebId });
    },
  );

  app.get(
    '/api/forloeb/:id',
    { schema: { summary: 'Et forløb med fase, ramme, fremmøde, forlængelser og frister', tags: ['forløb'], params: IdParams, response: { 200: ForloebDetail, ...errors } } },
    async (request) => {
      // The access hook (api/access-log.ts) has read, checked and logged the forløb already.
      const snapshot =
        request.forloebSnapshot ??
        (await handleOf(request.params.id)
          .query(getForloebQuery)
          .catch((err: unknown) => {
            throw toHttpError(err);
          }));
      return toDetail(request.params.id, snapshot, now());
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
        params: IdParams,
        response: { 200: z.object({ cpr: z.string() }), ...errors },
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

  /** One POST sub-resource per command: parse the body, build the command, send it as an Update. */
  function commandRoute<B extends z.ZodType, C extends ForloebCommand>(
    path: string,
    summary: string,
    body: B,
    update: UpdateDefinition<CommandResult, [C]>,
    toCommand: (body: z.infer<B>, actor: Actor, params: Record<string, string>) => C,
    params: z.ZodObject = IdParams,
  ) {
    app.post(
      `/api/forloeb/:id${path}`,
      { schema: { summary, tags: ['kommandoer'], params, body, response: { 200: CommandAnswer, ...errors } }, config: { idempotent: true } },
      async (request) => {
        const actor = actorOf(request);
        const p = request.params as Record<string, string>;
        // Closed is closed: a forløb that its log shows as ended is not asked at all.
        if (request.forloebSnapshot?.state.status === 'closed') throw forloebClosed();
        // Stamped with the instant the API received it: the workflow decides it at that instant, so a
        // command decided again later (a retried or repaired workflow task) gets the same decision.
        const command: C = { ...toCommand(request.body as z.infer<B>, actor, p), receivedAt: now().toISOString() };
        // With an Idempotency-Key, a repeat sends the same Update id: Temporal answers it with the
        // outcome of the first, so a command whose answer was lost is not applied twice.
        const token = request.idempotencyClaim?.token;
        const handle = handleOf(p.id!);
        const result = await handle
          .executeUpdate(update, { args: [command], ...(token ? { updateId: `command-${token}` } : {}) })
          .catch(async (err: unknown) => {
            throw await toCommandHttpError(err, handle);
          });
        // Read your own writes: the answer waits (briefly) until the event log shows the command, so
        // a reader that follows it sees its events. A database that is down only delays the read model.
        const lastSeq = result.events.at(-1)?.seq;
        if (lastSeq !== undefined && request.forloebSnapshotSource === 'log') await waitForProjection(pool, p.id!, lastSeq, PROJECTION_WAIT_MS).catch(() => false);
        return { haendelser: result.events.map((e) => ({ seq: e.seq, type: e.type, tidspunkt: e.at })) };
      },
    );
  }

  const opt = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const Note = z.string().trim().min(1).max(4000);
  /**
   * `dato` on a decision is its effective date: the day it was made, which may lie before the day it is
   * entered; left out, it is today (Copenhagen). The same name as the date of a contact, a held start,
   * an afslutning and a follow-up. Bodies that carry it are strict, so a misspelt date field is refused
   * instead of silently becoming today.
   */
  const Virkningsdato = LocalDate.optional();

  commandRoute(
    '/visitation',
    'Visitér: bevilg eller afslå, vælg indsats og ramme',
    z.strictObject({
      afgoerelse: z.enum(['bevilget', 'afslaaet']),
      indsatsId: z.string().min(1).optional(),
      rammeAntal: z.number().positive().optional(),
      niveau: z.enum(['basal', 'avanceret']).optional(),
      begrundelse: Note.optional(),
      dato: Virkningsdato,
    }),
    recordVisitationUpdate,
    (b, actor) => ({
      type: 'RecordVisitation',
      actor,
      decision: b.afgoerelse,
      ...opt('indsatsId', b.indsatsId),
      ...opt('frameAmount', b.rammeAntal),
      ...opt('niveau', b.niveau),
      ...opt('reason', b.begrundelse),
      ...opt('effectiveOn', b.dato),
    }),
  );
  commandRoute('/terapeut', 'Tildel terapeut og enhed', z.object({ terapeut: z.string().min(1), enhed: z.string().min(1) }), assignTherapistUpdate, (b, actor) => ({
    type: 'AssignTherapist',
    actor,
    terapeut: b.terapeut,
    enhed: b.enhed,
  }));
  commandRoute('/kontakt', 'Registrér at borgeren er kontaktet', z.object({ dato: LocalDate }), recordContactUpdate, (b, actor) => ({
    type: 'RecordContact',
    actor,
    contactedOn: b.dato,
  }));
  commandRoute('/opstart', 'Book opstarten', z.object({ startdato: LocalDate }), bookStartUpdate, (b, actor) => ({ type: 'BookStart', actor, startDate: b.startdato }));
  commandRoute('/opstart/afholdt', 'Registrér at opstarten er afholdt', z.object({ dato: LocalDate }), holdStartUpdate, (b, actor) => ({
    type: 'HoldStart',
    actor,
    heldOn: b.dato,
  }));
  commandRoute(
    '/sessioner',
    'Registrér en træning: gennemført, aflyst af borger, aflyst af enheden eller udeblevet',
    z.object({
      dato: LocalDate,
      udfald: SessionOutcome,
      varighedMinutter: z.number().int().min(0).max(600).default(0),
      aflystTidspunkt: z.iso.datetime({ offset: true }).optional(),
      /** A second session on the same day is taken only with `bekraeftet: true` (else 409, kode kraever_bekraeftelse). */
      bekraeftet: z.boolean().default(false),
    }),
    recordSessionUpdate,
    (b, actor) => ({
      type: 'RecordSession',
      actor,
      date: b.dato,
      outcome: b.udfald,
      durationMinutes: b.varighedMinutter,
      ...opt('cancelledAt', b.aflystTidspunkt),
      confirmed: b.bekraeftet,
    }),
  );
  commandRoute(
    '/sessioner/:seq/annullering',
    'Annullér en træning, en udeblivelse eller en aflysning, der er registreret ved en fejl (seq: hændelsens nummer)',
    z.strictObject({ begrundelse: Note }),
    annulSessionUpdate,
    (b, actor, p) => ({ type: 'AnnulSession', actor, sessionSeq: Number(p.seq), reason: b.begrundelse }),
    z.object({ id: z.string(), seq: z.string().regex(/^[1-9]\d{0,8}$/, 'er ikke et hændelsesnummer') }),
  );
  commandRoute('/status', 'Skriv et statusnotat', z.object({ notat: Note }), recordStatusUpdate, (b, actor) => ({ type: 'RecordStatus', actor, note: b.notat }));
  commandRoute(
    '/forlaengelse',
    'Anmod om forlængelse: notat, ekstra træninger, anmodning eller tillægsbevilling',
    z.object({ type: ExtensionKind, antal: z.number().positive(), begrundelse: Note }),
    requestExtensionUpdate,
    (b, actor) => ({ type: 'RequestExtension', actor, kind: b.type, amount: b.antal, reason: b.begrundelse }),
  );
  commandRoute(
    '/forlaengelse/:anmodningId/afgoerelse',
    'Godkend eller afvis en anmodning om forlængelse',
    z.strictObject({ afgoerelse: z.enum(['godkendt', 'afvist']), begrundelse: Note, dato: Virkningsdato }),
    decideExtensionUpdate,
    (b, actor, p) => ({
      type: 'DecideExtension',
      actor,
      requestId: Number(p.anmodningId),
      decision: b.afgoerelse,
      reason: b.begrundelse,
      ...opt('effectiveOn', b.dato),
    }),
    z.object({ id: z.string(), anmodningId: z.string().regex(/^[1-9]\d{0,5}$/, 'er ikke et anmodnings-id') }),
  );
  commandRoute(
    '/afslutning',
    'Afslut forløbet med en årsag',
    z.object({ aarsag: AfslutningReason, dato: LocalDate, notat: Note.optional() }),
    recordAfslutningUpdate,
    (b, actor) => ({ type: 'RecordAfslutning', actor, reason: b.aarsag, date: b.dato, ...opt('note', b.notat) }),
  );
  commandRoute('/lukning', 'Luk forløbet', z.strictObject({ dato: Virkningsdato }), closeForloebUpdate, (b, actor) => ({
    type: 'CloseForloeb',
    actor,
    ...opt('effectiveOn', b.dato),
  }));
  commandRoute('/opfoelgning', 'Registrér opfølgning', z.object({ dato: LocalDate, notat: Note }), recordFollowUpUpdate, (b, actor) => ({
    type: 'RecordFollowUp',
    actor,
    date: b.dato,
    note: b.notat,
  }));
  commandRoute('/borger', 'Registrér eller ret borgerens navn', z.strictObject({ navn: BorgerNavn }), recordBorgerNavnUpdate, (b, actor) => ({
    type: 'RecordBorgerNavn',
    actor,
    navn: b.navn,
  }));
};
