// What a forløb is created from: a genoptræningsplan from the hospital (§140), an application to the
// visitation (§86), or a referral to the training unit (Nyborg §86.1).
import { z } from 'zod';
import { LocalDate } from '../calendar/local-date.schema';
import { BorgerNavn } from '../citizen/borger.schema';
import { Cpr } from '../citizen/cpr.schema';

export const Genoptraeningsplan = z
  .object({
    kind: z.literal('genoptraeningsplan'),
    cpr: Cpr,
    /** The borger's name; optional so that forløb recorded before names were kept still read. */
    navn: BorgerNavn.optional(),
    udskrivningsdato: LocalDate,
    kategori: z.string().min(1, 'skal angives'),
    niveau: z.enum(['basal', 'avanceret'], { error: 'skal være basal eller avanceret' }),
    /** A start date the plan asks for (Sundhedsloven §140 stk. 4: "anden opstartstid"). */
    planOpstartsdato: LocalDate.optional(),
    /** The day the municipality received the plan (KL Gateway: authoredOn); defaults to the day it is registered. */
    modtaget: LocalDate.optional(),
  })
  .refine((p) => p.planOpstartsdato === undefined || p.planOpstartsdato >= p.udskrivningsdato, {
    path: ['planOpstartsdato'],
    message: 'kan ikke ligge før udskrivningsdatoen',
  });
export type Genoptraeningsplan = z.infer<typeof Genoptraeningsplan>;

export const Ansoegning = z.object({
  kind: z.literal('ansoegning'),
  cpr: Cpr,
  navn: BorgerNavn.optional(),
  /** The day the visitation received the application: the decision deadline counts from here. */
  modtaget: LocalDate,
  /** The indsats applied for, if the application names one. */
  indsatsId: z.string().min(1).optional(),
  beskrivelse: z.string().max(4000).optional(),
});
export type Ansoegning = z.infer<typeof Ansoegning>;

export const Henvisning = z.object({
  kind: z.literal('henvisning'),
  cpr: Cpr,
  navn: BorgerNavn.optional(),
  /** The day the training unit received the referral: the contact deadline counts from here. */
  modtaget: LocalDate,
  henviser: z.enum(['borger', 'paaroerende', 'fagperson', 'laege'], { error: 'skal være borger, paaroerende, fagperson eller laege' }),
  beskrivelse: z.string().max(4000).optional(),
});
export type Henvisning = z.infer<typeof Henvisning>;

export const ForloebSource = z.discriminatedUnion('kind', [Genoptraeningsplan, Ansoegning, Henvisning]);
export type ForloebSource = z.infer<typeof ForloebSource>;

