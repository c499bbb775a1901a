// /api/forloeb/{id} and its commands: the request schemas and the table of commands, one POST
// sub-resource each. A command's body is made of the fields of the domain's own command schema
// (domain/forloeb/commands.schema.ts), renamed to the API's Danish words, so the limits and the Danish messages are the
// domain's. Bodies are strict: an unknown or misspelt field is refused, never ignored.
import { z } from 'zod';
import {
  AnnulSession,
  AssignTherapist,
  BookStart,
  CloseForloeb,
  DecideExtension,
  HoldStart,
  RecordAfslutning,
  RecordBorgerNavn,
  RecordContact,
  RecordFollowUp,
  RecordSession,
  RecordStatus,
  RecordVisitation,
  RequestExtension,
} from '../../domain/forloeb/commands.schema';
import type { GivenCommandType } from '../../domain/forloeb/decide';
import { ForloebSource } from '../../domain/forloeb/sources.schema';

export const ForloebId = z.string().regex(/^forloeb-[0-9a-f-]{36}$/, 'er ikke et forløbs-id');

/** The forløb's id as the path gives it; an id that is no forløb id answers 404, like one that does not exist. */
export const ForloebParams = z.object({ id: z.string() });

export const CreateForloebBody = z.strictObject({ regelsaetId: z.string().min(1), kilde: ForloebSource });
export const CreateForloebAnswer = z.object({ id: z.string() });
export const CprAnswer = z.object({ cpr: z.string() });

const visitation = RecordVisitation.shape;
const session = RecordSession.shape;
const extension = RequestExtension.shape;
const decision = DecideExtension.shape;
const afslutning = RecordAfslutning.shape;
const followUp = RecordFollowUp.shape;

/**
 * The commands, keyed by their resource name (`handling`). `path` follows /api/forloeb/{id}, and
 * `params` are the path's parameters (the forløb's id, and a session's or a request's number).
 * `dato` on a decision is its effective date: the day it was made, which may lie before the day it
 * is entered; left out, it is today (Copenhagen).
 */
export const KOMMANDOER = {
  visitation: {
    kommando: 'RecordVisitation',
    path: '/visitation',
    params: ForloebParams,
    summary: 'Visitér: bevilg eller afslå, vælg indsats og ramme',
    body: z.strictObject({
      afgoerelse: visitation.decision,
      indsatsId: visitation.indsatsId,
      rammeAntal: visitation.frameAmount,
      niveau: visitation.niveau,
      begrundelse: visitation.reason,
      dato: visitation.effectiveOn,
    }),
  },
  terapeut: {
    kommando: 'AssignTherapist',
    path: '/terapeut',
    params: ForloebParams,
    summary: 'Tildel terapeut og enhed',
    body: z.strictObject({ terapeut: AssignTherapist.shape.terapeut, enhed: AssignTherapist.shape.enhed }),
  },
  kontakt: { kommando: 'RecordContact', path: '/kontakt', params: ForloebParams, summary: 'Registrér at borgeren er kontaktet', body: z.strictObject({ dato: RecordContact.shape.contactedOn }) },
  opstart: { kommando: 'BookStart', path: '/opstart', params: ForloebParams, summary: 'Book opstarten', body: z.strictObject({ startdato: BookStart.shape.startDate }) },
  afholdt: { kommando: 'HoldStart', path: '/opstart/afholdt', params: ForloebParams, summary: 'Registrér at opstarten er afholdt', body: z.strictObject({ dato: HoldStart.shape.heldOn }) },
  sessioner: {
    kommando: 'RecordSession',
    path: '/sessioner',
    params: ForloebParams,
    summary: 'Registrér en træning: gennemført, aflyst af borger, aflyst af enheden eller udeblevet',
    body: z.strictObject({
      dato: session.date,
      udfald: session.outcome,
      varighedMinutter: session.durationMinutes,
      aflystTidspunkt: session.cancelledAt,
      /** A second session on the same day is taken only with `bekraeftet: true` (else 409, kode kraever_bekraeftelse). */
      bekraeftet: session.confirmed.unwrap().default(false),
    }),
  },
  annullering: {
    kommando: 'AnnulSession',
    path: '/sessioner/:seq/annullering',
    summary: 'Annullér en træning, en udeblivelse eller en aflysning, der er registreret ved en fejl (seq: hændelsens nummer)',
    params: z.object({ id: z.string(), seq: z.string().regex(/^[1-9]\d{0,8}$/, 'er ikke et hændelsesnummer') }),
    body: z.strictObject({ begrundelse: AnnulSession.shape.reason }),
  },
  status: { kommando: 'RecordStatus', path: '/status', params: ForloebParams, summary: 'Skriv et statusnotat', body: z.strictObject({ notat: RecordStatus.shape.note }) },
  forlaengelse: {
    kommando: 'RequestExtension',
    path: '/forlaengelse',
    params: ForloebParams,
    summary: 'Anmod om forlængelse: notat, ekstra træninger, anmodning eller tillægsbevilling',
    body: z.strictObject({ type: extension.kind, antal: extension.amount, begrundelse: extension.reason }),
  },
  afgoerelse: {
    kommando: 'DecideExtension',
    path: '/forlaengelse/:anmodningId/afgoerelse',
    summary: 'Godkend eller afvis en anmodning om forlængelse',
    params: z.object({ id: z.string(), anmodningId: z.string().regex(/^[1-9]\d{0,5}$/, 'er ikke et anmodnings-id') }),
    body: z.strictObject({ afgoerelse: decision.decision, begrundelse: decision.reason, dato: decision.effectiveOn }),
  },
  afslutning: {
    kommando: 'RecordAfslutning',
    path: '/afslutning',
    params: ForloebParams,
    summary: 'Afslut forløbet med en årsag',
    body: z.strictObject({ aarsag: afslutning.reason, dato: afslutning.date, notat: afslutning.note }),
  },
  lukning: { kommando: 'CloseForloeb', path: '/lukning', params: ForloebParams, summary: 'Luk forløbet', body: z.strictObject({ dato: CloseForloeb.shape.effectiveOn }) },
  opfoelgning: { kommando: 'RecordFollowUp', path: '/opfoelgning', params: ForloebParams, summary: 'Registrér opfølgning', body: z.strictObject({ dato: followUp.date, notat: followUp.note }) },
  borger: { kommando: 'RecordBorgerNavn', path: '/borger', params: ForloebParams, summary: 'Registrér eller ret borgerens navn', body: z.strictObject({ navn: RecordBorgerNavn.shape.navn }) },
} as const satisfies Record<string, { kommando: GivenCommandType; path: string; summary: string; params: z.ZodObject; body: z.ZodObject }>;

export type Handling = keyof typeof KOMMANDOER;
export const HANDLINGER = Object.keys(KOMMANDOER) as [Handling, ...Handling[]];

/**
 * Whether the caller may give a command to the forløb now (the domain's `permittedCommands`): per
 * command its resource name, allowed or not, why not (Danish), and where the command has choices, the
 * ones open to the caller (`visitation`: the indsatser it may grant; `forlaengelse`: the kinds).
 */
export const TilladtHandling = z.object({
  handling: z.enum(HANDLINGER),
  tilladt: z.boolean(),
  begrundelse: z.string().optional(),
  valg: z.array(z.string()).optional(),
});
/** The body a command takes, as the client sends it (defaults not yet applied). */
export type KommandoBody<H extends Handling> = z.input<(typeof KOMMANDOER)[H]['body']>;
