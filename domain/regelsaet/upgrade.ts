// A regelsæt as a forløb recorded it, brought up to the current shape without a schema library.
//
// A forløb carries its regelsæt in its workflow input from the day it was created, so a forløb that
// runs for months may hold one written by an older version of this code, without fields added since.
// The workflow upgrades it with this pure function: it fills exactly the defaults that
// `RegelsaetFile` (regelsaet.schema.ts) fills, and tests/domain/regelsaet-upgrade.unit.spec.ts holds
// the two equal for every built-in regelsæt and for ones recorded by older versions. It does not
// validate: a stored regelsæt was validated by `RegelsaetFile` when the forløb was created.
import {
  DEFAULT_AFLYSNING,
  DEFAULT_EXTENSION,
  DEFAULT_LETTERS,
  DEFAULT_MAX_DISCHARGE_DAYS_AHEAD,
  DEFAULT_NOTICE_POLICY,
  DEFAULT_NOTICE_TIME,
  DEFAULT_UDEBLIVELSE,
} from './data/defaults';
import type { AttendanceStep, DeadlineRuleInput, LegalBasis, Regelsaet, RegelsaetInput, Role } from './regelsaet.schema';

/** The roles of the system (the schema's `Role` is built from this list). */
export const ROLES = ['visitator', 'koordinator', 'terapeut', 'leder'] as const;

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A deadline in a file may leave out `reminders`, `escalation` and `repeatEvery`: it then gets
 * DEFAULT_NOTICE_POLICY for its responsible role (no seed names a reminder or escalation policy).
 * Applied to anything, before the schema checks it; what is not a regelsæt is returned as it is.
 */
export function withDefaultNoticePolicy(raw: unknown): unknown {
  if (!isRecord(raw) || !Array.isArray(raw.deadlines)) return raw;
  const deadlines = raw.deadlines.map((d: unknown) => {
    if (!isRecord(d) || !isRole(d.responsible)) return d;
    const policy = DEFAULT_NOTICE_POLICY(d.responsible);
    return {
      ...d,
      ...(d.reminders === undefined ? { reminders: policy.reminders } : {}),
      ...(d.escalation === undefined ? { escalation: policy.escalation, ...(d.repeatEvery === undefined ? { repeatEvery: policy.repeatEvery } : {}) } : {}),
    };
  });
  return { ...raw, deadlines };
}

/**
 * A regelsæt that names no `letters` (every one recorded before letters existed, and a file that
 * leaves them out) gets DEFAULT_LETTERS for its kommune and legal basis.
 */
export function withDefaultLetters(raw: unknown): unknown {
  if (!isRecord(raw) || raw.letters !== undefined || typeof raw.kommune !== 'string' || !Array.isArray(raw.legalBasis)) return raw;
  return { ...raw, letters: DEFAULT_LETTERS(raw.kommune, raw.legalBasis as LegalBasis[]) };
}

/** Every default that depends on other fields, applied before the schema checks a regelsæt. */
export const withRegelsaetDefaults = (raw: unknown): unknown => withDefaultLetters(withDefaultNoticePolicy(raw));

/** A deadline as stored or written: its notice policy may be left to the default. */
type StoredDeadline = Omit<DeadlineRuleInput, 'reminders' | 'escalation'> & Partial<Pick<DeadlineRuleInput, 'reminders' | 'escalation'>>;

/** A regelsæt as a forløb recorded it (or as written in a data module): fields with a default may be missing. */
export type StoredRegelsaet = Omit<RegelsaetInput, 'deadlines' | 'letters'> & { deadlines: readonly StoredDeadline[]; letters?: RegelsaetInput['letters'] };

type StepInput = Omit<AttendanceStep, 'writtenNotice'> & { writtenNotice?: boolean | undefined };
const step = (s: StepInput): AttendanceStep => ({ ...s, writtenNotice: s.writtenNotice ?? false });

/** The regelsæt with every field the current version has: what `RegelsaetFile.parse` gives for a valid one. */
export function upgradeRegelsaet(stored: StoredRegelsaet): Regelsaet {
  const withPolicy = withRegelsaetDefaults(stored) as StoredRegelsaet & Pick<Regelsaet, 'letters'>;
  const { extension, udeblivelse, aflysning } = withPolicy;
  return {
    ...withPolicy,
    legalBasis: [...withPolicy.legalBasis],
    deadlines: withPolicy.deadlines.map((d) => ({
      ...d,
      reminders: d.reminders ?? [],
      escalation: d.escalation ?? [],
      planStartOverrides: d.planStartOverrides ?? false,
    })),
    indsatser: withPolicy.indsatser.map(({ frequency, ...indsats }) => ({
      ...indsats,
      frames: indsats.frames ?? [],
      categories: (indsats.categories ?? []).map((c) => ({ ...c, icd10: c.icd10 ?? [] })),
      endsWithStay: indsats.endsWithStay ?? false,
      ...(frequency ? { frequency: { ...frequency, example: frequency.example ?? false } } : {}),
    })),
    extension: extension
      ? {
          ...extension,
          tillaegsbevillinger: extension.tillaegsbevillinger ?? [],
          requiresDevelopmentPotential: extension.requiresDevelopmentPotential ?? false,
        }
      : DEFAULT_EXTENSION(),
    udeblivelse: udeblivelse ? { ...udeblivelse, steps: (udeblivelse.steps ?? []).map(step) } : DEFAULT_UDEBLIVELSE(),
    aflysning: aflysning
      ? { ...aflysning, afbud: aflysning.afbud ?? [], repeated: (aflysning.repeated ?? []).map(step) }
      : DEFAULT_AFLYSNING(),
    noticeTime: withPolicy.noticeTime ?? DEFAULT_NOTICE_TIME,
    closedDays: withPolicy.closedDays ?? [],
    maxDischargeDaysAhead: withPolicy.maxDischargeDaysAhead ?? DEFAULT_MAX_DISCHARGE_DAYS_AHEAD,
  };
}
