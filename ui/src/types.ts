// The API's answers as the UI reads them: inferred from the schemas the API declares its answers
// with (api/contract), so a change there shows here as a type error.
import type { z } from 'zod';
import type * as contract from '../../api/contract';

export type Frist = z.infer<typeof contract.Frist>;
export type FristStatus = Frist['status'];
export type ForloebDetail = z.infer<typeof contract.ForloebDetail>;
export type Phase = ForloebDetail['fase'];
export { PHASES } from '../../api/contract';
export type Forlaengelse = ForloebDetail['forlaengelser'][number];
/** A deadline on a row of the forløb list. */
export type ListFrist = z.infer<typeof contract.ListFrist>;
export type ListElement = z.infer<typeof contract.ListElement>;
export type ListAnswer = z.infer<typeof contract.ListAnswer>;
export type Paamindelse = z.infer<typeof contract.Paamindelse>;
export type Inbox = z.infer<typeof contract.Inbox>;
export type Haendelse = z.infer<typeof contract.Haendelse>;
export type Tidslinje = z.infer<typeof contract.Tidslinje>;
export type RegelsaetSummary = z.infer<typeof contract.RegelsaetSummary>;
export type RapportLinje = z.infer<typeof contract.RapportLinje>;
export type Rapport = z.infer<typeof contract.Rapport>;
export type DriftFund = z.infer<typeof contract.DriftFund>;
export type DriftFundListe = z.infer<typeof contract.DriftFundListe>;

/** A regelsæt as GET /api/regelsaet/{id} answers it: the schema the regelsæt files are checked with. */
export type Regelsaet = z.infer<typeof contract.Regelsaet>;
export type UgeRapport = z.infer<typeof contract.UgeRapport>;
export type UgeLinje = z.infer<typeof contract.UgeLinje>;
export type AabneFrister = z.infer<typeof contract.AabneFrister>;
export type AabenFrist = z.infer<typeof contract.AabenFrist>;
