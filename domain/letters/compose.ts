// The content of a decision letter, in Danish, from the forløb's state, the decision's event and the
// regelsæt: what was decided, the frame and its period, the reasons, the legal basis, the responsible
// unit and the klagevejledning with its last day as a date. Pure: the PDF (activities/letters/) only
// lays out what this returns.
import type { LocalDate } from '../calendar/local-date';
import { addPeriod } from '../regelsaet/period';
import type { EventOf, RecordedEvent } from '../forloeb/events.schema';
import type { OpenForloebState } from '../forloeb/state';
import type { AttendanceStep, ComplaintSubject, Indsats, LegalBasis, Letterhead, Regelsaet } from '../regelsaet/regelsaet.schema';
import { complaintDeadline } from './complaint';
import { amountOf, danishDate, danishList, frameText, LEGAL_BASIS_TEXT, periodText } from './danish';
import { decisionDateOf, LETTER_TITLE, letterKindOf, type LetterKind } from './kinds';

export type LetterSection = { heading: string; paragraphs: string[] };

export type Letter = {
  kind: LetterKind;
  title: string;
  /** The decision's date, Europe/Copenhagen: the letter's date and the day the complaint period counts from. */
  date: LocalDate;
  letterhead: Letterhead;
  /** The citizen's name where the forløb knows it. */
  recipient?: string;
  /** The forløb and the decision's event, so a reader can find the case: never a CPR number. */
  reference: string;
  sections: LetterSection[];
  complaint: { to: string; by: LocalDate; forwardedTo?: string };
  signOff: string;
};

export type ComposeInput = {
  forloebId: string;
  /** The forløb's state with the decision's event folded in. */
  state: OpenForloebState;
  event: RecordedEvent;
  regelsaet: Regelsaet;
};

const SUBJECT_TEXT: Record<Exclude<ComplaintSubject, 'afgoerelse'>, string> = {
  udfoerelse: 'Klager over, hvordan træningen udføres',
  sundhedsfaglig: 'Klager over det sundhedsfaglige indhold, herunder sundhedspersoners faglige virksomhed',
  erstatning: 'Erstatning for skader i forbindelse med træningen',
};

const CONSEQUENCE_TEXT: Record<AttendanceStep['consequence'], string> = {
  revurdering: 'skal træningen revurderes og kan blive afsluttet',
  kan_afsluttes: 'kan træningen afsluttes efter en faglig vurdering',
  afsluttes: 'afsluttes træningen',
};

/** The letter for a decision the citizen must receive, or undefined where the event is none. */
export function composeLetter({ forloebId, state, event, regelsaet }: ComposeInput): Letter | undefined {
  const kind = letterKindOf(event);
  if (!kind) return undefined;
  const { letters } = regelsaet;
  const date = decisionDateOf(event)!;
  const indsats = regelsaet.indsatser.find((i) => i.id === state.visitation?.indsatsId);
  const body = letters.complaints.find((k) => k.subject === 'afgoerelse')!;
  const by = complaintDeadline(date, body.withinWeeks!, regelsaet.closedDays);

  const decision = decisionSection(kind, event, state, indsats, regelsaet);
  const sections: LetterSection[] = [
    { heading: 'Afgørelse', paragraphs: decision.decision },
    ...(decision.frame.length ? [{ heading: 'Omfang og periode', paragraphs: decision.frame }] : []),
    { heading: 'Begrundelse', paragraphs: decision.reasons },
    { heading: 'Lovgrundlag', paragraphs: legalBasis(kind, indsats, regelsaet) },
    { heading: 'Ansvarlig enhed', paragraphs: responsibleUnit(letters.letterhead, state) },
    {
      heading: 'Klagevejledning',
      paragraphs: [
        `Hvis du er uenig i afgørelsen, kan du klage. Klagen skal være modtaget hos ${body.name} senest den ${danishDate(by)} (${body.withinWeeks} uger efter afgørelsen af ${danishDate(date)}).`,
        body.how,
        ...(body.forwardedTo
          ? [`Vi vurderer afgørelsen igen, når vi har modtaget din klage. Fastholder vi afgørelsen, sender vi klagen videre til ${body.forwardedTo}, som behandler den. Du får besked, når klagen sendes videre.`]
          : []),
        'Du kan klage skriftligt eller mundtligt. Du kan få hjælp til at klage.',
      ],
    },
    ...otherComplaints(regelsaet),
    { heading: 'Spørgsmål', paragraphs: [letters.texts.contact] },
  ];

  return {
    kind,
    title: LETTER_TITLE[kind],
    date,
    letterhead: letters.letterhead,
    ...(state.borgerNavn ? { recipient: state.borgerNavn } : {}),
    reference: `${forloebId}/${event.seq}`,
    sections,
    complaint: { to: body.name, by, ...(body.forwardedTo ? { forwardedTo: body.forwardedTo } : {}) },
    signOff: letters.texts.signOff,
  };
}

