// The API's answers as zod schemas: the routes declare them (Fastify checks every answer against
// them and OpenAPI shows them), and the web UI infers its types from them (ui/src/types.ts), so the
// two cannot drift apart.
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar/local-date.schema';
import { PHASES } from '../../domain/forloeb/state';
import { LegalBasis, Trigger } from '../../domain/regelsaet/regelsaet.schema';
import { TilladtHandling } from './forloeb';

// ---- GET /api/forloeb ---------------------------------------------------------------------------

/** A deadline on a row of the forløb list. */
export const ListFrist = z.object({
  type: z.string(),
  forfald: z.string(),
  status: z.enum(['aaben', 'overskredet']),
  eskaleret: z.boolean(),
  /** Calendar days from today (Europe/Copenhagen) to the due date; negative when missed. */
  dageTilbage: z.number(),
});

export const ListElement = z.object({
  id: z.string(),
  regelsaetId: z.string(),
  kommune: z.string(),
  fase: z.string(),
  /** As in the detail: open, refused at visitation (afslaaet), or closed. */
  status: z.enum(['aaben', 'afslaaet', 'lukket']),
  kategori: z.string().nullable(),
  naesteFrist: ListFrist.nullable(),
  /** With the `aabenFrist` filter: that open deadline (e.g. when the extension must be decided). */
  aabenFrist: ListFrist.optional(),
  ramme: z.object({ enhed: z.string(), antal: z.number(), brugt: z.number() }).nullable(),
  tildeling: z.object({ terapeut: z.string().nullable(), enhed: z.string().nullable() }),
  oprettet: z.string(),
  opdateret: z.string(),
  /** Who the forløb is for: the name (null until one is recorded) and the CPR number masked to the birth date (ddmmyy-xxxx). */
  borger: z.object({ navn: z.string().nullable(), cprMaskeret: z.string().nullable() }),
});

export const ListAnswer = z.object({ elementer: z.array(ListElement), total: z.number().optional(), naesteSide: z.string().optional() });

// ---- GET /api/forloeb/{id} and the commands ------------------------------------------------------

export const Frist = z.object({
  type: z.string(),
  ankerdato: LocalDate,
  antal: z.number(),
  enhed: z.string(),
  forfald: LocalDate,
  forfaldstidspunkt: z.string(),
  ansvarlig: z.string(),
  status: z.enum(['overholdt', 'overholdt_for_sent', 'aaben', 'overskredet', 'bortfaldet']),
  /** `registreret`: when the fact that met it was recorded; a fact recorded after the first escalation is never in time. */
  overholdt: z.object({ dato: LocalDate, iTide: z.boolean(), registreret: z.string().optional() }).optional(),
  paamindelser: z.array(z.object({ tidspunkt: z.string(), til: z.array(z.string()), sendt: z.boolean() })),
  eskaleringerSendt: z.number(),
  naesteEskalering: z.object({ niveau: z.number(), tidspunkt: z.string(), til: z.array(z.string()) }).optional(),
  kilde: z.string(),
});

