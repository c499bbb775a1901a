// /api/medarbejdere: the kommune's people by unit, as a leder lists, enters and corrects them.
import { z } from 'zod';
import { Role } from '../../domain/regelsaet/regelsaet.schema';

export const Medarbejder = z.object({
  userId: z.string(),
  navn: z.string(),
  rolle: Role,
  enhed: z.string().nullable(),
  aktiv: z.boolean(),
  /** login: seen in a token from the identity provider; liste: entered by a leder. */
  kilde: z.enum(['login', 'liste']),
});
export const MedarbejderQuery = z.strictObject({
  rolle: Role.optional(),
  enhed: z.string().min(1).max(200).optional(),
  inaktive: z.enum(['true', 'false'], { error: 'skal være true eller false' }).transform((v) => v === 'true').optional(),
});
export const MedarbejderParams = z.strictObject({ userId: z.string().min(1).max(200) });
export const MedarbejderBody = z.strictObject({
  navn: z.string().trim().min(1, 'skal udfyldes').max(200),
  rolle: Role,
  enhed: z.string().trim().min(1).max(200).optional(),
  aktiv: z.boolean().default(true),
});
export const MedarbejderListe = z.object({ elementer: z.array(Medarbejder), enheder: z.array(z.string()) });
