// Brøndby Kommune: what the §86 stk. 1 and stk. 2 regelsæt share (seed 003, kvalitetsstandarder
// godkendt af Social- og Sundhedsudvalget 18 May 2022, 003:3-4). The document holds both legal
// bases; they are two regelsæt because their start and follow-up deadlines differ (003:144-145,
// 003:163-168) and a regelsæt has one deadline of each type.
import type { DeadlineRuleInput, RegelsaetInput } from '../regelsaet.schema';
import { DEFAULT_NOTICE_POLICY, DEFAULT_REPEAT_COUNT, SEL86_COMPLAINT } from './defaults';

export const brondbyCommon = {
  kommune: 'Brøndby',
  source: '003 Kvalitetsstandarder for genoptræning og vedligeholdende træning efter serviceloven §86 stk. 1 og 2 (18 May 2022)',
  // 003:130-132 "Ansøgninger om træning skal ske til Visitationen"
  trigger: 'ansoegning',
  roles: {
    visitation: 'visitator', // 003:77-78 "Visitationen i Ældre og Omsorg har bevillingskompetencen"
    startBooking: 'terapeut', // 003:83-84 "Samtlige ydelser ... leveres af træningsområdet"
    // default: 003 names no extension rule. The service level "kan dog fraviges ud fra en faglig
    // vurdering" (003:151-153) and the visitation holds the grant competence (003:77-78).
    extensionDecision: 'visitator',
    // default: 003 does not say who closes. Ending after no-shows is "efter en faglig vurdering"
    // (003:197-198) in the training area, and the visitator follows up only "hvis forløbet ikke er
    // afsluttet forinden" (003:144-145): the therapist closes.
    closing: 'terapeut',
  },
  extension: {
    model: 'anmodning',
    requestedBy: 'terapeut',
    source: 'default: 003 names no extension rule; the therapist asks, the visitation decides (003:77-78, 003:151-153)',
  },
  udeblivelse: {
    replaced: false, // 003:187 "udeblivelser ikke medfører erstatningstræning"
    steps: [
      // 003:187-188 "ved 1. udeblivelse vil blive revurderet og eventuelt afsluttet" (decision A8)
      { count: 1, consequence: 'revurdering', source: '003:187-188' },
      // 003:197-198 "Borgere, der to gange udebliver ..., kan afsluttes efter en faglig vurdering.
      // Dette meddeles borgeren skriftligt." (decision A8)
      { count: 2, consequence: 'kan_afsluttes', writtenNotice: true, source: '003:197-198' },
    ],
    source: '003:187-188, 003:197-198',
  },
  aflysning: {
    afbud: [
      // 003:177-179 "Melde afbud på grund af sygdom så hurtigt som muligt og senest samme dag om morgenen"
      { reason: 'sygdom', daysBefore: 0, note: 'senest samme dag om morgenen', source: '003:177-179' },
      // 003:182-183 "på grund af andet fravær ... senest kl. 12.00 dagen før træning"
      { reason: 'andet', daysBefore: 1, by: '12:00', source: '003:182-183' },
    ],
    // 003:183-184 "Gentagne afbud vil som udgangspunkt ikke blive erstattet. Gentagne afbud vil medføre
    // revurdering og træningen vil eventuelt blive afsluttet" ("gentagne": 2, decision A13).
    repeated: [{ count: DEFAULT_REPEAT_COUNT, consequence: 'revurdering', source: '003:183-184' }],
    lateArrivalMinutes: 30, // 003:191-192 "Forsinkelser på over en halv time kan medføre, at træningen bliver aflyst"
    source: '003:177-192',
  },
  // 003 names no closed days; public holidays only (decision A5).
  closedDays: [],
  letters: {
    letterhead: {
      name: 'Brøndby Kommune',
      unit: 'Visitationen, Ældre og Omsorg', // 003:77-78 "Visitationen i Ældre og Omsorg har bevillingskompetencen"
      addressLines: ['Park Allé 160', '2605 Brøndby'],
      phone: '43 28 28 28', // 003:131 "Visitationen på tlf. 43 28 28 28"
      source: '003:77-78, 003:131; default: the document names no address; the postal address of the town hall, for the kommune to confirm' ,
    },
    complaints: [
      // 003:213-215 "Kommunen og Ankestyrelsen. Klager vedrørende visitationen ... kan rettes til
      // Visitationen"; 003 names no time limit and no reassessment: the law's (default).
      SEL86_COMPLAINT(
        'Brøndby Kommune, Visitationen',
        'Skriv til Visitationen via Digital Post, eller ring på tlf. 43 28 28 28 mellem kl. 9.00 og 10.00 på hverdage.',
        '003:211-217; default: 4 weeks and the reassessment before Ankestyrelsen as Serviceloven §166 says (003 is silent)',
      ),
      // 003:215-216 "Klager vedrørende udførslen af træningen kan rettes til Træningscenter Brøndby"
      { subject: 'udfoerelse', name: 'Træningscenter Brøndby', how: 'Kontakt Træningscenter Brøndby. Træningscentret vejleder om de videre klagemuligheder.', source: '003:215-217' },
      // 003:219-222 "kan rettes til Styrelsen for Patientklager via borger.dk"
      { subject: 'sundhedsfaglig', name: 'Styrelsen for Patientklager', how: 'Klag via borger.dk.', source: '003:219-222' },
      // 003:224-226 "Borgere kan ansøge Patienterstatningen om erstatning ... via borger.dk"
      { subject: 'erstatning', name: 'Patienterstatningen', how: 'Søg om erstatning via borger.dk.', source: '003:224-226' },
    ],
    texts: {
      contact: 'Har du spørgsmål til afgørelsen, er du velkommen til at kontakte Visitationen på tlf. 43 28 28 28 mellem kl. 9.00 og 10.00 på hverdage.',
      signOff: 'Med venlig hilsen',
      source: '003:131-132; default: the sign-off',
    },
  },
} satisfies Partial<RegelsaetInput>;

/** 003:159-160 "Det tilstræbes, at der træffes en afgørelse maksimalt 14 dage efter ansøgningen er modtaget". */
export const brondbyDecisionDeadline = {
  type: 'afgoerelse',
  anchor: 'ansoegning_modtaget',
  period: { amount: 14, unit: 'kalenderdage' }, // "dage", while the next lines say "hverdage": calendar days (A1)
  responsible: 'visitator',
  binding: 'tilstraebes', // an aim: a miss warns and escalates, refuses nothing
  ...DEFAULT_NOTICE_POLICY('visitator'),
  source: '003:159-160',
} satisfies DeadlineRuleInput;
