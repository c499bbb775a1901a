// The schema of a regelsæt: one municipality's quality standard (kvalitetsstandard) as data.
// Every rule the forløb workflow enforces comes from a value here, never from a code path per kommune.
import { z } from 'zod';

export const Role = z.enum(['visitator', 'koordinator', 'terapeut', 'leder']);
export type Role = z.infer<typeof Role>;

export const LegalBasis = z.enum(['SUL §140', 'SEL §86 stk. 1', 'SEL §86 stk. 2']);
export type LegalBasis = z.infer<typeof LegalBasis>;

/** How a period is counted. Day 1 is always the day after the anchor date. */
export const PeriodUnit = z.enum(['kalenderdage', 'hverdage', 'maaneder']);
export type PeriodUnit = z.infer<typeof PeriodUnit>;

export const Period = z.object({
  amount: z.number().int().min(0),
  unit: PeriodUnit,
});
export type Period = z.infer<typeof Period>;

/** Wall-clock time in Europe/Copenhagen, HH:MM. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

/** A date a municipality keeps closed although it is not a public holiday (grundlovsdag, 24/12, 31/12). */
export const ClosedDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

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

export const ReminderRule = z.object({
  /** How long before the due date the reminder is sent (usually hverdage). */
  before: Period,
  to: z.array(Role).min(1),
});

export const EscalationStep = z.object({
  /** How long after the due moment this step fires; the first step usually fires at once (0). */
  after: Period,
  to: z.array(Role).min(1),
});

export const DeadlineRule = z.object({
  type: DeadlineType,
  anchor: DeadlineAnchor,
  period: Period,
  responsible: Role,
  /** 'skal' is a promise; 'tilstraebes' is an aim: a miss warns and escalates but refuses nothing. */
  binding: z.enum(['skal', 'tilstraebes']),
  /** §140: a later start date in the genoptræningsplan replaces the anchor (Sundhedsloven §140 stk. 4). */
  planStartOverrides: z.boolean().default(false),
  reminders: z.array(ReminderRule),
  /** Steps after the due moment; the last step repeats every `repeatEvery` while the deadline stays unmet. */
  escalation: z.array(EscalationStep).min(1),
  repeatEvery: Period.optional(),
  /** Where the rule stands in the source document (file section, or "default: why"). */
  source: z.string().min(1),
});
export type DeadlineRule = z.infer<typeof DeadlineRule>;

export const FrameUnit = z.enum(['timer', 'sessioner']);
export type FrameUnit = z.infer<typeof FrameUnit>;

export const Frame = z.object({
  unit: FrameUnit,
  amount: z.number().positive(),
  /** true where the document says "op til" (a cap), false where the amount is fixed. */
  cap: z.boolean(),
});
export type Frame = z.infer<typeof Frame>;

export const Category = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case ASCII with dashes'),
  name: z.string().min(1),
  frame: Frame,
  source: z.string().min(1),
});

export const Indsats = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case ASCII with dashes'),
  name: z.string().min(1),
  legalBasis: LegalBasis,
  /** Frames to choose from at visitation (000: 13 or 26 hours). Empty when the frame comes from `categories`. */
  frames: z.array(Frame),
  /** Per-category frames (002's table). */
  categories: z.array(Category).default([]),
  maxDuration: Period.optional(),
  source: z.string().min(1),
});
export type Indsats = z.infer<typeof Indsats>;

export const Regelsaet = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case ASCII with dashes'),
    name: z.string().min(1),
    kommune: z.string().min(1),
    legalBasis: z.array(LegalBasis).min(1),
    source: z.string().min(1),
    /** How a forløb starts: a genoptræningsplan from the hospital (§140), an application or a referral (§86). */
    trigger: z.enum(['genoptraeningsplan', 'ansoegning', 'henvisning']),
    roles: z.object({
      visitation: Role,
      /** Who contacts the citizen and books the start (002:87: the faglig koordinator). */
      startBooking: Role,
      extensionDecision: Role,
      closing: Role,
    }),
    indsatser: z.array(Indsats).min(1),
    deadlines: z.array(DeadlineRule),
    /** The wall-clock time reminders and escalations are sent on the day they fall due. */
    noticeTime: ClockTime.default('08:00'),
    closedDays: z.array(ClosedDay).default([]),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.deadlines.forEach((d, i) => {
      if (seen.has(d.type)) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'type'], message: `deadline type '${d.type}' appears twice` });
      }
      seen.add(d.type);
    });
    r.indsatser.forEach((ind, i) => {
      if (ind.frames.length === 0 && ind.categories.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['indsatser', i, 'frames'], message: 'an indsats needs frames or categories' });
      }
    });
  });
export type Regelsaet = z.infer<typeof Regelsaet>;
export type RegelsaetInput = z.input<typeof Regelsaet>;
