// Which recorded event is a decision the citizen must receive in writing (forvaltningsloven §22:
// a decision is given in writing; Brøndby 003:142 and 003:197-198), and of which kind.
import type { LocalDate } from '../calendar/local-date';
import type { RecordedEvent } from '../forloeb/events.schema';

export const LETTER_KINDS = [
  'bevilling', // the visitation granted training
  'afslag', // the visitation refused it
  'forlaengelse_bevilget', // an extension or tillægsbevilling granted: the frame grew
  'forlaengelse_afslaaet', // an extension or tillægsbevilling refused
  'afslutning_udeblivelser', // training ended for no-shows
  'afslutning_aflysninger', // training ended for repeated cancellations
  'afslutning_udenfor_maalgruppe', // training ended: the citizen is outside the target group
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** The kind of letter an event calls for, or undefined where the event is no decision for the citizen. */
export function letterKindOf(event: Pick<RecordedEvent, 'type' | 'data'> | { type: string; data: unknown }): LetterKind | undefined {
  const e = event as RecordedEvent;
  switch (e.type) {
    case 'VisitationRecorded':
      return e.data.decision === 'bevilget' ? 'bevilling' : 'afslag';
    case 'ExtensionDecided':
      // A therapist's own extension (a note, Varde's 1–4 extra) changes the frame too: the citizen is told.
      if (e.data.decision === 'afvist') return 'forlaengelse_afslaaet';
      return e.data.amount > 0 ? 'forlaengelse_bevilget' : undefined;
    case 'AfslutningRecorded':
      if (e.data.reason === 'udeblivelser') return 'afslutning_udeblivelser';
      if (e.data.reason === 'gentagne_aflysninger') return 'afslutning_aflysninger';
      if (e.data.reason === 'udenfor_maalgruppe') return 'afslutning_udenfor_maalgruppe';
      // Goals met, frame used, grant expired: as the grant's letter said. The citizen's own choice
      // or another offer: no decision against the citizen.
      return undefined;
    default:
      return undefined;
  }
}

/** The letter's title, as its heading and in the list on the forløb page. */
export const LETTER_TITLE: Record<LetterKind, string> = {
  bevilling: 'Afgørelse: Du er bevilget træning',
  afslag: 'Afgørelse: Afslag på træning',
  forlaengelse_bevilget: 'Afgørelse: Dit træningsforløb er forlænget',
  forlaengelse_afslaaet: 'Afgørelse: Afslag på forlængelse af dit træningsforløb',
  afslutning_udeblivelser: 'Afgørelse: Din træning afsluttes på grund af udeblivelser',
  afslutning_aflysninger: 'Afgørelse: Din træning afsluttes på grund af gentagne aflysninger',
  afslutning_udenfor_maalgruppe: 'Afgørelse: Din træning afsluttes, fordi du ikke er i målgruppen',
};

/** The day a decision was made (a Copenhagen calendar date): the letter's date and the complaint period's start. */
export function decisionDateOf(event: { type: string; data: unknown }): LocalDate | undefined {
  const e = event as RecordedEvent;
  switch (e.type) {
    case 'VisitationRecorded':
    case 'ExtensionDecided':
      return e.data.decidedOn;
    case 'AfslutningRecorded':
      return e.data.date;
    default:
      return undefined;
  }
}
