// The plan's level, as TypeOfRehabilitationPlan writes it in Danish words (decision: compared without
// regard to case, spaces or the kind of dash, see the national codes in docs/ggop.md).
import type { PlanType } from '../../domain/forloeb/plan-type';

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

