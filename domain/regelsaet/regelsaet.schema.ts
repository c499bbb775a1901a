// The schema of a regelsæt: one municipality's quality standard (kvalitetsstandard) as data.
// Every rule the forløb workflow enforces comes from a value here, never from a code path per kommune.
//
// The built-in regelsæt (data/) and a municipality's own files (JSON or YAML, loaded at start) are
// parsed by the same schema, `RegelsaetFile`. Objects are strict, so a misspelt field in a file is
// refused instead of silently ignored. Messages written here are English: they are read by the IT
// staff who maintain the files, not by the citizen or the therapist.
import { z } from 'zod';
import { LocalDate } from '../calendar/local-date.schema';
import { DEFAULT_AFLYSNING, DEFAULT_EXTENSION, DEFAULT_MAX_DISCHARGE_DAYS_AHEAD, DEFAULT_NOTICE_TIME, DEFAULT_UDEBLIVELSE } from './data/defaults';
import { ROLES, withRegelsaetDefaults } from './upgrade';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const LegalBasis = z.enum(['SUL §140', 'SEL §86 stk. 1', 'SEL §86 stk. 2']);
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * How a period is counted. Day 1 is always the day after the anchor date (decision A6).
 * hverdage: Monday–Friday minus Danish public holidays and the regelsæt's closed days (A5).
 * maaneder: calendar months; a day that does not exist in the target month falls on its last day.
 */
export const PeriodUnit = z.enum(['kalenderdage', 'hverdage', 'maaneder']);
export type PeriodUnit = z.infer<typeof PeriodUnit>;

// Period and Frame are also part of the forløb's events, so they stay non-strict objects.
export const Period = z.object({
  amount: z.number().int().min(0),
  unit: PeriodUnit,
});
export type Period = z.infer<typeof Period>;

/** Wall-clock time in Europe/Copenhagen, HH:MM. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

/** A date a municipality keeps closed although it is not a public holiday (grundlovsdag, 24/12, 31/12). */
export const ClosedDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine((value) => LocalDate.safeParse(value).success, 'is not a calendar date');

const Id = z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case ASCII with dashes');

/** Where a value stands in the source document ("003:163"), or "default: why" where the document is silent. */
const Source = z.string().min(1);

/** The kinds of deadline a forløb can carry; the names are the API's. */
export const DeadlineType = z.enum([
  'afgoerelse', // application received → visitation decision
  'kontakt', // referral received → citizen contacted
  'opstart', // discharge or decision → start
  'opfoelgning', // decision → follow-up by the visitator
  'bevilling', // start → grant expiry
  'forlaengelse', // extension requested → extension decided
]);
export type DeadlineType = z.infer<typeof DeadlineType>;

/** The fact a deadline is counted from. */
export const DeadlineAnchor = z.enum([
  'ansoegning_modtaget',
  'henvisning_modtaget',
  'udskrivning',
  'afgoerelse',
  'opstart',
  'forlaengelse_anmodet',
]);
export type DeadlineAnchor = z.infer<typeof DeadlineAnchor>;

/** How a forløb comes about: a genoptræningsplan from the hospital (§140), an application or a referral (§86). */
export const Trigger = z.enum(['genoptraeningsplan', 'ansoegning', 'henvisning']);
export type Trigger = z.infer<typeof Trigger>;

export const ReminderRule = z.strictObject({
  /** How long before the due date the reminder is sent (usually hverdage). */
  before: Period,
  to: z.array(Role).min(1),
});

export const EscalationStep = z.strictObject({
  /** How long after the due moment this step fires; the first step usually fires at once (0). */
  after: Period,
  to: z.array(Role).min(1),
});

export const DeadlineRule = z.strictObject({
  type: DeadlineType,
  anchor: DeadlineAnchor,
  period: Period,
  responsible: Role,
  /** 'skal' is a promise; 'tilstraebes' is an aim: a miss warns and escalates but refuses nothing. */
  binding: z.enum(['skal', 'tilstraebes']),
  /** §140: a later start date in the genoptræningsplan replaces the anchor (Sundhedsloven §140 stk. 4). */
  planStartOverrides: z.boolean().default(false),
  /** Reminders before the due date. A file may leave them out: then DEFAULT_NOTICE_POLICY applies. */
  reminders: z.array(ReminderRule),
  /** Steps after the due moment; the last step repeats every `repeatEvery` while the deadline stays unmet. */
  escalation: z.array(EscalationStep).min(1),
  repeatEvery: Period.optional(),
  /** The deadline applies only to a forløb granted one of these indsatser; absent: to every forløb. */
  appliesTo: z.array(Id).min(1).optional(),
  /** Where the rule stands in the source document (file:line), or "default: why". */
  source: Source,
});
export type DeadlineRule = z.infer<typeof DeadlineRule>;
export type DeadlineRuleInput = z.input<typeof DeadlineRule>;

