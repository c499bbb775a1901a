// /api/forloeb: create a forløb, read it, and give it commands.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar';
import { deadlineStatus, frameFor, Genoptraeningsplan, PHASES, type ForloebCommand } from '../../domain/forloeb';
import { decide, initialState } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import {
  bookStartUpdate,
  FORLOEB_WORKFLOW_TYPE,
  forloebWorkflowId,
  getForloebQuery,
  recordVisitationUpdate,
  type CommandResult,
  type ForloebWorkflowInput,
} from '../../workflows/forloeb.messages';
import type { AppDeps } from '../app';
import { badRequest, ErrorBody, HttpError } from '../errors';
import { actorOf } from '../identity';
import { toHttpError } from '../temporal-errors';

export const ForloebId = z.string().regex(/^forloeb-[0-9a-f-]{36}$/, 'er ikke et forløbs-id');

const CreateBody = z.object({
  regelsaetId: z.string().min(1),
  kilde: Genoptraeningsplan,
});

const Ramme = z.object({ enhed: z.enum(['timer', 'sessioner']), antal: z.number(), loft: z.boolean() });

const Frist = z.object({
  type: z.string(),
  ankerdato: LocalDate,
  antal: z.number(),
  enhed: z.string(),
  forfald: LocalDate,
  forfaldstidspunkt: z.string(),
  ansvarlig: z.string(),
  status: z.enum(['overholdt', 'overholdt_for_sent', 'aaben', 'overskredet']),
  overholdt: z.object({ dato: LocalDate, iTide: z.boolean() }).optional(),
  paamindelser: z.array(z.object({ tidspunkt: z.string(), til: z.array(z.string()), sendt: z.boolean() })),
  eskaleringerSendt: z.number(),
  naesteEskalering: z.object({ niveau: z.number(), tidspunkt: z.string(), til: z.array(z.string()) }).optional(),
  kilde: z.string(),
});

const ForloebDetail = z.object({
  id: z.string(),
  regelsaetId: z.string(),
  kommune: z.string(),
  fase: z.enum(PHASES),
  status: z.enum(['aaben', 'afslaaet']),
  kilde: z.object({
    kind: z.string(),
    udskrivningsdato: LocalDate,
    kategori: z.string(),
    niveau: z.string(),
    planOpstartsdato: LocalDate.optional(),
  }),
  visitation: z
    .object({ afgoerelse: z.string(), dato: LocalDate, niveau: z.string().optional(), begrundelse: z.string().optional() })
    .optional(),
  opstart: z.object({ startdato: LocalDate }).optional(),
  ramme: Ramme.optional(),
  frister: z.array(Frist),
  sekvens: z.number(),
});

const CommandAnswer = z.object({
  haendelser: z.array(z.object({ seq: z.number(), type: z.string(), tidspunkt: z.string() })),
});

const VisitationBody = z.object({
  afgoerelse: z.enum(['bevilget', 'afslaaet']),
  niveau: z.enum(['basal', 'avanceret']).optional(),
  begrundelse: z.string().trim().min(1).max(2000).optional(),
});

