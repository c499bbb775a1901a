// Brøndby Kommune: genoptræning efter Serviceloven §86 stk. 1 (seed 003, 003:229-348).
import type { RegelsaetInput } from '../regelsaet.schema';
import { brondbyCommon, brondbyDecisionDeadline } from './brondby-common';
import { DEFAULT_NOTICE_POLICY, DEFAULT_EXTENSION_DECISION_DEADLINE } from './defaults';

// 003:300-305 "1-3 gange ugentligt, 1-2 timer pr. gang". The document sets no total frame.
const frequency = { timesPerWeek: { min: 1, max: 3 }, hoursPerSession: { min: 1, max: 2 }, source: '003:300-305' };

export const brondbySel86_1: RegelsaetInput = {
  ...brondbyCommon,
  id: 'brondby-sel86-1',
  name: 'Brøndby – genoptræning efter Serviceloven §86 stk. 1',
  legalBasis: ['SEL §86 stk. 1'],
  indsatser: [
    {
      id: 'genoptraening',
      name: 'Genoptræning efter serviceloven §86 stk. 1',
      legalBasis: 'SEL §86 stk. 1',
      frequency,
      source: '003:100-108, 003:229-348',
    },
    {
      // 003:80-81 "Dog har træningsområdet bevillingskompetencen vedrørende synkebesvær og inkontinens"
      id: 'synkebesvaer',
      name: 'Genoptræning ved synkebesvær',
      legalBasis: 'SEL §86 stk. 1',
      visitation: 'terapeut',
      frequency,
      source: '003:80-81',
    },
    {
      id: 'inkontinens',
      name: 'Genoptræning ved inkontinens',
      legalBasis: 'SEL §86 stk. 1',
      visitation: 'terapeut',
      frequency,
      source: '003:80-81',
    },
  ],
  deadlines: [
    brondbyDecisionDeadline,
    {
      // 003:163-164 "Genoptræningen skal påbegyndes senest 10 hverdage efter, der er truffet en afgørelse"
      type: 'opstart',
      anchor: 'afgoerelse',
      period: { amount: 10, unit: 'hverdage' },
      responsible: 'terapeut',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('terapeut'),
      source: '003:163-164',
    },
    {
      // 003:144-145 "opfølgning fra visitator efter 3 måneder på § 86 stk.1. ... hvis forløbet ikke er
      // afsluttet forinden", counted from the decision (A7).
      type: 'opfoelgning',
      anchor: 'afgoerelse',
      period: { amount: 3, unit: 'maaneder' },
      responsible: 'visitator',
      binding: 'skal',
      ...DEFAULT_NOTICE_POLICY('visitator'),
      source: '003:144-145',
    },
    DEFAULT_EXTENSION_DECISION_DEADLINE('visitator'),
  ],
};
