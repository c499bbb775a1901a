// A decision letter's delivery status in the words the forløb page shows (pure, for the Breve section).
import type { z } from 'zod';
import type * as breve from '../../../../api/contract';
import { tidspunkt } from '../../format';

type Brev = z.infer<typeof breve.Brev>;

/** The delivery status as the user reads it. */
export function leveringsstatus(b: Pick<Brev, 'status' | 'sendt' | 'forsoeg' | 'sidsteFejl' | 'naesteForsoeg' | 'dannet'>): string {
  if (b.status === 'sendt') return b.sendt ? `Sendt ${tidspunkt(b.sendt)}` : 'Sendt';
  if (b.forsoeg === 0) return b.dannet ? 'Dannet, venter på afsendelse' : 'Venter på at blive dannet og sendt';
  const next = b.naesteForsoeg ? `; prøves igen ${tidspunkt(b.naesteForsoeg)}` : '';
  return `Ikke sendt (${b.forsoeg} forsøg${next})`;
}

