// Nyborg Kommune: kvalitetsstandard for genoptræning efter Serviceloven §86 stk. 1 (seed 004,
// godkendt i Sundheds- og Forebyggelsesudvalget 3 May 2017, 004:289). The mentions of
// "vedligeholdende træning" (004:36, 004:197, 004:211) are slips: the scope is §86 stk. 1 (A20).
// Complaints: 004:267-269 names "Det Sociale Nævn", replaced by Ankestyrelsen in 2013: the letters
// name Ankestyrelsen (decision L1 in docs/regelsaet.md).
import type { RegelsaetInput } from '../regelsaet.schema';
import { DEFAULT_LETTER_TEXTS, DEFAULT_NOTICE_POLICY, DEFAULT_REPEAT_COUNT, PATIENTKLAGER, SEL86_COMPLAINT } from './defaults';

export const nyborgSel86_1: RegelsaetInput = {
  id: 'nyborg-sel86-1',
  name: 'Nyborg – genoptræning efter Serviceloven §86 stk. 1',
  kommune: 'Nyborg',
  legalBasis: ['SEL §86 stk. 1'],
  source: '004 Kvalitetsstandard for genoptræning, Serviceloven §86 stk. 1 (3 May 2017)',
  // 004:45-53 "Hvem kan henvise": the citizen, relatives, professionals (with consent) or the doctor.
  trigger: 'henvisning',
  roles: {
    visitation: 'terapeut', // 004:150-154 "Hvem visiterer til genoptræning: Ergo- og fysioterapeuter tilknyttet Sundhed og Træning"
    startBooking: 'terapeut', // 004:225-226 "kontaktet ... og har fået en tid ved navngiven terapeut"
    // default: 004 names no extension rule; the therapists who visit (004:154) decide.
    extensionDecision: 'terapeut',
    // default: 004:215 "afsluttes din træning" names no role; the therapists, who also visit.
    closing: 'terapeut',
  },
  indsatser: [
    {
      id: 'genoptraening',
      name: 'Genoptræning efter serviceloven §86 stk. 1',
      legalBasis: 'SEL §86 stk. 1',
      // 004:105-107 "f.eks. 2 x ugentligt i 3 måneder": an example, not a frame or a limit. 004 sets
      // no frame and no maximum duration.
      frequency: { timesPerWeek: { min: 2, max: 2 }, example: true, source: '004:105-107' },
      source: '004:14-146',
    },
  ],
  // 004 names no decision, follow-up or grant deadline.
  deadlines: [
    {
      // 004:225-226 "er kontaktet indenfor 5 hverdage efter henvisningen er modtaget og har fået en tid
      // ved navngiven terapeut" (a kvalitetsmål, 004:217).
      type: 'kontakt',
      anchor: 'henvisning_modtaget',
      period: { amount: 5, unit: 'hverdage' },
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '004:225-226',
    },
    {
      // 004:237 "er startet til genoptræning indenfor 14 dage": calendar days from the referral being
      // received (decision A2).
      type: 'opstart',
      anchor: 'henvisning_modtaget',
      period: { amount: 14, unit: 'kalenderdage' },
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '004:237',
    },
  ],
  extension: {
    // default: 004 names no extension rule. The therapists visit (004:150-154), so the treating
    // therapist's note suffices, as in 002:115-116.
    model: 'terapeutnotat',
    requestedBy: 'terapeut',
    source: 'default: 004 names no extension rule; the therapists who visit (004:150-154) decide, by a note as in 002:115-116',
  },
  udeblivelse: {
    // 004:215 "Ved gentagne udeblivelser uden afbud afsluttes din træning" ("gentagne": 2, A13).
    steps: [{ count: DEFAULT_REPEAT_COUNT, consequence: 'afsluttes', source: '004:215' }],
    source: '004:215',
  },
  aflysning: {
    // 004:204-205 "Melder afbud senest dagen før eller hurtigst muligt": any time on the previous day (A12).
    afbud: [{ reason: 'alle', daysBefore: 1, source: '004:204-205' }],
    repeated: [],
    source: '004:204-205',
  },
  // 004 names no closed days; public holidays only (decision A5).
  closedDays: [],
  letters: {
    letterhead: {
      name: 'Nyborg Kommune',
      unit: 'Sundhed og Træning', // 004:150-154 the therapists of Sundhed og Træning visit
      addressLines: ['Torvet 1', '5800 Nyborg'],
      source: '004:150-154; default: the document names no address; the postal address of the town hall, for the kommune to confirm',
    },
    complaints: [
      // 004:265-269 "Klager over afgørelser vedrørende § 86 stk.1 ... kan indbringes for Det Sociale
      // Nævn". Det Sociale Nævn was closed in 2013 and its cases went to Ankestyrelsen: the letter
      // names Ankestyrelsen (decision L1). 004 names no time limit: the law's 4 weeks.
      SEL86_COMPLAINT(
        'Nyborg Kommune, Sundhed og Træning',
        'Skriv til Sundhed og Træning, Nyborg Kommune. Skriv, hvorfor du er uenig i afgørelsen.',
        '004:265-269, corrected: Det Sociale Nævn was replaced by Ankestyrelsen in 2013 (decision L1); default: 4 weeks and the reassessment as Serviceloven §166 says',
      ),
      PATIENTKLAGER('default: 004 names no body for the professional content; Styrelsen for Patientklager, as 003:219-222'),
    ],
    texts: DEFAULT_LETTER_TEXTS('Sundhed og Træning', 'default: 004 gives no letter texts'),
  },
};