type DecisionText = { decision: string[]; frame: string[]; reasons: string[] };

function decisionSection(kind: LetterKind, event: RecordedEvent, state: OpenForloebState, indsats: Indsats | undefined, regelsaet: Regelsaet): DecisionText {
  switch (kind) {
    case 'bevilling':
    case 'afslag':
      return visitation(event as EventOf<'VisitationRecorded'>, state, indsats, regelsaet);
    case 'forlaengelse_bevilget':
    case 'forlaengelse_afslaaet':
      return extension(event as EventOf<'ExtensionDecided'>, state, regelsaet);
    case 'afslutning_udeblivelser':
    case 'afslutning_aflysninger':
      return ending(kind, event as EventOf<'AfslutningRecorded'>, state, regelsaet);
    case 'afslutning_udenfor_maalgruppe':
      return outsideTargetGroup(event as EventOf<'AfslutningRecorded'>, state, indsats, regelsaet);
  }
}

function visitation(event: EventOf<'VisitationRecorded'>, state: OpenForloebState, indsats: Indsats | undefined, regelsaet: Regelsaet): DecisionText {
  const { data } = event;
  if (data.decision === 'afslaaet') {
    return {
      decision: [`Du har fået afslag på træning. Afgørelsen er truffet den ${danishDate(data.decidedOn)}.`],
      frame: [],
      reasons: [data.reason ?? 'Afgørelsen er truffet efter en konkret og individuel vurdering af dit behov.'],
    };
  }
  const name = indsats?.name ?? 'træning';
  const frame: string[] = [];
  if (data.frame) {
    frame.push(`Du er bevilget ${frameText(data.frame)} træning.`);
  } else if (indsats?.frequency) {
    const f = indsats.frequency;
    const times = rangeText(f.timesPerWeek);
    const hours = f.hoursPerSession ? `, ${rangeText(f.hoursPerSession)} timer pr. gang` : '';
    frame.push(`Træningen foregår ${f.example ? 'for eksempel ' : ''}${times} gange om ugen${hours}. Der er ikke fastsat et samlet antal timer.`);
  }
  frame.push(...period(data.decidedOn, state, indsats, regelsaet));
  const reasons = [
    ...(data.reason ? [data.reason] : []),
    `Du opfylder betingelserne for ${name.charAt(0).toLowerCase()}${name.slice(1)} efter ${regelsaet.letters.letterhead.name.replace(/ Kommune$/, ' Kommunes')} kvalitetsstandard.`,
  ];
  return {
    decision: [`Du er bevilget ${name.charAt(0).toLowerCase()}${name.slice(1)}. Afgørelsen er truffet den ${danishDate(data.decidedOn)}.`],
    frame,
    reasons,
  };
}

/**
 * The start deadline's due date: the open one, or, where it counts from the decision itself and so
 * opens only with the event after it, the date the regelsæt's rule gives (as `decide` counts it).
 */