export const FrameUnit = z.enum(['timer', 'sessioner']);
export type FrameUnit = z.infer<typeof FrameUnit>;

export const Frame = z.object({
  unit: FrameUnit,
  amount: z.number().positive(),
  /** true where the document says "op til" / "maksimalt" (a cap), false where the amount is fixed. */
  cap: z.boolean(),
});
export type Frame = z.infer<typeof Frame>;

/** The start of an ICD-10 code as SKS writes it ("DS8" covers DS80–DS89). */
export const Icd10Prefix = z.string().regex(/^D([A-Z][0-9A-Z]{0,4})?$/, 'must be the start of an SKS ICD-10 code, e.g. DS8 or DI50 (D alone: every diagnosis)');

export const Category = z.strictObject({
  id: Id,
  name: z.string().min(1),
  frame: Frame,
  source: Source,
  /**
   * The diagnoses that propose this category for a plan from the hospital (GGOP): the longest
   * matching start of the primary diagnosis wins. A proposal: the coordinator confirms it.
   */
  icd10: z.array(Icd10Prefix).default([]),
  /** Where the `icd10` proposal comes from ("default: …" where the document names none). */
  icd10Source: Source.optional(),
});
export type Category = z.infer<typeof Category>;

/** An inclusive range; `min` may be left out where the document gives only an upper bound. */
export const Range = z
  .strictObject({ min: z.number().positive().optional(), max: z.number().positive() })
  .refine((r) => r.min === undefined || r.min <= r.max, { path: ['min'], error: 'must not be greater than max' });
export type Range = z.infer<typeof Range>;

/** How often training takes place (003:302-303: 1–3 times a week, 1–2 hours a time). */
export const Frequency = z.strictObject({
  timesPerWeek: Range,
  hoursPerSession: Range.optional(),
  /** true where the document gives the frequency only as an example ("f.eks."), not as a rule. */
  example: z.boolean().default(false),
  source: Source,
});
export type Frequency = z.infer<typeof Frequency>;

export const Indsats = z.strictObject({
  id: Id,
  name: z.string().min(1),
  legalBasis: LegalBasis,
  /** Frames to choose from at visitation (000: 13 or 26 hours). Empty when the frame comes from `categories`. */
  frames: z.array(Frame).default([]),
  /** Per-category frames (002's table). */
  categories: z.array(Category).default([]),
  /** The longest a granted forløb runs (000:214: up to 3 months); absent where the document sets none. */
  maxDuration: Period.optional(),
  /** The forløb ends with the citizen's stay (korttidsplads, rehabiliteringsophold; decision A18). */
  endsWithStay: z.boolean().default(false),
  /** Who grants this indsats where it is not `roles.visitation` (003:80-81: the training area for swallowing problems). */
  visitation: Role.optional(),
  frequency: Frequency.optional(),
  source: Source,
});
export type Indsats = z.infer<typeof Indsats>;

/** A size of tillægsbevilling (001:204-205: lille 4–10, stor 10–20 sessions; inclusive ranges, decision A10). */
export const TillaegsbevillingSize = z
  .strictObject({
    id: Id,
    name: z.string().min(1),
    unit: FrameUnit,
    min: z.number().positive(),
    max: z.number().positive(),
    source: Source,
  })
  .refine((s) => s.min <= s.max, { path: ['min'], error: 'must not be greater than max' });
export type TillaegsbevillingSize = z.infer<typeof TillaegsbevillingSize>;

/**
 * How a forløb gets more than its frame.
 * - terapeutnotat: the treating therapist documents why in a note; nobody approves (002:115-116).
 * - anmodning: `requestedBy` asks, `roles.extensionDecision` decides (000:111).
 * - tillaegsbevilling: as anmodning, and the decision grants one of `tillaegsbevillinger` (001:151-154).
 */
export const ExtensionModel = z.enum(['terapeutnotat', 'anmodning', 'tillaegsbevilling']);
export type ExtensionModel = z.infer<typeof ExtensionModel>;

