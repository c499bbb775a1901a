// Sønderborg Kommune: almen genoptræning efter udskrivning, Sundhedsloven §140 (seed 002,
// indsatskatalog godkendt 2 Feb 2021, administrativt opdateret juli 2025).
import type { RegelsaetInput } from '../regelsaet.schema';
import { DEFAULT_LETTER_TEXTS, PATIENTKLAGER, SUL140_COMPLAINT, DEFAULT_NOTICE_POLICY } from './defaults';

const hours = (amount: number, cap = true) => ({ unit: 'timer' as const, amount, cap });

/**
 * The diagnoses that propose a category for a plan from the hospital. The catalogue names none:
 * ours, by ICD-10 chapter and block, and only a proposal that the coordinator confirms or changes;
 * "Øvrige sygdomme" takes what nothing else does.
 */
const ICD10_SOURCE = 'default: proposed from the ICD-10 chapters; 002 names no diagnosis codes, and the coordinator confirms the category';

export const sonderborgSul140: RegelsaetInput = {
  id: 'sonderborg-sul140',
  name: 'Sønderborg – almen genoptræning efter Sundhedsloven §140',
  kommune: 'Sønderborg',
  legalBasis: ['SUL §140'],
  source: '002 Indsatskatalog, almen genoptræning efter udskrivning fra sygehus (2 Feb 2021, updated July 2025)',
  trigger: 'genoptraeningsplan', // 002:31 "Borgere der har modtaget en almen genoptræningsplan"
  roles: {
    visitation: 'koordinator', // 002:84-85 "Faglige koordinatorer i Træningsenheden visiterer"
    startBooking: 'koordinator', // 002:87 "Faglige koordinator indkalder borgeren til opstart"
    extensionDecision: 'terapeut', // 002:115-116 the therapist's note suffices; the seed names no approver
    closing: 'terapeut', // 002:125 "Træningsenheden udarbejder afslutningsstatus og lukker genoptræningsforløbet"
  },
  indsatser: [
    {
      id: 'almen-genoptraening',
      name: 'Almen genoptræning efter udskrivning',
      legalBasis: 'SUL §140',
      frames: [],
      // "Tidsramme" of each indsats (section 5); basal and avanceret share the frame (decision A17).
      categories: [
        { id: 'albue-underarm-haand', name: 'Albue, underarm og hånd', frame: hours(6), source: '002:201-203', icd10: ['DS5', 'DS6', 'DM77'], icd10Source: ICD10_SOURCE },
        { id: 'amputation', name: 'Amputation (UE)', frame: hours(24), source: '002:273', icd10: ['DZ89', 'DT05'], icd10Source: ICD10_SOURCE },
        { id: 'ankel-fod', name: 'Ankel og fod', frame: hours(8), source: '002:345', icd10: ['DS9'], icd10Source: ICD10_SOURCE },
        { id: 'ansigt-mund-svaelg', name: 'Ansigt, mund og svælg', frame: hours(8), source: '002:407', icd10: ['DS0', 'DR13', 'DK07'], icd10Source: ICD10_SOURCE },
        { id: 'boern-sanseintegration', name: 'Børn med problemer med sanseintegration', frame: hours(8), source: '002:481-483' },
        { id: 'erhvervet-hjerneskade', name: 'Erhvervet hjerneskade', frame: hours(24), source: '002:567', icd10: ['DI6', 'DS06'], icd10Source: ICD10_SOURCE },
        { id: 'geriatri', name: 'Geriatriske sygdomme', frame: hours(8), source: '002:647', icd10: ['DR54'], icd10Source: ICD10_SOURCE },
        { id: 'hjerte-iskaemisk', name: 'Hjerte: iskæmisk hjertesygdom', frame: hours(18), source: '002:776', icd10: ['DI20', 'DI21', 'DI22', 'DI23', 'DI24', 'DI25'], icd10Source: ICD10_SOURCE },
        { id: 'hjerte-hjertesvigt', name: 'Hjerte: hjertesvigt', frame: hours(26), source: '002:777', icd10: ['DI50'], icd10Source: ICD10_SOURCE },
        { id: 'hjerte-oevrige', name: 'Hjerte: øvrige hjertediagnoser', frame: hours(14, false), source: '002:778 (fixed, not "op til")', icd10: ['DI3', 'DI4', 'DI51', 'DI52'], icd10Source: ICD10_SOURCE },
        { id: 'hofte-laarben-baekken', name: 'Hofte, lårben og bækken', frame: hours(12), source: '002:850', icd10: ['DS7', 'DS32', 'DM16'], icd10Source: ICD10_SOURCE },
        { id: 'knae-underben', name: 'Knæ og underben', frame: hours(14), source: '002:922', icd10: ['DS8', 'DM17'], icd10Source: ICD10_SOURCE },
        { id: 'kraeft', name: 'Kræftsygdomme', frame: hours(8), source: '002:996', icd10: ['DC'], icd10Source: ICD10_SOURCE },
        { id: 'medicinske', name: 'Medicinske sygdomme', frame: hours(8), source: '002:1078', icd10: ['DJ', 'DE', 'DN'], icd10Source: ICD10_SOURCE },
        { id: 'multitraume', name: 'Multitraume', frame: hours(24), source: '002:1152', icd10: ['DT0'], icd10Source: ICD10_SOURCE },
        { id: 'neurologi', name: 'Neurologiske sygdomme', frame: hours(8), source: '002:1234', icd10: ['DG'], icd10Source: ICD10_SOURCE },
        { id: 'psykiatri', name: 'Psykiatriske sygdomme', frame: hours(8), source: '002:1308', icd10: ['DF'], icd10Source: ICD10_SOURCE },
        { id: 'ryg', name: 'Ryg (incl. nakke)', frame: hours(9), source: '002:1388, 002:1311', icd10: ['DM4', 'DM5', 'DS1', 'DS22', 'DS23', 'DS33'], icd10Source: ICD10_SOURCE },
        { id: 'skulder-overarm', name: 'Skulder og overarm', frame: hours(9), source: '002:1478-1480', icd10: ['DS4', 'DM75'], icd10Source: ICD10_SOURCE },
        { id: 'oevrige', name: 'Øvrige sygdomme', frame: hours(8), source: '002:1582 (labelled "medicinske": a slip, decision A16)', icd10: ['D'], icd10Source: ICD10_SOURCE },
      ],
      source: '002:29-75 målgrupper og indsatser',
    },
  ],
  deadlines: [
    {
      // 002:87-88 "indkalder borgeren til opstart ... indenfor 7 kalenderdage efter udskrivelse,
      // hvis ikke anden opstartstid fremgår af genoptræningsplanen"; discharge day is day 0 (A3, A6).
      type: 'opstart',
      anchor: 'udskrivning',
      period: { amount: 7, unit: 'kalenderdage' },
      responsible: 'koordinator',
      binding: 'skal',
      planStartOverrides: true,
      ...DEFAULT_NOTICE_POLICY('koordinator'),
      source: '002:87-88',
    },
    // No other deadline: 002 names no decision, follow-up or grant deadline, and the frames are
    // hours, not months (section 5 of each indsats).
  ],
  extension: {
    // 002:115-116 "dokumenterer trænende terapeut i et fagligt notat ... årsag til at
    // genoptræningsforløbet forlænges": the therapist's note suffices. The seed names no approver
    // and no limit (default: none; a municipality file can set maxExtensions).
    model: 'terapeutnotat',
    requestedBy: 'terapeut',
    source: '002:115-116',
  },
  // 002 says nothing about no-shows or cancellations: no automatic consequence, no cut-off.
  udeblivelse: { steps: [], source: 'default: 002 names no no-show rule' },
  aflysning: { afbud: [], repeated: [], source: 'default: 002 names no cancellation rule' },
  // 002 names no closed days; public holidays only (decision A5).
  closedDays: [],
  letters: {
    letterhead: {
      name: 'Sønderborg Kommune',
      unit: 'Træningsenheden, Sundhedscentret', // 002:23, 002:84 "Faglige koordinatorer i Træningsenheden visiterer"
      addressLines: ['Rådhustorvet 10', '6400 Sønderborg'],
      source: '002:23, 002:84; default: the document names no address; the postal address of the town hall, for the kommune to confirm',
    },
    complaints: [
      SUL140_COMPLAINT(
        'Sønderborg Kommune, Træningsenheden',
        'Skriv til Træningsenheden i Sundhedscentret, Sønderborg Kommune. Skriv, hvorfor du er uenig i afgørelsen.',
        'default: 002 names no complaint body; the kommune, then Styrelsen for Patientklager, within 4 weeks, as klage- og erstatningsloven says for §140',
      ),
      PATIENTKLAGER('default: 002 names no body for the professional content; Styrelsen for Patientklager, as 003:219-222'),
    ],
    texts: DEFAULT_LETTER_TEXTS('Træningsenheden', 'default: 002 gives no letter texts'),
  },
};
