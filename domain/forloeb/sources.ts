// What a forløb is created from. §140: a genoptræningsplan from the hospital.
import { z } from 'zod';
import { LocalDate } from '../calendar';
import { Cpr } from '../citizen/cpr';

export const Genoptraeningsplan = z
  .object({
    kind: z.literal('genoptraeningsplan'),
    cpr: Cpr,
    udskrivningsdato: LocalDate,
    kategori: z.string().min(1, 'skal angives'),
    niveau: z.enum(['basal', 'avanceret'], { error: 'skal være basal eller avanceret' }),
    /** A start date the plan asks for (Sundhedsloven §140 stk. 4: "anden opstartstid"). */
    planOpstartsdato: LocalDate.optional(),
  })
  .refine((p) => p.planOpstartsdato === undefined || p.planOpstartsdato >= p.udskrivningsdato, {
    path: ['planOpstartsdato'],
    message: 'kan ikke ligge før udskrivningsdatoen',
  });
export type Genoptraeningsplan = z.infer<typeof Genoptraeningsplan>;
