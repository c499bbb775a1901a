// What a forløb is created from: a genoptræningsplan from the hospital (§140), an application to the
// visitation (§86), or a referral to the training unit (Nyborg §86.1).
import { z } from 'zod';
import { LocalDate } from '../calendar/local-date.schema';
import { BorgerNavn } from '../citizen/borger.schema';
import { Cpr } from '../citizen/cpr.schema';
import { PLAN_TYPES } from './plan-type';

/** An ICD-10 diagnosis as SKS writes it ("DS822"), from the hospital's plan. */
export const Diagnose = z.object({ kode: z.string().regex(/^[A-Z][A-Z0-9]{2,9}$/, 'skal være en ICD-10-kode'), tekst: z.string().max(500).optional(), primaer: z.boolean() });
export type Diagnose = z.infer<typeof Diagnose>;

/**
 * The plan as the hospital sent it, where it came as a MedCom GGOP message (intake/ggop/): what the
 * forløb keeps of the message beyond the fields every plan has. Its free text is health data and stays
 * in the forløb's encrypted payloads and event log, never in a list, a log or a notification.
 */
export const Sygehusplan = z.object({
  /** Letter/Identifier: unique per sender. */
  brevId: z.string().min(1).max(100),
  /** The hospital contact the plan is for; a later plan for the same contact replaces this one. */
  kontaktId: z.string().min(1).max(100).optional(),
  sygehus: z.object({
    ean: z.string().regex(/^\d{13}$/).optional(),
    sor: z.string().min(1).max(30).optional(),
    navn: z.string().min(1).max(200),
    afdeling: z.string().min(1).max(200).optional(),
  }),
  planType: z.enum(PLAN_TYPES),
  diagnoser: z.array(Diagnose).max(50),
  /** The free-text sections by their GGOP element names. */
  tekster: z.record(z.string().max(60), z.string().max(20_000)),
});
export type Sygehusplan = z.infer<typeof Sygehusplan>;

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
    /** The hospital's message, where the plan came as one. */
    ggop: Sygehusplan.optional(),
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

