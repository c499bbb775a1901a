// Danish words and formats for what the API says in its identifiers.
import type { FristStatus, Phase } from './types';

export const FASE_NAVN: Record<Phase, string> = {
  visitering: 'Visitering',
  opstart: 'Opstart',
  traening: 'Træning',
  status: 'Status',
  afslutning: 'Afslutning',
};

// Deadline kinds and roles: one dictionary with the API's CSV exports.
export { FRIST_NAVN, OPGAVE_NAVN, ROLLE_NAVN } from '../../api/contract';

export const FRIST_STATUS_NAVN: Record<FristStatus, string> = {
  overholdt: 'Overholdt',
  overholdt_for_sent: 'Overholdt for sent',
  aaben: 'Åben',
  overskredet: 'Overskredet',
  bortfaldet: 'Bortfaldet',
};

export const ENHED_NAVN: Record<string, string> = { kalenderdage: 'kalenderdage', hverdage: 'hverdage', maaneder: 'måneder', timer: 'timer', sessioner: 'sessioner' };

export const UDFALD_NAVN: Record<string, string> = {
  gennemfoert: 'Gennemført',
  aflyst_af_borger: 'Aflyst af borger',
  aflyst_af_enheden: 'Aflyst af enheden',
  udeblevet: 'Udeblevet',
};

export const FORLAENGELSE_NAVN: Record<string, string> = {
  notat: 'Forlængelse ved terapeutnotat',
  ekstra_sessioner: 'Ekstra træninger uden ansøgning',
  anmodning: 'Anmodning om forlængelse',
  tillaegsbevilling_lille: 'Lille tillægsbevilling',
  tillaegsbevilling_stor: 'Stor tillægsbevilling',
};

export const AARSAG_NAVN: Record<string, string> = {
  maal_naaet: 'Målene er nået',
  ramme_brugt: 'Rammen er brugt',
  bevilling_udloebet: 'Bevillingen er udløbet',
  gentagne_aflysninger: 'Gentagne aflysninger',
  udeblivelser: 'Udeblivelser',
  borger_fravaelger: 'Borgeren fravælger',
  andet_tilbud: 'Andet tilbud',
  udenfor_maalgruppe: 'Uden for målgruppen',
};

export const HAENDELSE_NAVN: Record<string, string> = {
  ForloebCreated: 'Forløb oprettet',
  DeadlineOpened: 'Frist åbnet',
  DeadlineMet: 'Frist overholdt',
  DeadlineLapsed: 'Frist bortfaldet',
  ReminderSent: 'Påmindelse sendt',
  DeadlineEscalated: 'Frist eskaleret',
  VisitationRecorded: 'Visitation registreret',
  TherapistAssigned: 'Terapeut tildelt',
  ContactRecorded: 'Borgeren kontaktet',
  StartBooked: 'Opstart booket',
  StartHeld: 'Opstart afholdt',
  SessionRecorded: 'Træning registreret',
  FrameNearlyUsed: 'Rammen er næsten brugt',
  ReassessmentRequired: 'Revurdering påkrævet',
  StatusRecorded: 'Statusnotat skrevet',
  ExtensionRequested: 'Forlængelse anmodet',
  ExtensionDecided: 'Forlængelse afgjort',
  AfslutningRecorded: 'Afslutning registreret',
  ForloebClosed: 'Forløb lukket',
  FollowUpRecorded: 'Opfølgning registreret',
  BorgerNavnRecorded: 'Borgerens navn registreret',
  SessionAnnulled: 'Træning annulleret',
};

const nf = (digits: number) => new Intl.NumberFormat('da-DK', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** 9.5 → "9,5" (Danish decimal comma). */
export const tal = (n: number, digits = 1) => nf(digits).format(n);

export const procent = (share: number | null) => (share === null ? '–' : `${nf(1).format(share * 100)} %`);

/** "2026-11-25" → "25.11.2026". */
export function dato(iso: string | undefined | null): string {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

export function tidspunkt(iso: string): string {
  return new Intl.DateTimeFormat('da-DK', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
}

/** Today in Copenhagen as YYYY-MM-DD. */
export function idag(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
}

export function dageTekst(d: number): string {
  if (d < 0) return `${-d} ${d === -1 ? 'dag' : 'dage'} over`;
  if (d === 0) return 'i dag';
  return `${d} ${d === 1 ? 'dag' : 'dage'}`;
}

export const navn = (map: Record<string, string>, key: string | undefined | null) => (key ? (map[key] ?? key) : '–');

