// /api/ggop: a genoptræningsplan received as a MedCom GGOP message, and the list of what was received.
import { z } from 'zod';

/** The forløb the letter created (or, `dublet`, created before), and the category proposed for it. */
export const GgopModtaget = z.object({ id: z.string(), kategori: z.string().optional(), dublet: z.boolean() });
export const GgopModtagelse = z.object({
  modtaget: z.string(),
  udfald: z.enum(['oprettet', 'dublet', 'afvist']),
  afsender: z.string().nullable(),
  brevId: z.string().nullable(),
  forloebId: z.string().nullable(),
  element: z.string().nullable(),
  besked: z.string().nullable(),
});
export const GgopModtagelserQuery = z.object({
  udfald: z.enum(['oprettet', 'dublet', 'afvist']).optional(),
  antal: z.coerce.number().int().min(1).max(200).default(50),
});
export const GgopModtagelser = z.object({ elementer: z.array(GgopModtagelse) });
