// The borger as people find them: by name and by CPR number. The name is written as given; search
// compares a normalised form. The lists show a masked CPR number, so a person can tell two borgere
// apart by birth date without the full number being shown (that is a logged disclosure of its own).
/** Control and other invisible characters: no name holds them, and PostgreSQL's jsonb refuses NUL. */
export const INVISIBLE = /\p{C}/u;

/** A name as entered is kept in this form: NFC, trimmed, inner runs of white space made one space. */
export function tidyNavn(navn: string): string {
  return navn.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * The form of a name that search compares: Unicode NFC (an "å" typed as "a" + ring is the same
 * letter), lower case by Danish rules (Æ Ø Å → æ ø å), single spaces. Prefix search runs on it.
 */
export function normaliseNavn(navn: string): string {
  return navn.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');
}

/** The last word of a normalised name: what a search for the surname matches. */
export function efternavnOf(normalised: string): string {
  const words = normalised.split(' ');
  return words[words.length - 1] ?? '';
}

/** A CPR number as lists show it: the birth date, the last four digits hidden (ddmmyy-xxxx). */
export function maskCpr(cpr: string): string {
  const digits = cpr.replace('-', '');
  return `${digits.slice(0, 6)}-xxxx`;
}