const OpstartBody = z.object({ startdato: LocalDate });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const forloebRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { temporal, now } = deps;

  app.post(
    '/api/forloeb',
    {
      schema: {
        summary: 'Opret et forløb fra en genoptræningsplan',
        tags: ['forløb'],
        headers: z.object({ 'x-rolle': z.string().optional() }),
        body: CreateBody,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { regelsaetId, kilde } = request.body;
      const regelsaet = findRegelsaet(regelsaetId, deps.regelsaet);
      if (!regelsaet) throw badRequest('regelsaetId', `regelsættet '${regelsaetId}' findes ikke`);
      if (!frameFor(regelsaet, kilde.kategori)) throw badRequest('kilde.kategori', `kategorien findes ikke i regelsættet ${regelsaet.id}`);
      const create: ForloebCommand = { type: 'CreateForloeb', actor, source: kilde };
      const decision = decide(initialState(), create, now(), regelsaet);
      if (!decision.ok) throw new HttpError(decision.refusal.code === 'forbidden_role' ? 403 : 400, decision.refusal.reason);
      const forloebId = `forloeb-${randomUUID()}`;
      const input: ForloebWorkflowInput = { forloebId, regelsaet, create };
      await temporal.client.workflow.start(FORLOEB_WORKFLOW_TYPE, {
        workflowId: forloebWorkflowId(forloebId),
        taskQueue: temporal.taskQueue,
        args: [input],
      });
      return reply.code(201).header('location', `/api/forloeb/${forloebId}`).send({ id: forloebId });
    },
  );

  app.get(
    '/api/forloeb/:id',
    {
      schema: {
        summary: 'Et forløb med fase, ramme og frister',
        tags: ['forløb'],
        params: z.object({ id: z.string() }),
        response: { 200: ForloebDetail, ...errors },
      },
    },
    async (request) => {
      const id = ForloebId.safeParse(request.params.id);
      if (!id.success) throw new HttpError(404, 'Forløbet findes ikke');
      const snapshot = await temporal.client.workflow
        .getHandle(forloebWorkflowId(id.data))
        .query(getForloebQuery)
        .catch((err: unknown) => {
          throw toHttpError(err);
        });
      const { state } = snapshot;
      if (state.status === 'empty') throw new HttpError(404, 'Forløbet findes ikke');
      const at = now();
      const { cpr: _cpr, ...kilde } = state.source;
      return {
        id: id.data,
        regelsaetId: state.regelsaetId,
        kommune: state.kommune,
        fase: state.phase,
        status: state.status === 'refused' ? ('afslaaet' as const) : ('aaben' as const),
        kilde,
        ...(state.visitation
          ? {
              visitation: {
                afgoerelse: state.visitation.decision,
                dato: state.visitation.decidedOn,
                ...(state.visitation.niveau ? { niveau: state.visitation.niveau } : {}),
              },
            }
          : {}),
        ...(state.start ? { opstart: { startdato: state.start.startDate } } : {}),
        ...(snapshot.frame ? { ramme: { enhed: snapshot.frame.unit, antal: snapshot.frame.amount, loft: snapshot.frame.cap } } : {}),
        frister: snapshot.deadlines.map((d) => ({
          type: d.type,
          ankerdato: d.anchorDate,
          antal: d.period.amount,
          enhed: d.period.unit,
          forfald: d.dueDate,
          forfaldstidspunkt: d.dueAt,
          ansvarlig: d.responsible,
          status: deadlineStatus(d, new Date(d.dueAt), at),
          ...(d.met ? { overholdt: { dato: d.met.on, iTide: d.met.inTime } } : {}),
          paamindelser: d.reminders.map((r) => ({ tidspunkt: r.at, til: r.to, sendt: r.sent })),
          eskaleringerSendt: d.escalationsSent,
          ...(d.nextEscalation
            ? { naesteEskalering: { niveau: d.nextEscalation.level, tidspunkt: d.nextEscalation.at, til: d.nextEscalation.to } }
            : {}),
          kilde: d.source,
        })),
        sekvens: state.seq,
      };
    },
  );

  const command = async (id: string, run: (handle: ReturnType<typeof temporal.client.workflow.getHandle>) => Promise<CommandResult>) => {
    const parsed = ForloebId.safeParse(id);
    if (!parsed.success) throw new HttpError(404, 'Forløbet findes ikke');
    const result = await run(temporal.client.workflow.getHandle(forloebWorkflowId(parsed.data))).catch((err: unknown) => {
      throw toHttpError(err);
    });
    return { haendelser: result.events.map((e) => ({ seq: e.seq, type: e.type, tidspunkt: e.at })) };
  };

  app.post(
    '/api/forloeb/:id/visitation',
    {
      schema: {
        summary: 'Visitér forløbet: bevilg eller afslå',
        tags: ['forløb'],
        params: z.object({ id: z.string() }),
        body: VisitationBody,
        response: { 200: CommandAnswer, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { afgoerelse, niveau, begrundelse } = request.body;
      return command(request.params.id, (h) =>
        h.executeUpdate(recordVisitationUpdate, {
          args: [
            {
              type: 'RecordVisitation',
              actor,
              decision: afgoerelse,
              ...(niveau ? { niveau } : {}),
              ...(begrundelse ? { reason: begrundelse } : {}),
            },
          ],
        }),
      );
    },
  );

  app.post(
    '/api/forloeb/:id/opstart',
    {
      schema: {
        summary: 'Book opstarten (første træning)',
        tags: ['forløb'],
        params: z.object({ id: z.string() }),
        body: OpstartBody,
        response: { 200: CommandAnswer, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return command(request.params.id, (h) =>
        h.executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor, startDate: request.body.startdato }] }),
      );
    },
  );
};