function startDueDate(decidedOn: LocalDate, state: OpenForloebState, indsats: Indsats | undefined, regelsaet: Regelsaet): LocalDate | undefined {
  const open = state.deadlines.opstart;
  if (open) return !open.met && !open.lapsed ? open.dueDate : undefined;
  const rule = regelsaet.deadlines.find((d) => d.type === 'opstart');
  if (!rule || rule.anchor !== 'afgoerelse') return undefined;
  if (rule.appliesTo && !(indsats && rule.appliesTo.includes(indsats.id))) return undefined;
  return addPeriod(decidedOn, rule.period, regelsaet.closedDays);
}

/** "1–3", "2" where the range is one number, "op til 10" where it has no lower bound. */
const rangeText = (r: { min?: number | undefined; max: number }) => (r.min === undefined ? `op til ${r.max}` : r.min === r.max ? `${r.max}` : `${r.min}–${r.max}`);

function period(decidedOn: LocalDate, state: OpenForloebState, indsats: Indsats | undefined, regelsaet: Regelsaet): string[] {
  const lines = [`Bevillingen gælder fra den ${danishDate(decidedOn)}.`];
  const startBy = startDueDate(decidedOn, state, indsats, regelsaet);
  if (startBy) lines.push(`Træningen begynder senest den ${danishDate(startBy)}.`);
  if (indsats?.endsWithStay) lines.push('Træningen varer, så længe dit ophold varer.');
  else if (indsats?.maxDuration) lines.push(`Forløbet varer op til ${periodText(indsats.maxDuration)} fra opstart.`);
  return lines;
}

function extension(event: EventOf<'ExtensionDecided'>, state: OpenForloebState, regelsaet: Regelsaet): DecisionText {
  const { data } = event;
  const request = state.extensions.find((x) => x.requestId === data.requestId);
  const what = request?.kind.startsWith('tillaegsbevilling') ? 'tillægsbevilling' : 'forlængelse af dit træningsforløb';
  const frame = state.frame;
  if (data.decision === 'afvist') {
    return {
      decision: [`Du har fået afslag på ${what}. Afgørelsen er truffet den ${danishDate(data.decidedOn)}.`],
      frame: frame ? [`Din ramme er uændret ${amountOf(frame.granted, frame.unit)}, hvoraf ${amountOf(frame.used, frame.unit)} er brugt.`] : [],
      reasons: [data.reason ?? 'Afgørelsen er truffet efter en konkret og individuel vurdering af dit behov.'],
    };
  }
  const unit = frame?.unit ?? 'sessioner';
  const size = request?.kind === 'tillaegsbevilling_lille' ? 'lille' : request?.kind === 'tillaegsbevilling_stor' ? 'stor' : undefined;
  const sizeName = size ? regelsaet.extension.tillaegsbevillinger.find((s) => s.id === size)?.name : undefined;
  return {
    decision: [
      `Du er bevilget ${sizeName ? `en ${sizeName.toLowerCase()} på ` : ''}${amountOf(data.amount, unit)} mere træning. Afgørelsen er truffet den ${danishDate(data.decidedOn)}.`,
    ],
    frame: frame ? [`Din samlede ramme er nu ${amountOf(frame.granted, frame.unit)}, hvoraf ${amountOf(frame.used, frame.unit)} er brugt.`] : [],
    reasons: [
      ...(data.reason ? [data.reason] : []),
      data.automatic
        ? 'Din terapeut har vurderet, at du har brug for mere træning for at nå de mål, der er sat for dit forløb.'
        : `Du har fortsat behov for træning${regelsaet.extension.requiresDevelopmentPotential ? ', og du har fortsat udviklingspotentiale' : ''}.`,
    ],
  };
}

