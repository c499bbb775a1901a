// Brøndby Kommune: vedligeholdende træning efter Serviceloven §86 stk. 2 (seed 003, 003:349-461).
import type { RegelsaetInput } from '../regelsaet.schema';
import { brondbyCommon, brondbyDecisionDeadline } from './brondby-common';
import { DEFAULT_NOTICE_POLICY, DEFAULT_EXTENSION_DECISION_DEADLINE } from './defaults';

export const brondbySel86_2: RegelsaetInput = {
  ...brondbyCommon,
  id: 'brondby-sel86-2',
  name: 'Brøndby – vedligeholdende træning efter Serviceloven §86 stk. 2',
  legalBasis: ['SEL §86 stk. 2'],
  indsatser: [
    {
      id: 'vedligeholdende-traening',
      name: 'Vedligeholdende træning efter serviceloven §86 stk. 2',
      legalBasis: 'SEL §86 stk. 2',
      // 003:412-418 "1-2 gange ugentligt, 1-2 timer pr. gang". The document sets no total frame.
      frequency: { timesPerWeek: { min: 1, max: 2 }, hoursPerSession: { min: 1, max: 2 }, source: '003:412-418' },
      source: '003:110-115, 003:349-461',
    },
  ],
  deadlines: [
    brondbyDecisionDeadline,
    {
      // 003:167-168 "Den vedligeholdende træning skal påbegyndes senest 20 hverdage efter, der er truffet en afgørelse"
      type: 'opstart',
      anchor: 'afgoerelse',
      period: { amount: 20, unit: 'hverdage' },
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '003:167-168',
    },
    {
      // 003:144-145 "og efter 6 måneder på § 86. stk.2.", counted from the decision (A7).
      type: 'opfoelgning',
      anchor: 'afgoerelse',
      period: { amount: 6, unit: 'maaneder' },
      responsible: 'visitator',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('visitator'),
      source: '003:144-145',
    },
    DEFAULT_EXTENSION_DECISION_DEADLINE('visitator'),
  ],
};
