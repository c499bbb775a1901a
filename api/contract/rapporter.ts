// /api/rapporter: the queries of the deadline reports and the lists of open deadlines. Their answers
// are in responses.ts.
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar/local-date.schema';

/** A report's period: a month, a quarter, a year, or from–to (api/read-model/periode.ts resolves it). */
export const PeriodeQuery = z.object({
  fra: LocalDate.optional(),
  til: LocalDate.optional(),
  maaned: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'skal være en måned på formen ÅÅÅÅ-MM').optional(),
  kvartal: z.string().regex(/^\d{4}-K[1-4]$/, 'skal være et kvartal på formen ÅÅÅÅ-K1 … ÅÅÅÅ-K4').optional(),
  aar: z.string().regex(/^\d{4}$/, 'skal være et år på formen ÅÅÅÅ').optional(),
});
export type PeriodeQuery = z.infer<typeof PeriodeQuery>;

/** The keys a deadline report can be broken down by. */
export const OPDELINGER = ['regelsaet', 'fristtype', 'enhed', 'terapeut'] as const;
export type Opdeling = (typeof OPDELINGER)[number];

/** The orders of the lists of open deadlines. */
export const SORTERINGER = ['forfald', 'fristtype', 'ansvarlig', 'terapeut', 'enhed'] as const;
export type Sortering = (typeof SORTERINGER)[number];

const Format = z.enum(['json', 'csv'], { error: 'skal være json eller csv' }).optional();
const RegelsaetId = z.string().min(1).max(100).optional();

export const FristerQuerystring = PeriodeQuery.extend({
  /** Left out: all of the kommune's regelsæt together (a leder answers for all of them). */
  regelsaet: RegelsaetId,
  kommune: z.string().min(1).max(100).optional(),
  /** Comma-separated breakdown keys, in any order; left out: by deadline kind. "ingen": one line. */
  opdeling: z
    .string()
    .max(100)
    .refine((s) => s === 'ingen' || s.split(',').every((o) => (OPDELINGER as readonly string[]).includes(o)), {
      message: `skal være ingen eller en kommasepareret liste af ${OPDELINGER.join(', ')}`,
    })
    .optional(),
  format: Format,
}).strict();

export const UgerQuerystring = z.object({ regelsaet: RegelsaetId, format: Format }).strict();

export const ListeQuerystring = z
  .object({
    regelsaet: RegelsaetId,
    sorter: z.enum(SORTERINGER, { error: `skal være en af ${SORTERINGER.join(', ')}` }).optional(),
    retning: z.enum(['stigende', 'faldende'], { error: 'skal være stigende eller faldende' }).optional(),
    side: z.coerce.number({ error: 'skal være et tal' }).int('skal være et helt tal').min(1, 'skal være mindst 1').max(100_000).optional(),
    antal: z.coerce.number({ error: 'skal være et tal' }).int('skal være et helt tal').min(1, 'skal være mindst 1').max(100, 'må højst være 100').optional(),
    format: Format,
  })
  .strict();
