// The level of a genoptræningsplan (bekendtgørelse om genoptræningsplaner §2), as the hospital's
// GGOP message names it, and the Danish words a person reads.
export const PLAN_TYPES = ['almen_basal', 'almen_avanceret', 'specialiseret', 'rehabilitering_specialiseret'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export const PLAN_TYPE_TEXT: Record<PlanType, string> = {
  almen_basal: 'Almen genoptræning – basal',
  almen_avanceret: 'Almen genoptræning – avanceret',
  specialiseret: 'Specialiseret genoptræning',
  rehabilitering_specialiseret: 'Rehabilitering på specialiseret niveau',
};
