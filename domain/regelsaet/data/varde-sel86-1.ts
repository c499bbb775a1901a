// Varde Kommune: genoptræning efter sygdom uden sygehusindlæggelse, Serviceloven §86 stk. 1
// (seed 001, Social og Sundhedsafdelingen, October 2017, 001:239).
import type { RegelsaetInput } from '../regelsaet.schema';
import { DEFAULT_LETTER_TEXTS, PATIENTKLAGER, SEL86_COMPLAINT, DEFAULT_NOTICE_POLICY, DEFAULT_REPEAT_COUNT, DEFAULT_EXTENSION_DECISION_DEADLINE } from './defaults';

const sessions = (amount: number, cap: boolean) => ({ unit: 'sessioner' as const, amount, cap });
const threeMonths = { amount: 3, unit: 'maaneder' as const };

export const vardeSel86_1: RegelsaetInput = {
  id: 'varde-sel86-1',
  name: 'Varde – genoptræning efter Serviceloven §86 stk. 1',
  kommune: 'Varde',
  legalBasis: ['SEL §86 stk. 1'],
  source: '001 Indsatsområde: genoptræning efter sygdom uden sygehusindlæggelse (oktober 2017)',
  // 001:59 "Der kan bevilges følgende ydelser": a grant, so an application. How it arrives is not described.
  trigger: 'ansoegning',
  roles: {
    // default: 001 does not name who grants the training (001:59 "kan bevilges"); the visitator.
    visitation: 'visitator',
    startBooking: 'terapeut', // 001:225-228 "Det konkrete forløb ... fastlægges af terapeuten"
    // default: 001 does not name who approves a tillægsbevilling (001:151-154); the visitator.
    extensionDecision: 'visitator',
    closing: 'terapeut', // 001:127, 001:133 "ud fra en terapeutfaglig vurdering", "Hvor terapeuten vurderer"
  },
  indsatser: [
    {
      id: 'genoptraeningsforloeb',
      name: 'Genoptræningsforløb',
      legalBasis: 'SEL §86 stk. 1',
      // 001:195 "Maximalt 20 x træning incl. opstarts og slutkonsultation". The cap wins over
      // "2-4 x ugentlig i op til 3 mdr." (001:218); more needs a tillægsbevilling (decision A11).
      frames: [sessions(20, true)],
      maxDuration: threeMonths, // 001:218 "i op til 3 mdr."
      frequency: {
        // 001:218-221: more than twice a week only where both ergo- and fysioterapeut are needed.
        timesPerWeek: { min: 2, max: 4 },
        source: '001:218-221',
      },
      source: '001:61-150, 001:194-195',
    },
    {
      id: 'rehabiliteringsophold',
      name: 'Genoptræning som del af træning- og rehabiliteringsophold',
      legalBasis: 'SEL §86 stk. 1',
      frames: [sessions(40, false)], // 001:197-198 "40 x træning incl. opstarts og slutkonsultationer" (not "maximalt")
      endsWithStay: true, // decision A18
      frequency: {
        timesPerWeek: { max: 10 }, // 001:199-202 "op til 5 x ugentlig" each of ergo- and fysioterapeut, "i alt 10 x"
        source: '001:199-202',
      },
      source: '001:197-202',
    },
  ],
  // 001 names no decision, contact or follow-up deadline.
  deadlines: [
    {
      // 001:230 "Indsatsen skal iværksættes inden for 10 arbejdsdage", counted from the grant (A4)
      // in hverdage (A5). "Straks eller efter behov" where training is critical (001:231-234): a
      // start before the due date meets the deadline.
      type: 'opstart',
      anchor: 'afgoerelse',
      period: { amount: 10, unit: 'hverdage' },
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '001:230-234',
    },
    {
      // 001:127-128 "dog senest ved bevillingens udløb"; 001:218 "i op til 3 mdr.". The
      // rehabiliteringsophold ends with the stay instead.
      type: 'bevilling',
      anchor: 'opstart',
      period: threeMonths,
      responsible: 'terapeut',
      binding: 'skal',
      appliesTo: ['genoptraeningsforloeb'],
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '001:127-128, 001:218',
    },
    DEFAULT_EXTENSION_DECISION_DEADLINE('visitator'),
  ],
  extension: {
    model: 'tillaegsbevilling', // 001:151-157 "Tillægsbevilling – genoptræningsforløb §86.1"
    requestedBy: 'terapeut', // 001:208-209 "uden ansøgning om tillægsbevilling": beyond that the therapist applies
    tillaegsbevillinger: [
      // Inclusive ranges; they meet at 10 (decision A10).
      { id: 'lille', name: 'Lille tillægsbevilling', unit: 'sessioner', min: 4, max: 10, source: '001:204' },
      { id: 'stor', name: 'Stor tillægsbevilling', unit: 'sessioner', min: 10, max: 20, source: '001:205' },
    ],
    // 001:207-209 "behov for 1 – 4 gange ekstra for at opnå de allerede opstillede mål ... kan dette
    // sættes i værk af terapeuten uden ansøgning om tillægsbevilling".
    extraWithoutApplication: { unit: 'sessioner', upTo: 4, by: 'terapeut', source: '001:207-209' },
    requiresDevelopmentPotential: true, // 001:152-154 "Når der fortsat er udviklingspotentiale"
    source: '001:151-157, 001:203-209',
  },
  udeblivelse: {
    // 001:130-131 "Hvis borgeren gentagne gange melder afbud eller udebliver": the forløb ends.
    steps: [{ count: DEFAULT_REPEAT_COUNT, consequence: 'afsluttes', source: '001:130-131 ("gentagne": 2, decision A13)' }],
    source: '001:125-131',
  },
  aflysning: {
    // 001:170-172 "gives der besked hurtigst muligt og senest dagen før træningen": any time on the previous day (A12).
    afbud: [{ reason: 'alle', daysBefore: 1, source: '001:170-172' }],
    repeated: [{ count: DEFAULT_REPEAT_COUNT, consequence: 'afsluttes', source: '001:130-131 ("gentagne": 2, decision A13)' }],
    source: '001:130-131, 001:170-172',
  },
  // 001 names no closed days; "Ydelserne leveres i dagtimerne på hverdage" (001:222). Public holidays only (A5).
  closedDays: [],
  letters: {
    letterhead: {
      name: 'Varde Kommune',
      unit: 'Social og Sundhedsafdelingen', // 001:215, 001:239
      addressLines: ['Bytoften 2', '6800 Varde'],
      source: '001:215, 001:239; default: the document names no address; the postal address of the town hall, for the kommune to confirm',
    },
    complaints: [
      SEL86_COMPLAINT(
        'Varde Kommune, Social og Sundhedsafdelingen',
        'Skriv til Social og Sundhedsafdelingen, Varde Kommune. Skriv, hvorfor du er uenig i afgørelsen.',
        'default: 001 names no complaint body; the kommune, then Ankestyrelsen, within 4 weeks, as Serviceloven §166 says',
      ),
      PATIENTKLAGER('default: 001 names no body for the professional content; Styrelsen for Patientklager, as 003:219-222'),
    ],
    texts: DEFAULT_LETTER_TEXTS('Social og Sundhedsafdelingen', 'default: 001 gives no letter texts'),
  },
};
