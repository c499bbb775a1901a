// The API's answers as the UI reads them: inferred from the schemas the API declares its answers
// with (api/responses.ts), so a change there shows here as a type error.
import type { z } from 'zod';
import type * as responses from '../../api/responses';
import type * as regelsaetSchema from '../../domain/regelsaet/regelsaet.schema';

export type Frist = z.infer<typeof responses.Frist>;
export type FristStatus = Frist['status'];
export type ForloebDetail = z.infer<typeof responses.ForloebDetail>;
export type Phase = ForloebDetail['fase'];
export const PHASES = ['visitering', 'opstart', 'traening', 'status', 'afslutning'] as const satisfies readonly Phase[];
export type Forlaengelse = ForloebDetail['forlaengelser'][number];
/** A deadline on a row of the forløb list. */
export type ListFrist = z.infer<typeof responses.ListFrist>;
export type ListElement = z.infer<typeof responses.ListElement>;
export type ListAnswer = z.infer<typeof responses.ListAnswer>;
export type Paamindelse = z.infer<typeof responses.Paamindelse>;
export type Inbox = z.infer<typeof responses.Inbox>;
export type Haendelse = z.infer<typeof responses.Haendelse>;
export type Tidslinje = z.infer<typeof responses.Tidslinje>;
export type RegelsaetSummary = z.infer<typeof responses.RegelsaetSummary>;
export type RapportLinje = z.infer<typeof responses.RapportLinje>;
export type Rapport = z.infer<typeof responses.Rapport>;
export type DriftFund = z.infer<typeof responses.DriftFund>;
export type DriftFundListe = z.infer<typeof responses.DriftFundListe>;

/** A regelsæt as GET /api/regelsaet/{id} answers it: the schema the regelsæt files are checked with. */
export type Regelsaet = z.infer<typeof regelsaetSchema.Regelsaet>;
export type UgeRapport = z.infer<typeof responses.UgeRapport>;
export type UgeLinje = z.infer<typeof responses.UgeLinje>;
export type AabneFrister = z.infer<typeof responses.AabneFrister>;
export type AabenFrist = z.infer<typeof responses.AabenFrist>;
