// The Danish words for the domain's codes that reach a person, on a screen or in a spreadsheet: the
// web UI (ui/src/format.ts) and the API's CSV exports read them from here, so the two never differ.
import type { DeadlineType, Role } from '../regelsaet/regelsaet.schema';

export const FRIST_NAVN: Record<DeadlineType, string> = {
  afgoerelse: 'Afgørelse',
  kontakt: 'Kontakt til borgeren',
  opstart: 'Opstart',
  opfoelgning: 'Opfølgning',
  bevilling: 'Bevillingens udløb',
  forlaengelse: 'Afgørelse om forlængelse',
};

/** What an inbox row is about when it is not a deadline: the tasks the rules raise. */
export const OPGAVE_NAVN: Record<'revurdering' | 'ramme' | 'terapeut', string> = {
  revurdering: 'Revurdering påkrævet',
  ramme: 'Rammen er næsten brugt',
  terapeut: 'Opstart uden terapeut',
};

export const ROLLE_NAVN: Record<Role, string> = {
  visitator: 'Visitator',
  koordinator: 'Faglig koordinator',
  terapeut: 'Terapeut',
  leder: 'Leder',
};

/** The label of a code, or the code itself when the dictionary lacks it (a test catches those). */
export const labelOf = (dictionary: Record<string, string>, code: string | null | undefined): string => (code ? (dictionary[code] ?? code) : '');
