// A genoptræningsplan as read from a MedCom GGOP message: what the system keeps of it. The parser
// (parse.ts) builds it element by element and checks it against this schema at the edge.
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar/local-date.schema';
import { Cpr } from '../../domain/citizen/cpr.schema';
import { PLAN_TYPES } from '../../domain/forloeb/plan-type';

const Text = z.string().min(1).max(20_000);
const Organisation = z.strictObject({
  /** EANIdentifier (lokationsnummer), 13 digits. */
  ean: z.string().regex(/^\d{13}$/).optional(),
  /** Identifier with IdentifierCode "sor": the SOR code. */
  sor: z.string().min(1).max(30).optional(),
  navn: z.string().min(1).max(200),
  afdeling: z.string().min(1).max(200).optional(),
  enhed: z.string().min(1).max(200).optional(),
});

export const GgopDiagnose = z.strictObject({ kode: z.string().regex(/^[A-Z][A-Z0-9]{2,9}$/), tekst: z.string().min(1).max(500).optional(), primaer: z.boolean() });
export type GgopDiagnose = z.infer<typeof GgopDiagnose>;

/** The free-text sections, by their element names; the coordinator reads them on the forløb page. */
export const GGOP_TEXT_ELEMENTS = [
  'AbilityAtDischargeSummary',
  'AbilityAtDischargeExtended',
  'RehabilitationNeedAndPotential',
  'InformationForPatientAndRelatives',
  'PracticalInformation',
  'PatientSafetyAspects',
  'PatientHealthSummary',
] as const;

export const GgopPlan = z.strictObject({
  /** Letter/Identifier: unique per sender. */
  brevId: z.string().min(1).max(100),
  /** Letter/EpisodeOfCareIdentifier: the hospital contact; a later plan for the same contact replaces the earlier. */
  kontaktId: z.string().min(1).max(100).optional(),
  afsender: Organisation,
  modtager: Organisation,
  borger: z.strictObject({ cpr: Cpr, fornavne: z.string().min(1).max(200).optional(), efternavn: z.string().min(1).max(200).optional() }),
  planType: z.enum(PLAN_TYPES),
  /** CurrentHospitalContact/ExpectedEnd/Date. */
  udskrivningsdato: LocalDate,
  /** CurrentHospitalContact/Start/Date. */
  indlagt: LocalDate.optional(),
  /** RehabilitationDeadline/Date: a later start for health reasons (Sundhedsloven §140 stk. 4). */
  senereOpstart: LocalDate.optional(),
  diagnoser: z.array(GgopDiagnose).max(50),
  tekster: z.partialRecord(z.enum(GGOP_TEXT_ELEMENTS), Text),
});
export type GgopPlan = z.infer<typeof GgopPlan>;
