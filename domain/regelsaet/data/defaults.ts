// Values a regelsæt gets where its document is silent. Each one says so in its `source`
// ("default: …"), so a reader of the data or of the API sees which rules are the municipality's
// own and which are ours.
import type { Aflysning, Extension, Klageinstans, LegalBasis, Letters, Role, Udeblivelse } from '../regelsaet.schema';

/**
 * Reminder and escalation policy (none of the seeds names one).
 * Default: the responsible role is reminded 2 hverdage before the due date; when the deadline is
 * missed the responsible role and the leder are told at once; the leder is told again 2 hverdage
 * later, and then every 2 hverdage while it stays unmet. A municipality's own regelsæt file can say
 * otherwise; a deadline in a file that leaves these out gets this policy.
 */
export const DEFAULT_NOTICE_POLICY = (responsible: Role) => ({
  reminders: [{ before: { amount: 2, unit: 'hverdage' as const }, to: [responsible] }],
  escalation: [
    { after: { amount: 0, unit: 'hverdage' as const }, to: [responsible, 'leder' as const] },
    { after: { amount: 2, unit: 'hverdage' as const }, to: ['leder' as const] },
  ],
  repeatEvery: { amount: 2, unit: 'hverdage' as const },
});

/** The wall-clock time notices are sent on the day they fall due, where a regelsæt names none. */
export const DEFAULT_NOTICE_TIME = '08:00';

/** "Gentagne" (repeated) no-shows or cancellations with no number: 2 (decision A13). */
export const DEFAULT_REPEAT_COUNT = 2;

/** The start deadline where a §86 document names none: 10 hverdage after the decision, as 001:230 and 003:163 say. */
export const DEFAULT_SEL86_START = { amount: 10, unit: 'hverdage' as const };

/** Extension where a file names no model: the therapist asks, `roles.extensionDecision` decides, no limit. */
export const DEFAULT_EXTENSION = (): Extension => ({
  model: 'anmodning',
  requestedBy: 'terapeut',
  tillaegsbevillinger: [],
  requiresDevelopmentPotential: false,
  source: 'default: the regelsæt names no extension model; the therapist asks and roles.extensionDecision decides',
});

/** No-show policy where a file names none: no automatic consequence; the therapist judges. */
export const DEFAULT_UDEBLIVELSE = (): Udeblivelse => ({
  steps: [],
  source: 'default: the regelsæt names no no-show rule',
});

/** Cancellation policy where a file names none: no cut-off and no automatic consequence. */
export const DEFAULT_AFLYSNING = (): Aflysning => ({
  afbud: [],
  repeated: [],
  source: 'default: the regelsæt names no cancellation rule',
});

/**
 * The deadline for deciding an extension request, where the regelsæt has a decision model but its
 * document names no time limit (none of the seeds does): 5 hverdage from the request, an aim
 * ('tilstraebes'), reminded and escalated as DEFAULT_NOTICE_POLICY says, so no request is left
 * unanswered without the leder being told.
 */
export const DEFAULT_EXTENSION_DECISION_DEADLINE = (decides: Role) => ({
  type: 'forlaengelse' as const,
  anchor: 'forlaengelse_anmodet' as const,
  period: { amount: 5, unit: 'hverdage' as const },
  responsible: decides,
  binding: 'tilstraebes' as const,
  ...DEFAULT_NOTICE_POLICY(decides),
  source: 'default: no document names a time limit for deciding an extension request; 5 hverdage',
});

/**
 * How far ahead a genoptræningsplan's discharge date may lie (no seed names a limit). A plan is sent
 * around discharge; a date months ahead is a typing error that would push the §140 start deadline.
 */
export const DEFAULT_MAX_DISCHARGE_DAYS_AHEAD = 30;

/**
 * The complaint body for a decision under Serviceloven §86, where a document names none: the
 * decision is complained of to the kommune within 4 weeks; the kommune reassesses it
 * (genvurdering) and, if it upholds it, sends the complaint on to Ankestyrelsen (Serviceloven §166,
 * retssikkerhedsloven §§ 60 and 66).
 */
export const SEL86_COMPLAINT = (receiver: string, how: string, source: string): Klageinstans => ({
  subject: 'afgoerelse',
  name: receiver,
  how,
  withinWeeks: 4,
  forwardedTo: 'Ankestyrelsen',
  source,
});

/**
 * The complaint body for a decision on genoptræning under Sundhedsloven §140, where a document names
 * none: the complaint goes to the kommune within 4 weeks, which reassesses it and, if it upholds it,
 * sends it on to Styrelsen for Patientklager (klage- og erstatningsloven).
 */
export const SUL140_COMPLAINT = (receiver: string, how: string, source: string): Klageinstans => ({
  subject: 'afgoerelse',
  name: receiver,
  how,
  withinWeeks: 4,
  forwardedTo: 'Styrelsen for Patientklager',
  source,
});

/** The complaint about the professional content of the training, where a document names none (as 003:219-222 says). */
export const PATIENTKLAGER = (source: string): Klageinstans => ({
  subject: 'sundhedsfaglig',
  name: 'Styrelsen for Patientklager',
  how: 'Klag via borger.dk.',
  source,
});

/**
 * Letters where a file names none: the municipality's name as letterhead, its decision unit as
 * "Visitationen", the complaint bodies the law names for the legal basis, and plain texts. A
 * municipality that writes no `letters` gets these; the address must then be filled in before a
 * letter goes out, which the letter says instead of inventing one.
 */
export const DEFAULT_LETTERS = (kommune: string, legalBasis: readonly LegalBasis[]): Letters => {
  const name = `${kommune} Kommune`;
  const source = 'default: the regelsæt names no letters; the complaint bodies the law names for its legal basis';
  const how = `Skriv til ${name}. Skriv, hvorfor du er uenig i afgørelsen.`;
  const complaint = legalBasis.includes('SUL §140') ? SUL140_COMPLAINT(name, how, source) : SEL86_COMPLAINT(name, how, source);
  return {
    letterhead: { name, unit: 'Visitationen', addressLines: [name], source },
    complaints: [complaint, PATIENTKLAGER(source)],
    texts: DEFAULT_LETTER_TEXTS(name, source),
  };
};

/** The closing words of a letter, where a document gives none. */
export const DEFAULT_LETTER_TEXTS = (receiver: string, source: string) => ({
  contact: `Har du spørgsmål til afgørelsen, er du velkommen til at kontakte ${receiver}.`,
  signOff: 'Med venlig hilsen',
  source,
});