export const Extension = z.strictObject({
  model: ExtensionModel,
  requestedBy: Role,
  tillaegsbevillinger: z.array(TillaegsbevillingSize).default([]),
  /** Extra sessions the therapist may add without an application, to reach the goals already set (001:207-209). */
  extraWithoutApplication: z
    .strictObject({ unit: FrameUnit, upTo: z.number().positive(), by: Role, source: Source })
    .optional(),
  /** Only while the citizen can still improve (001:152-154). */
  requiresDevelopmentPotential: z.boolean().default(false),
  /** How many extensions one forløb may get; absent: no limit (none of the seeds sets one). */
  maxExtensions: z.number().int().min(0).optional(),
  source: Source,
});
export type Extension = z.infer<typeof Extension>;

/**
 * What follows a no-show or a cancellation.
 * - revurdering: the forløb must be reassessed and may be ended (003:188, decision A8);
 * - kan_afsluttes: the forløb may be ended after a professional assessment (003:197);
 * - afsluttes: the forløb ends (004:215).
 */
export const AttendanceConsequence = z.enum(['revurdering', 'kan_afsluttes', 'afsluttes']);
export type AttendanceConsequence = z.infer<typeof AttendanceConsequence>;

export const AttendanceStep = z.strictObject({
  /** The n-th occurrence in the forløb (1 = the first). "Gentagne" with no number is 2 (decision A13). */
  count: z.number().int().min(1),
  consequence: AttendanceConsequence,
  /** The citizen is told in writing (003:197-198). */
  writtenNotice: z.boolean().default(false),
  source: Source,
});
export type AttendanceStep = z.infer<typeof AttendanceStep>;

const increasingCounts = (steps: readonly { count: number }[], ctx: z.RefinementCtx, path: (string | number)[]) =>
  steps.forEach((s, i) => {
    const previous = steps[i - 1];
    if (previous && s.count <= previous.count) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'count'], message: 'counts must increase from step to step' });
    }
  });

/** No-show policy (udeblivelse: the citizen stays away without cancelling). Empty steps: the document names none. */
export const Udeblivelse = z
  .strictObject({
    /** Whether a missed session is made up; absent: the document does not say. */
    replaced: z.boolean().optional(),
    steps: z.array(AttendanceStep).default([]),
    source: Source,
  })
  .superRefine((u, ctx) => increasingCounts(u.steps, ctx, ['steps']));
export type Udeblivelse = z.infer<typeof Udeblivelse>;

/** By when a citizen must cancel a session (afbud). */
export const AfbudRule = z.strictObject({
  /** The absences the rule covers. */
  reason: z.enum(['alle', 'sygdom', 'andet']),
  /** Calendar days before the session day: 0 = the same day, 1 = the day before. */
  daysBefore: z.number().int().min(0),
  /** The latest time on that day (Europe/Copenhagen); absent: any time that day (decision A12). */
  by: ClockTime.optional(),
  /** What the document says where a time cannot express it (003:177-179 "om morgenen"). */
  note: z.string().min(1).optional(),
  source: Source,
});
export type AfbudRule = z.infer<typeof AfbudRule>;

/** Cancellation policy (aflysning). Empty lists: the document names no rule. */
export const Aflysning = z
  .strictObject({
    afbud: z.array(AfbudRule).default([]),
    /** What repeated cancellations lead to. */
    repeated: z.array(AttendanceStep).default([]),
    /** Whether a cancelled session is made up; absent: the document does not say. */
    replaced: z.boolean().optional(),
    /** A citizen later than this may lose the session (003:191-192: more than half an hour). */
    lateArrivalMinutes: z.number().int().positive().optional(),
    source: Source,
  })
  .superRefine((a, ctx) => increasingCounts(a.repeated, ctx, ['repeated']));
export type Aflysning = z.infer<typeof Aflysning>;

/**
 * What a complaint can be about (003:211-226 names a body for each):
 * - afgoerelse: the decision itself (the visitation, an extension, an ending); the one every letter's
 *   klagevejledning is about;
 * - udfoerelse: how the training is carried out;
 * - sundhedsfaglig: the professional content, the health professionals' work;
 * - erstatning: compensation for an injury.
 */
export const ComplaintSubject = z.enum(['afgoerelse', 'udfoerelse', 'sundhedsfaglig', 'erstatning']);
export type ComplaintSubject = z.infer<typeof ComplaintSubject>;

/** Bodies that no longer exist: a regelsæt naming one is refused with its successor (decision in docs/regelsaet.md). */
const FORMER_BODIES: readonly { name: RegExp; replacedBy: string; year: number }[] = [
  { name: /det sociale nævn|de sociale nævn/i, replacedBy: 'Ankestyrelsen', year: 2013 },
  { name: /patientombuddet/i, replacedBy: 'Styrelsen for Patientklager', year: 2017 },
];