function ending(kind: LetterKind, event: EventOf<'AfslutningRecorded'>, state: OpenForloebState, regelsaet: Regelsaet): DecisionText {
  const { data } = event;
  const noShows = kind === 'afslutning_udeblivelser';
  const count = noShows ? state.counts.noShows : state.counts.citizenCancellations;
  const steps = noShows ? regelsaet.udeblivelse.steps : regelsaet.aflysning.repeated;
  const step = [...steps].reverse().find((s) => s.count <= count);
  const what = noShows ? `er udeblevet fra træningen ${count} gange uden at melde afbud` : `har aflyst træningen ${count} gange`;
  return {
    decision: [`Din træning afsluttes den ${danishDate(data.date)}, fordi du ${what}.`],
    frame: state.frame ? [`Du har brugt ${amountOf(state.frame.used, state.frame.unit)} af din ramme på ${amountOf(state.frame.granted, state.frame.unit)}.`] : [],
    reasons: [
      ...(step
        ? [`Efter ${regelsaet.letters.letterhead.name.replace(/ Kommune$/, ' Kommunes')} kvalitetsstandard ${CONSEQUENCE_TEXT[step.consequence]}, når en borger ${noShows ? 'udebliver' : 'aflyser'} ${step.count} gange.`]
        : []),
      ...(data.note ? [data.note] : []),
      'Du kan søge om træning igen, hvis dit behov ændrer sig.',
    ],
  };
}

function outsideTargetGroup(event: EventOf<'AfslutningRecorded'>, state: OpenForloebState, indsats: Indsats | undefined, regelsaet: Regelsaet): DecisionText {
  const { data } = event;
  const name = indsats ? `${indsats.name.charAt(0).toLowerCase()}${indsats.name.slice(1)}` : 'træningen';
  return {
    decision: [`Din træning afsluttes den ${danishDate(data.date)}, fordi du ikke er i målgruppen for ${name}.`],
    frame: state.frame ? [`Du har brugt ${amountOf(state.frame.used, state.frame.unit)} af din ramme på ${amountOf(state.frame.granted, state.frame.unit)}.`] : [],
    reasons: [
      ...(data.note ? [data.note] : []),
      `Målgruppen står i ${regelsaet.letters.letterhead.name.replace(/ Kommune$/, ' Kommunes')} kvalitetsstandard.`,
      'Du kan søge om træning igen, hvis dit behov ændrer sig.',
    ],
  };
}

function legalBasis(kind: LetterKind, indsats: Indsats | undefined, regelsaet: Regelsaet): string[] {
  const bases: LegalBasis[] = indsats ? [indsats.legalBasis] : regelsaet.legalBasis;
  const lines = [`Afgørelsen er truffet efter ${danishList(bases.map((b) => LEGAL_BASIS_TEXT[b]))}.`];
  if (kind.startsWith('afslutning')) lines.push(`Reglerne for udeblivelser og afbud står i ${regelsaet.letters.letterhead.name.replace(/ Kommune$/, ' Kommunes')} kvalitetsstandard.`);
  lines.push('Reglerne om begrundelse og klagevejledning står i forvaltningslovens §§ 22-25.');
  return lines;
}

function responsibleUnit(letterhead: Letterhead, state: OpenForloebState): string[] {
  return [
    `Afgørelsen er truffet af ${letterhead.unit}, ${letterhead.name}.`,
    ...(state.assignment ? [`Din træning varetages af ${state.assignment.enhed}.`] : []),
  ];
}

function otherComplaints(regelsaet: Regelsaet): LetterSection[] {
  const others = regelsaet.letters.complaints.filter((k) => k.subject !== 'afgoerelse');
  if (others.length === 0) return [];
  return [
    {
      heading: 'Andre klagemuligheder',
      paragraphs: others.map((k) => `${SUBJECT_TEXT[k.subject as Exclude<ComplaintSubject, 'afgoerelse'>]}: ${k.name}. ${k.how}`),
    },
  ];
}