export const ForloebDetail = z.object({
  id: z.string(),
  regelsaetId: z.string(),
  kommune: z.string(),
  fase: z.enum(PHASES),
  status: z.enum(['aaben', 'afslaaet', 'lukket']),
  /** The plan, application or referral, without the CPR number. */
  kilde: z.record(z.string(), z.unknown()),
  visitation: z
    .object({ afgoerelse: z.string(), dato: LocalDate, indsatsId: z.string().optional(), niveau: z.string().optional(), begrundelse: z.string().optional() })
    .optional(),
  terapeut: z.object({ terapeut: z.string(), enhed: z.string() }).optional(),
  kontaktdato: LocalDate.optional(),
  opstart: z.object({ startdato: LocalDate, afholdt: LocalDate.optional() }).optional(),
  ramme: z.object({ enhed: z.enum(['timer', 'sessioner']), antal: z.number(), loft: z.boolean(), bevilget: z.number(), brugt: z.number() }).optional(),
  fremmoede: z.object({ gennemfoert: z.number(), udeblevet: z.number(), aflystAfBorger: z.number(), aflystAfEnheden: z.number() }).optional(),
  forlaengelser: z.array(z.object({ id: z.number(), type: z.string(), antal: z.number(), anmodet: LocalDate, afgoerelse: z.string().optional(), afgjort: LocalDate.optional() })),
  afslutning: z.object({ aarsag: z.string(), dato: LocalDate }).optional(),
  lukket: LocalDate.optional(),
  frister: z.array(Frist),
  sekvens: z.number(),
  /** The borger's name (absent until one is recorded) and the CPR number masked (ddmmyy-xxxx); the full number is shown on request. */
  borger: z.object({ navn: z.string().optional(), cprMaskeret: z.string() }),
  /** The recorded sessions, each named by its event's seq (the number to annul it by), annulled ones marked. */
  sessioner: z.array(z.object({ seq: z.number(), dato: LocalDate, udfald: z.string(), annulleret: z.boolean() })).optional(),
  /** Every command, and whether the caller's role may give it now; the web UI offers exactly these. */
  tilladteHandlinger: z.array(TilladtHandling),
});

export const CommandAnswer = z.object({ haendelser: z.array(z.object({ seq: z.number(), type: z.string(), tidspunkt: z.string() })) });

// ---- GET /api/forloeb/{id}/haendelser ------------------------------------------------------------

/** Who caused an event: the role and user of the command. Absent for the notices the clock sends. */
export const Aktoer = z.object({ rolle: z.string(), brugerId: z.string().optional() });
export const Haendelse = z.object({ seq: z.number(), type: z.string(), tidspunkt: z.string(), aktoer: Aktoer.optional(), data: z.unknown() });
export const Tidslinje = z.object({ elementer: z.array(Haendelse), total: z.number(), side: z.number(), antal: z.number() });

// ---- GET /api/paamindelser -----------------------------------------------------------------------

/** One open piece of work for a role: a forløb and a deadline, or a task or request, at its current level. */
export const Paamindelse = z.object({
  id: z.string(),
  forloebId: z.string(),
  /**
   * The row's current notice. paamindelse/eskalering: about a deadline (frist); anmodning: a request
   * awaiting this role's decision (frist forlaengelse); revurdering/ramme/terapeut: a task the rules
   * raised (a reassessment, a frame nearly used, a start booked without a therapist; frist names it).
   */
  type: z.enum(['paamindelse', 'eskalering', 'revurdering', 'ramme', 'anmodning', 'terapeut']),
  frist: z.string(),
  /** The reminder's index, the escalation's level (trin = niveau + 1), or the reassessment's count. */
  niveau: z.number(),
  forfald: z.string(),
  tidspunkt: z.string(),
  rolle: z.string(),
  kommune: z.string(),
  /** Who the forløb is for: the name (null until recorded) and the masked CPR number (ddmmyy-xxxx). */
  borger: z.object({ navn: z.string().nullable(), cprMaskeret: z.string().nullable() }),
  /** Who holds the forløb where known: its therapist and unit. */
  ansvarlig: z.object({ terapeut: z.string().nullable(), enhed: z.string().nullable() }),
  /** What to do next, in Danish. */
  naesteSkridt: z.string(),
  /** When the current level was acknowledged; null while it is not (a higher level opens the row again). */
  kvitteret: z.string().nullable(),
  loest: z.string().nullable(),
});

export const Inbox = z.object({
  elementer: z.array(Paamindelse),
  /** Left out when more than 50,000 match. */
  total: z.number().optional(),
  side: z.number(),
  antal: z.number(),
});

// ---- GET /api/rapporter/frister ------------------------------------------------------------------