/** A body that handles one kind of complaint, and how the citizen reaches it. */
export const Klageinstans = z
  .strictObject({
    subject: ComplaintSubject,
    /** Who receives the complaint, as the letter names it ("Brøndby Kommune, Visitationen"). */
    name: z.string().min(1),
    /** How to complain, in Danish, as the letter says it ("Skriv til … eller ring på …"). */
    how: z.string().min(1),
    /** The complaint must be received within this many weeks of the decision; the letter gives the date. */
    withinWeeks: z.number().int().positive().optional(),
    /** Where a complaint goes once the receiver has reassessed the decision and upheld it (genvurdering). */
    forwardedTo: z.string().min(1).optional(),
    source: Source,
  })
  .superRefine((k, ctx) => {
    for (const field of ['name', 'how', 'forwardedTo'] as const) {
      const former = FORMER_BODIES.find((b) => b.name.test(k[field] ?? ''));
      if (former) ctx.addIssue({ code: 'custom', path: [field], message: `names a body that was replaced by ${former.replacedBy} in ${former.year}` });
    }
  });
export type Klageinstans = z.infer<typeof Klageinstans>;

/** The head of every letter: the municipality and the unit that signs. */
export const Letterhead = z.strictObject({
  /** The municipality as the letter names it ("Brøndby Kommune"). */
  name: z.string().min(1),
  /** The unit responsible for the decisions ("Visitationen, Ældre og Omsorg"). */
  unit: z.string().min(1),
  addressLines: z.array(z.string().min(1)).min(1).max(4),
  phone: z.string().min(1).optional(),
  source: Source,
});
export type Letterhead = z.infer<typeof Letterhead>;

/** The municipality's own words in a letter. */
export const LetterTexts = z.strictObject({
  /** Closes the letter: whom to ask ("Har du spørgsmål, er du velkommen til at kontakte …"). */
  contact: z.string().min(1),
  /** The sign-off above the unit's name ("Med venlig hilsen"). */
  signOff: z.string().min(1),
  source: Source,
});
export type LetterTexts = z.infer<typeof LetterTexts>;

/** What the written decisions say beyond the forløb itself: letterhead, complaint bodies, own texts. */
export const Letters = z
  .strictObject({
    letterhead: Letterhead,
    complaints: z.array(Klageinstans).min(1),
    texts: LetterTexts,
  })
  .superRefine((l, ctx) => {
    const decisionBodies = l.complaints.flatMap((k, i) => (k.subject === 'afgoerelse' ? [i] : []));
    if (decisionBodies.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['complaints'], message: "needs exactly one body for subject 'afgoerelse': the one every decision letter names" });
    }
    const i = decisionBodies[0];
    if (i !== undefined && l.complaints[i]!.withinWeeks === undefined) {
      ctx.addIssue({ code: 'custom', path: ['complaints', i, 'withinWeeks'], message: 'the body for decisions needs a time limit: the letter gives the date' });
    }
  });
export type Letters = z.infer<typeof Letters>;

/** Which trigger makes each anchor a fact: a deadline whose anchor never happens would never open. */
const ANCHOR_TRIGGERS: Partial<Record<DeadlineAnchor, readonly Trigger[]>> = {
  ansoegning_modtaget: ['ansoegning'],
  // For §140 the genoptræningsplan is the hospital's referral: its receipt is henvisning_modtaget.
  henvisning_modtaget: ['henvisning', 'genoptraeningsplan'],
  udskrivning: ['genoptraeningsplan'],
};

