// The schema of a borger's name as entered, for the edges that parse input.
import { z } from 'zod';
import { INVISIBLE, tidyNavn } from './borger';

/** A borger's name as entered: trimmed, inner runs of white space made one space, nothing invisible. */
export const BorgerNavn = z
  .string()
  .transform(tidyNavn)
  .pipe(
    z
      .string()
      .min(1, 'skal udfyldes')
      .max(200, 'må højst være 200 tegn')
      .refine((v) => !INVISIBLE.test(v), 'må ikke indeholde usynlige tegn eller kontroltegn'),
  );
export type BorgerNavn = z.infer<typeof BorgerNavn>;
