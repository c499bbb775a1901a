// Sønderborg Kommune: genoptræning og vedligeholdelsestræning efter Serviceloven §86 stk. 1 og 2
// (seed 000, indsatskatalog godkendt af Sundhedsudvalget 2 Feb 2021, 000:123).
//
// One regelsæt for both legal bases, not two: the catalogue describes one process for all six
// indsatser (visitation 000:80-84, start 000:89, extension 000:111, closing 000:120) and names no
// deadline that differs between stk. 1 and stk. 2, so a split would only copy the same rules twice.
// Each indsats carries its own legal basis. (Brøndby, 003, is split because its start and follow-up
// deadlines differ between stk. 1 and stk. 2: 003:144, 003:163-168.)
import type { RegelsaetInput } from '../regelsaet.schema';
import { DEFAULT_LETTER_TEXTS, DEFAULT_NOTICE_POLICY, DEFAULT_SEL86_START, DEFAULT_EXTENSION_DECISION_DEADLINE, PATIENTKLAGER, SEL86_COMPLAINT } from './defaults';

const hours = (amount: number, cap = false) => ({ unit: 'timer' as const, amount, cap });
const threeMonths = { amount: 3, unit: 'maaneder' as const };

export const sonderborgSel86: RegelsaetInput = {
  id: 'sonderborg-sel86',
  name: 'Sønderborg – genoptræning og vedligeholdelsestræning efter Serviceloven §86 stk. 1 og 2',
  kommune: 'Sønderborg',
  legalBasis: ['SEL §86 stk. 1', 'SEL §86 stk. 2'],
  source: '000 Indsatskatalog, genoptræning og vedligeholdelsestræning efter servicelovens §86 stk. 1 og 2 (2 Feb 2021)',
  trigger: 'ansoegning', // 000:82 "Visitator i Myndighedsafdelingen modtager anmodning om træningsforløb"
  roles: {
    visitation: 'visitator', // 000:82-84 "Visitator træffer afgørelse om, hvilken indsats borgeren er berettiget til"
    startBooking: 'terapeut', // 000:89 "Træningsenheden indkalder borgeren"
    extensionDecision: 'visitator', // 000:111 "Der anmodes om forlængelse af forløbet, via visitator"
    closing: 'visitator', // 000:120 "træningsforløbet lukkes af visitator i Myndighedsafdelingen" (A19: one role)
  },
  indsatser: [
    {
      id: 'genoptraening',
      name: 'Genoptræning efter servicelovens §86 stk. 1',
      legalBasis: 'SEL §86 stk. 1',
      // 000:216-226 "kan leveres som: 13 timers forløb ... 26 timers forløb" (a fixed frame: not "op til").
      frames: [hours(13), hours(26)],
      maxDuration: threeMonths, // 000:214 "tidsafgrænset indsats med op til 3 måneders varighed"
      source: '000:126-230',
    },
    {
      id: 'genoptraening-korttidsplads',
      name: 'Genoptræning efter servicelovens §86 stk. 1 – ophold på korttidsplads',
      legalBasis: 'SEL §86 stk. 1',
      frames: [hours(15)], // 000:330-332 "Standardtidsrammen ...: 15 timer"
      endsWithStay: true, // 000:326 "tidsbegrænset indsats under opholdet på Korttidspladsen" (A18)
      source: '000:234-336',
    },
    {
      // Ends with a recommendation to the visitation, which grants any follow-on indsats (000:366, 000:387-391).
      id: 'faglig-udredning',
      name: 'Faglig udredning efter servicelovens §86 stk. 2',
      legalBasis: 'SEL §86 stk. 2',
      frames: [hours(4)], // 000:383 "Standardtidsrammen for faglig udredning: 4 timer"; no duration given
      source: '000:340-391',
    },
    {
      id: 'vedligeholdelsestraening',
      name: 'Vedligeholdelsestræning efter servicelovens §86 stk. 2',
      legalBasis: 'SEL §86 stk. 2',
      frames: [hours(13), hours(26)], // 000:483-491
      maxDuration: threeMonths, // 000:479 "op til 3 måneders varighed"
      source: '000:395-495',
    },
    {
      id: 'traeningsvejledning-borgere',
      name: 'Træningsvejledning til borgere efter servicelovens §86 stk. 2',
      legalBasis: 'SEL §86 stk. 2',
      frames: [hours(4, true)], // 000:564 "op til 4 timer"; individual only (000:538)
      maxDuration: threeMonths, // 000:560 "indenfor 3 måneder"
      source: '000:497-564',
    },
    {
      id: 'traeningsvejledning-personale',
      name: 'Træningsvejledning til plejepersonale efter servicelovens §86 stk. 2',
      legalBasis: 'SEL §86 stk. 2',
      frames: [hours(4, true)], // 000:640 "op til 4 timer"
      maxDuration: threeMonths, // 000:636 "indenfor 3 måneder"
      source: '000:565-640',
    },
  ],
  // 000 names no decision deadline and no follow-up: none is set here.
  deadlines: [
    {
      // default: 000 names no start deadline. 000:89 "indkalder borgeren i henhold til rammerne i
      // kvalitetsstandarden" points to the kvalitetsstandard linked at 000:27-31, which is not among
      // the seeds. We use 10 hverdage after the decision, the start deadline of the other §86.1
      // documents (001:230, 003:163). A municipality file with the real value replaces it.
      type: 'opstart',
      anchor: 'afgoerelse',
      period: DEFAULT_SEL86_START,
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: 'default: 000 names no start deadline (000:89 refers to the kvalitetsstandard linked at 000:27-31); 10 hverdage after the decision as in 001:230 and 003:163',
    },
    {
      // 000:92 "som udgangspunkt en varighed på op til max. 3 måneder"; before it runs out the
      // Træningsenheden closes with a status or asks the visitator for more (000:111, 000:115-120).
      // Korttidsplads ends with the stay and faglig udredning has no duration: they carry no grant deadline.
      type: 'bevilling',
      anchor: 'opstart',
      period: threeMonths,
      responsible: 'terapeut',
      binding: 'skal',
      appliesTo: ['genoptraening', 'vedligeholdelsestraening', 'traeningsvejledning-borgere', 'traeningsvejledning-personale'],
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '000:92, 000:214, 000:479, 000:560, 000:636',
    },
    DEFAULT_EXTENSION_DECISION_DEADLINE('visitator'),
  ],
  extension: {
    model: 'anmodning', // 000:111 "Der anmodes om forlængelse af forløbet, via visitator i Myndighedsafdelingen"
    requestedBy: 'terapeut', // 000:109-111 the Træningsenheden evaluates and asks
    source: '000:111',
  },
  // 000 says nothing about no-shows or cancellations: no automatic consequence, no cut-off.
  udeblivelse: { steps: [], source: 'default: 000 names no no-show rule' },
  aflysning: { afbud: [], repeated: [], source: 'default: 000 names no cancellation rule' },
  // 000 names no closed days; public holidays only (decision A5).
  closedDays: [],
  letters: {
    letterhead: {
      name: 'Sønderborg Kommune',
      unit: 'Myndighedsafdelingen, Job og Velfærd', // 000:17, 000:39 "Myndighedsafdelingen i Job og Velfærd" visits
      addressLines: ['Rådhustorvet 10', '6400 Sønderborg'],
      source: '000:17, 000:39; default: the document names no address; the postal address of the town hall, for the kommune to confirm',
    },
    complaints: [
      SEL86_COMPLAINT(
        'Sønderborg Kommune, Myndighedsafdelingen',
        'Skriv til Myndighedsafdelingen, Job og Velfærd, Sønderborg Kommune. Skriv, hvorfor du er uenig i afgørelsen.',
        'default: 000 names no complaint body; the kommune, then Ankestyrelsen, within 4 weeks, as Serviceloven §166 says',
      ),
      PATIENTKLAGER('default: 000 names no body for the professional content; Styrelsen for Patientklager, as 003:219-222'),
    ],
    texts: DEFAULT_LETTER_TEXTS('Myndighedsafdelingen', 'default: 000 gives no letter texts'),
  },
};