export const RapportLinje = z.object({
  /** Each breakdown key is present when the report is broken down by it. */
  fristtype: z.string().optional(),
  regelsaetId: z.string().optional(),
  /** null: not assigned to a unit (therapist). */
  enhed: z.string().nullable().optional(),
  terapeut: z.string().nullable().optional(),
  antal: z.number(),
  overholdtITide: z.number(),
  andelITide: z.number().min(0).max(1).nullable(),
  medianDage: z.number().nullable(),
});
/** regelsaetId null: all of the kommune's regelsæt together. */
export const Rapport = z.object({ regelsaetId: z.string().nullable(), fra: z.string(), til: z.string(), opdeling: z.array(z.string()), frister: z.array(RapportLinje) });

// ---- GET /api/rapporter/uger ---------------------------------------------------------------------

export const UgeLinje = z.object({ uge: z.string(), antal: z.number(), overholdtITide: z.number(), andelITide: z.number().min(0).max(1).nullable() });
export const UgeRapport = z.object({ regelsaetId: z.string().nullable(), fra: z.string(), til: z.string(), uger: z.array(UgeLinje) });

// ---- GET /api/rapporter/overskredne, /denne-uge, /prognose ---------------------------------------

export const AabenFrist = z.object({
  forloebId: z.string(),
  regelsaetId: z.string(),
  fristtype: z.string(),
  forfald: z.string(),
  senestITide: z.string(),
  overskredet: z.boolean(),
  dageTilbage: z.number(),
  ansvarligRolle: z.string(),
  terapeut: z.string().nullable(),
  enhed: z.string().nullable(),
  naesteHandling: z.object({ kommando: z.string(), tekst: z.string() }),
});
export const AabneFrister = z.object({ elementer: z.array(AabenFrist), total: z.number(), side: z.number(), antal: z.number() });

// ---- GET /api/regelsaet --------------------------------------------------------------------------

export const RegelsaetSummary = z.object({
  id: z.string(),
  name: z.string(),
  kommune: z.string(),
  legalBasis: z.array(LegalBasis),
  trigger: Trigger,
});
export const RegelsaetListe = z.array(RegelsaetSummary);

// ---- POST /api/codec/decode and /api/codec/encode ------------------------------------------------

/**
 * Temporal's remote codec protocol: payloads in proto3 JSON, so each metadata value and the data are
 * base64. Empty bytes and an empty map may be left out, as proto3 JSON does. The same shape goes in
 * and comes out.
 */
export const CodecPayload = z.strictObject({
  metadata: z.record(z.string(), z.base64()).default({}),
  data: z.base64().default(''),
});
export const CodecPayloads = z.strictObject({ payloads: z.array(CodecPayload) });

// ---- GET /api/drift/fund -------------------------------------------------------------------------

/** What the watchdog found wrong with a forløb workflow (table drift_fund, column kind). */
export const DRIFT_FUND_ARTER = ['ikke_deterministisk', 'timeout', 'opgave_fejler', 'frist_uden_tick'] as const;
/** What it did about it (column repair). */
export const DRIFT_REPARATIONER = ['ingen', 'repareret', 'mislykket'] as const;

/** A finding of the operations inbox; no citizen data, the forløb id is opaque. */
export const DriftFund = z.object({
  id: z.string(),
  forloebId: z.string(),
  runId: z.string().nullable(),
  fundet: z.string(),
  art: z.enum(DRIFT_FUND_ARTER),
  detalje: z.string(),
  reparation: z.enum(DRIFT_REPARATIONER),
  reparationDetalje: z.string().nullable(),
  /** When it was resolved: repaired by the watchdog, or acknowledged by a person of the operations role. */
  loest: z.string().nullable(),
  /** `watchdog`, or the user id of who acknowledged it. */
  loestAf: z.string().nullable(),
  /** The forløb's workflow in the Temporal web UI. */
  temporalLink: z.string(),
});

/** Open findings first, newest first; `naeste` is passed as `side` to get the next page. */
export const DriftFundListe = z.object({ elementer: z.array(DriftFund), naeste: z.string().optional() });