export const Regelsaet = z
  .strictObject({
    id: Id,
    name: z.string().min(1),
    kommune: z.string().min(1),
    legalBasis: z.array(LegalBasis).min(1),
    /** The document the regelsæt encodes (title and date). */
    source: Source,
    trigger: Trigger,
    roles: z.strictObject({
      /** Who decides the visitation (grants or refuses, picks the indsats and frame). */
      visitation: Role,
      /** Who contacts the citizen and books the start (002:87: the faglig koordinator). */
      startBooking: Role,
      /** Who decides an extension (writes the note under model terapeutnotat). */
      extensionDecision: Role,
      /** Who closes the forløb. */
      closing: Role,
    }),
    indsatser: z.array(Indsats).min(1),
    deadlines: z.array(DeadlineRule),
    extension: Extension.default(DEFAULT_EXTENSION),
    udeblivelse: Udeblivelse.default(DEFAULT_UDEBLIVELSE),
    aflysning: Aflysning.default(DEFAULT_AFLYSNING),
    /** The wall-clock time reminders and escalations are sent on the day they fall due. */
    noticeTime: ClockTime.default(DEFAULT_NOTICE_TIME),
    /** Days the municipality keeps closed on top of the public holidays; they are not hverdage. */
    closedDays: z.array(ClosedDay).default([]),
    /** How many days ahead a genoptræningsplan's discharge date may lie when a forløb is created from it. */
    maxDischargeDaysAhead: z.number().int().min(0).max(365).default(DEFAULT_MAX_DISCHARGE_DAYS_AHEAD),
    /** Letterhead, complaint bodies and own texts of the written decisions. A file may leave them out: DEFAULT_LETTERS. */
    letters: Letters,
  })
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    const types = new Set<string>();
    r.deadlines.forEach((d, i) => {
      if (types.has(d.type)) issue(['deadlines', i, 'type'], `deadline type '${d.type}' appears twice`);
      types.add(d.type);
      const triggers = ANCHOR_TRIGGERS[d.anchor];
      if (triggers && !triggers.includes(r.trigger)) {
        issue(['deadlines', i, 'anchor'], `anchor '${d.anchor}' never happens in a regelsæt with trigger '${r.trigger}'`);
      }
      if (d.planStartOverrides && r.trigger !== 'genoptraeningsplan') {
        issue(['deadlines', i, 'planStartOverrides'], 'only a genoptræningsplan carries a start date');
      }
    });

    const indsatsIds = new Set<string>();
    const categoryIds = new Set<string>();
    r.indsatser.forEach((ind, i) => {
      if (indsatsIds.has(ind.id)) issue(['indsatser', i, 'id'], `indsats id '${ind.id}' appears twice`);
      indsatsIds.add(ind.id);
      if (ind.frames.length === 0 && ind.categories.length === 0 && !ind.frequency) {
        issue(['indsatser', i, 'frames'], 'an indsats needs frames, categories or a frequency');
      }
      if (!r.legalBasis.includes(ind.legalBasis)) {
        issue(['indsatser', i, 'legalBasis'], `'${ind.legalBasis}' is not in the regelsæt's legalBasis`);
      }
      ind.categories.forEach((c, j) => {
        // A forløb names its category alone, so a category id must be unique in the whole regelsæt.
        if (categoryIds.has(c.id)) issue(['indsatser', i, 'categories', j, 'id'], `category id '${c.id}' appears twice`);
        categoryIds.add(c.id);
      });
    });
    r.legalBasis.forEach((basis, i) => {
      if (!r.indsatser.some((ind) => ind.legalBasis === basis)) issue(['legalBasis', i], `no indsats has legal basis '${basis}'`);
    });
    r.deadlines.forEach((d, i) =>
      d.appliesTo?.forEach((id, j) => {
        if (!indsatsIds.has(id)) issue(['deadlines', i, 'appliesTo', j], `no indsats has id '${id}'`);
      }),
    );

    const isSul140 = r.legalBasis.includes('SUL §140');
    if (isSul140 !== (r.trigger === 'genoptraeningsplan')) {
      issue(['trigger'], "a §140 regelsæt starts from a 'genoptraeningsplan', and only a §140 regelsæt does");
    }
    if (isSul140 && r.legalBasis.length > 1) {
      issue(['legalBasis'], 'SUL §140 and SEL §86 are separate regelsæt: their triggers and deadlines differ');
    }

    const { extension } = r;
    if (extension.model === 'tillaegsbevilling' && extension.tillaegsbevillinger.length === 0) {
      issue(['extension', 'tillaegsbevillinger'], "model 'tillaegsbevilling' needs at least one size");
    }
    if (extension.model !== 'tillaegsbevilling' && extension.tillaegsbevillinger.length > 0) {
      issue(['extension', 'tillaegsbevillinger'], "sizes are only used with model 'tillaegsbevilling'");
    }
    if (extension.model === 'terapeutnotat' && extension.requestedBy !== r.roles.extensionDecision) {
      issue(['extension', 'requestedBy'], "under model 'terapeutnotat' the note writer decides: requestedBy must equal roles.extensionDecision");
    }
  });
export type Regelsaet = z.infer<typeof Regelsaet>;
export type RegelsaetInput = z.input<typeof Regelsaet>;

/** A regelsæt as written: a built-in data module or a municipality's JSON or YAML file. */
export const RegelsaetFile = z.preprocess(withRegelsaetDefaults, Regelsaet);
