// The plan's level, as TypeOfRehabilitationPlan writes it in Danish words (decision: compared without
// regard to case, spaces or the kind of dash, see the national codes in docs/ggop.md).
export const PLAN_TYPES = ['almen_basal', 'almen_avanceret', 'specialiseret', 'rehabilitering_specialiseret'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

const normalised = (text: string) =>
  text
    .normalize('NFC')
    .toLocaleLowerCase('da')
    .replace(/[\u2010-\u2015\u2212-]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

const BY_TEXT: Record<string, PlanType> = {
  'almen genoptræning-basal': 'almen_basal',
  'almen genoptræning-avanceret': 'almen_avanceret',
  'specialiseret genoptræning': 'specialiseret',
  'rehabilitering på specialiseret niveau': 'rehabilitering_specialiseret',
};

/** The plan type a text names, or undefined for a text that names none of the four. */
export const planTypeOf = (text: string): PlanType | undefined => BY_TEXT[normalised(text)];

/** The words a person reads, as the plan writes them. */
export const PLAN_TYPE_TEXT: Record<PlanType, string> = {
  almen_basal: 'Almen genoptræning – basal',
  almen_avanceret: 'Almen genoptræning – avanceret',
  specialiseret: 'Specialiseret genoptræning',
  rehabilitering_specialiseret: 'Rehabilitering på specialiseret niveau',
};
