// The API's answers as the UI reads them (see api/routes/*.ts).
import type { Rolle } from './session';

export type Phase = 'visitering' | 'opstart' | 'traening' | 'status' | 'afslutning';
export const PHASES: readonly Phase[] = ['visitering', 'opstart', 'traening', 'status', 'afslutning'];
export type FristStatus = 'overholdt' | 'overholdt_for_sent' | 'aaben' | 'overskredet' | 'bortfaldet';

export type Frist = {
  type: string;
  ankerdato: string;
  antal: number;
  enhed: string;
  forfald: string;
  forfaldstidspunkt: string;
  ansvarlig: string;
  status: FristStatus;
  overholdt?: { dato: string; iTide: boolean };
  eskaleringerSendt: number;
};

export type Forlaengelse = { id: number; type: string; antal: number; anmodet: string; afgoerelse?: string; afgjort?: string };

export type ForloebDetail = {
  id: string;
  regelsaetId: string;
  kommune: string;
  fase: Phase;
  status: 'aaben' | 'afslaaet' | 'lukket';
  kilde: Record<string, unknown> & { kind?: string };
  visitation?: { afgoerelse: string; dato: string; indsatsId?: string; niveau?: string; begrundelse?: string };
  terapeut?: { terapeut: string; enhed: string };
  kontaktdato?: string;
  opstart?: { startdato: string; afholdt?: string };
  ramme?: { enhed: 'timer' | 'sessioner'; antal: number; loft: boolean; bevilget: number; brugt: number };
  fremmoede?: { gennemfoert: number; udeblevet: number; aflystAfBorger: number; aflystAfEnheden: number };
  forlaengelser: Forlaengelse[];
  afslutning?: { aarsag: string; dato: string };
  lukket?: string;
  frister: Frist[];
  sekvens: number;
};

/** A deadline on a row of the forløb list. */
export type ListFrist = { type: string; forfald: string; status: 'aaben' | 'overskredet'; eskaleret: boolean; dageTilbage: number };

export type ListElement = {
  id: string;
  regelsaetId: string;
  kommune: string;
  fase: string;
  status: 'aaben' | 'lukket';
  kategori: string | null;
  naesteFrist: ListFrist | null;
  /** With the `aabenFrist` filter: that open deadline. */
  aabenFrist?: ListFrist;
  ramme: { enhed: string; antal: number; brugt: number } | null;
  tildeling: { terapeut: string | null; enhed: string | null };
  oprettet: string;
  opdateret: string;
};
export type ListAnswer = { elementer: ListElement[]; total?: number; naesteSide?: string };

export type Paamindelse = {
  id: string;
  forloebId: string;
  type: 'paamindelse' | 'eskalering';
  frist: string;
  niveau: number;
  forfald: string;
  tidspunkt: string;
  rolle: string;
  kommune: string;
  kvitteret: string | null;
  loest: string | null;
};
export type Inbox = { elementer: Paamindelse[]; total: number; side: number; antal: number };

export type Haendelse = { seq: number; type: string; tidspunkt: string; data: unknown };
export type Tidslinje = { elementer: Haendelse[]; total: number; side: number; antal: number };

export type RegelsaetSummary = { id: string; name: string; kommune: string; legalBasis: string[]; trigger: 'genoptraeningsplan' | 'ansoegning' | 'henvisning' };

export type FrameDef = { unit: 'timer' | 'sessioner'; amount: number; cap: boolean };
export type Regelsaet = RegelsaetSummary & {
  roles: { visitation: Rolle; startBooking: Rolle; extensionDecision: Rolle; closing: Rolle };
  indsatser: { id: string; name: string; frames: FrameDef[]; categories: { id: string; name: string; frame: FrameDef }[]; visitation?: Rolle }[];
  extension: {
    model: 'terapeutnotat' | 'anmodning' | 'tillaegsbevilling';
    requestedBy: Rolle;
    tillaegsbevillinger: { id: string; name: string; unit: string; min: number; max: number }[];
    extraWithoutApplication?: { unit: string; upTo: number; by: Rolle };
  };
  deadlines: { type: string; responsible: Rolle }[];
};

export type RapportLinje = { fristtype: string; antal: number; overholdtITide: number; andelITide: number | null; medianDage: number | null };
export type Rapport = { regelsaetId: string; fra: string; til: string; frister: RapportLinje[] };
