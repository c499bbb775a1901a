// /api/forloeb/{id}/breve: a forløb's decision letters with their delivery status, and each letter's PDF.
import { z } from 'zod';
import { LETTER_KINDS } from '../../domain/letters/kinds';

export const BrevStatus = z.enum(['venter', 'sendt']);

export const Brev = z.object({
  /** The letter's id: the number of the decision's event in the forløb. */
  id: z.number().int(),
  art: z.enum(LETTER_KINDS),
  titel: z.string(),
  afgoerelsesdato: z.string(),
  oprettet: z.string(),
  status: BrevStatus,
  /** Whether the PDF is made; a letter waiting to be made is made when it is first downloaded. */
  dannet: z.boolean(),
  forsoeg: z.number().int(),
  sidsteForsoeg: z.string().nullable(),
  /** Why the last attempt failed (no personal data); null once sent. */
  sidsteFejl: z.string().nullable(),
  naesteForsoeg: z.string().nullable(),
  kanal: z.string().nullable(),
  sendt: z.string().nullable(),
});
export type Brev = z.infer<typeof Brev>;
export const Breve = z.object({ breve: z.array(Brev) });

export const BreveParams = z.strictObject({ id: z.string() });
export const BrevParams = z.strictObject({ id: z.string(), brevId: z.coerce.number().int().min(1) });
