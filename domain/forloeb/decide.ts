// decide(state, command, clock, regelsaet): the events a command causes, or a refusal with a reason.
// Pure: no clock, no I/O. A command is decided at the instant it carries (`receivedAt`); `clock` is the
// host's moment, used for a Tick and for a command recorded without an instant. A command given to a
// forløb passes its gate first (GATES: role, phase, the facts it needs), then one function per command
// decides its input; the switch ends in an exhaustive check.
import { copenhagenDateOf, copenhagenInstant, endOfCopenhagenDay } from '../calendar/copenhagen';
import { addCalendarDays, type LocalDate } from '../calendar/local-date';
import type { Frame, Regelsaet, Role } from '../regelsaet/regelsaet.schema';
import { instantOf } from './command-instant';
import type { Actor, CommandOf, ForloebCommand } from './commands.schema';
import type { ExtensionKind } from './vocabulary.schema';
import { deadlineFacts, dueNotices, ruleFor } from './deadlines';
import type { ForloebEvent, RecordedEvent } from './events.schema';
import { frameFor } from './frame';
import { extraUsed, FRAME_WARNING_SHARE, mayEndFrom, stepsAt } from './policy';
import { receivedOn } from './sources';
import { DEFAULT_MAX_DISCHARGE_DAYS_AHEAD } from '../regelsaet/data/defaults';
import type { Refusal, RefusalCode } from './refusal';
import { evolve, pendingExtension, type ForloebState, type OpenForloebState, type Phase } from './state';

export type Decision = { ok: true; events: ForloebEvent[] } | { ok: false; refusal: Refusal };

/** A refusal; `field` when it concerns one field of the request (the API's name for it). */
const refuse = (code: RefusalCode, message: string, field?: string): Decision => ({ ok: false, refusal: field ? { code, field, message } : { code, message } });
const accept = (...events: ForloebEvent[]): Decision => ({ ok: true, events });

/**
 * Rules that refuse commands the rules before them accepted. A running workflow that replays a command
 * decided before they existed must decide it as it was (a refusal where there was an acceptance would
 * change its commands), so the workflow turns them on behind a patch; everywhere else they are on.
 * `dateRules`: a booked start is not in the past, a held start not before the booked date, and a
 * discharge date at most `maxDischargeDaysAhead` ahead.
 */
export type RuleSet = { dateRules: boolean };
export const CURRENT_RULES: RuleSet = { dateRules: true };

type Ctx = { state: OpenForloebState; now: Date; today: LocalDate; regelsaet: Regelsaet; rules: RuleSet };

export function decide(state: ForloebState, command: ForloebCommand, clock: Date, regelsaet: Regelsaet, rules: RuleSet = CURRENT_RULES): Decision {
  const now = instantOf(command, clock);
  const decision = decideCommand(state, command, now, regelsaet, rules);
  if (!decision.ok || command.type === 'Tick') return decision;
  // A command's facts may open, meet or end deadlines; those follow as events of their own.
  const after = applyAll(state, decision.events, now);
  return accept(...decision.events, ...deadlineFacts(after, regelsaet, copenhagenDateOf(now), now));
}

function decideCommand(state: ForloebState, command: ForloebCommand, now: Date, regelsaet: Regelsaet, rules: RuleSet): Decision {
  if (command.type === 'CreateForloeb') return create(state, command, now, regelsaet, rules);
  if (command.type === 'Tick') return tick(state, now, regelsaet);
  const open = openState(state);
  if ('ok' in open) return open;
  const gate = GATES[command.type]({ state: open, regelsaet }, command.actor.role);
  if (gate) return gate;
  const ctx: Ctx = { state: open, now, today: copenhagenDateOf(now), regelsaet, rules };
  switch (command.type) {
    case 'RecordVisitation':
      return recordVisitation(ctx, command);
    case 'AssignTherapist':
      return assignTherapist(ctx, command);
    case 'RecordContact':
      return recordContact(ctx, command);
    case 'BookStart':
      return bookStart(ctx, command);
    case 'HoldStart':
      return holdStart(ctx, command);
    case 'RecordSession':
      return recordSession(ctx, command);
    case 'RecordStatus':
      return recordStatus(ctx, command);
    case 'RequestExtension':
      return requestExtension(ctx, command);
    case 'DecideExtension':
      return decideExtension(ctx, command);
    case 'RecordAfslutning':
      return recordAfslutning(ctx, command);
    case 'CloseForloeb':
      return closeForloeb(ctx, command);
    case 'RecordFollowUp':
      return recordFollowUp(ctx, command);
    case 'RecordBorgerNavn':
      return recordBorgerNavn(ctx, command);
    case 'AnnulSession':
      return annulSession(ctx, command);
    default: {
      const unknown: never = command;
      return refuse('invalid', `ukendt kommando ${(unknown as { type: string }).type}`);
    }
  }
}

// ---- guards ---------------------------------------------------------------------------------------

function roleRefusal(actual: Role, allowed: readonly Role[], what: string): Decision | undefined {
  if (allowed.includes(actual)) return undefined;
  const names = [...new Set(allowed)].join(' eller ');
  return refuse('forbidden_role', `${what} kræver rollen ${names} i dette regelsæt (du har rollen ${actual})`);
}

function phaseRefusal(state: OpenForloebState, allowed: readonly Phase[], what: string): Decision | undefined {
  if (allowed.includes(state.phase)) return undefined;
  return refuse('wrong_phase', `${what} kan ikke registreres i fasen ${state.phase} (kun i ${allowed.join(', ')})`);
}

function dateRefusal(field: string, date: LocalDate, ctx: Ctx, notBefore?: { date: LocalDate; what: string }): Decision | undefined {
  if (date > ctx.today) return refuse('invalid', 'datoen ligger i fremtiden', field);
  if (notBefore && date < notBefore.date) return refuse('invalid', `datoen ligger før ${notBefore.what}`, field);
  return undefined;
}

const first = (...checks: (Decision | undefined)[]) => checks.find((c) => c !== undefined);

/** The commands a person gives to a forløb that exists: every command but its creation and the clock's Tick. */
export const GIVEN_COMMANDS = [
  'RecordVisitation',
  'AssignTherapist',
  'RecordContact',
  'BookStart',
  'HoldStart',
  'RecordSession',
  'AnnulSession',
  'RecordStatus',
  'RequestExtension',
  'DecideExtension',
  'RecordAfslutning',
  'CloseForloeb',
  'RecordFollowUp',
  'RecordBorgerNavn',
] as const satisfies readonly ForloebCommand['type'][];
export type GivenCommandType = (typeof GIVEN_COMMANDS)[number];
type MissingGiven = Exclude<ForloebCommand['type'], GivenCommandType | 'CreateForloeb' | 'Tick'>;
const everyCommandIsGiven: MissingGiven extends never ? true : MissingGiven = true;
void everyCommandIsGiven;

type GateCtx = { state: OpenForloebState; regelsaet: Regelsaet };

/** Who decides a visitation of this indsats (or of none chosen): its own role, else the regelsæt's. */
const visitationRoleOf = (regelsaet: Regelsaet, indsats: Regelsaet['indsatser'][number] | undefined): Role => indsats?.visitation ?? regelsaet.roles.visitation;

/** The extension kinds there are; which of them a regelsæt offers, and to whom, is `extensionKindGate`'s answer. */
const EXTENSION_KINDS: readonly ExtensionKind[] = ['notat', 'ekstra_sessioner', 'anmodning', 'tillaegsbevilling_lille', 'tillaegsbevilling_stor'];

/**
 * What a command needs before its input is looked at: the role that gives it, the phase, and the facts
 * of the forløb it needs or would repeat. `decide` checks a command's gate first and its input after;
 * `permittedCommands` asks the gates alone, so what a screen offers and what `decide` accepts are the
 * same rules.
 */
const GATES: { [T in GivenCommandType]: (ctx: GateCtx, role: Role) => Decision | undefined } = {
  RecordVisitation: ({ state, regelsaet }, role) =>
    first(
      state.phase === 'visitering' ? undefined : refuse('wrong_phase', `forløbet er allerede visiteret (fase: ${state.phase})`),
      roleRefusal(role, [visitationRoleOf(regelsaet, undefined), ...regelsaet.indsatser.map((i) => visitationRoleOf(regelsaet, i))], 'Visitation'),
    ),
  AssignTherapist: ({ state, regelsaet }, role) =>
    first(
      roleRefusal(role, [regelsaet.roles.visitation, regelsaet.roles.startBooking, 'leder'], 'Tildeling af terapeut'),
      phaseRefusal(state, ['visitering', 'opstart', 'traening', 'status'], 'Tildeling af terapeut'),
    ),
  RecordContact: ({ state, regelsaet }, role) =>
    first(
      state.contactedOn ? refuse('wrong_phase', 'kontakten er allerede registreret') : undefined,
      roleRefusal(role, [regelsaet.roles.startBooking], 'Kontakt'),
      phaseRefusal(state, ['visitering', 'opstart'], 'Kontakt'),
    ),
  BookStart: ({ state, regelsaet }, role) =>
    first(
      roleRefusal(role, [regelsaet.roles.startBooking], 'Booking af opstart'),
      state.phase === 'opstart' ? undefined : refuse('wrong_phase', `opstart kan kun bookes i fasen opstart (fase: ${state.phase})`),
    ),
  HoldStart: ({ state, regelsaet }, role) => first(roleRefusal(role, ['terapeut', regelsaet.roles.startBooking], 'Opstart'), phaseRefusal(state, ['opstart'], 'Opstart')),
  RecordSession: ({ state }, role) => first(roleRefusal(role, ['terapeut'], 'Registrering af træning'), phaseRefusal(state, ['traening', 'status'], 'Træning')),
  // Whoever may record sessions may annul one recorded in error, while one is left to annul.
  AnnulSession: ({ state }, role) =>
    first(
      roleRefusal(role, ['terapeut'], 'Annullering af en træning'),
      phaseRefusal(state, ['traening', 'status'], 'Annullering af en træning'),
      (state.sessions ?? []).some((x) => !x.annulled) ? undefined : refuse('wrong_phase', 'forløbet har ingen registreret træning, der kan annulleres'),
    ),
  RecordStatus: ({ state }, role) => first(roleRefusal(role, ['terapeut'], 'Status'), phaseRefusal(state, ['traening', 'status'], 'Status')),
  // The kind is input; the gate asks whether some kind is open to the role (`extensionKindGate`).
  RequestExtension: (ctx, role) => {
    const common = extensionGate(ctx);
    if (common) return common;
    const byKind = EXTENSION_KINDS.map((kind) => extensionKindGate(ctx, role, kind));
    if (byKind.some((gate) => gate === undefined)) return undefined;
    return byKind.find((gate) => gate?.ok === false && gate.refusal.code === 'forbidden_role') ?? byKind[0];
  },
  DecideExtension: ({ state, regelsaet }, role) =>
    first(
      roleRefusal(role, [regelsaet.roles.extensionDecision], 'Afgørelse om forlængelse'),
      pendingExtension(state) ? undefined : refuse('wrong_phase', 'der er ingen anmodning om forlængelse, der venter på afgørelse'),
    ),
  RecordAfslutning: ({ state, regelsaet }, role) =>
    first(roleRefusal(role, ['terapeut', regelsaet.roles.closing], 'Afslutning'), phaseRefusal(state, ['opstart', 'traening', 'status'], 'Afslutning')),
  CloseForloeb: ({ state, regelsaet }, role) =>
    first(
      roleRefusal(role, [regelsaet.roles.closing], 'Lukning'),
      state.phase === 'afslutning' ? undefined : refuse('wrong_phase', `forløbet kan først lukkes efter afslutningen (fase: ${state.phase})`),
    ),
  RecordFollowUp: ({ state, regelsaet }, role) =>
    first(
      roleRefusal(role, [ruleFor(regelsaet, 'opfoelgning')?.responsible ?? 'visitator'], 'Opfølgning'),
      state.visitation?.decision === 'bevilget' ? undefined : refuse('wrong_phase', 'der kan først følges op efter en bevilling'),
    ),
  // Who may create a forløb may name its borger, and the koordinator who plans it; in any phase while it is open.
  RecordBorgerNavn: ({ regelsaet }, role) => roleRefusal(role, [regelsaet.roles.visitation, 'koordinator'], 'Registrering af borgerens navn'),
};

/** An extension of any kind: in training or status, and not while another request waits for its decision. */
function extensionGate({ state }: GateCtx): Decision | undefined {
  return first(
    phaseRefusal(state, ['traening', 'status'], 'En forlængelse'),
    pendingExtension(state) ? refuse('wrong_phase', 'der venter allerede en anmodning om forlængelse på afgørelse') : undefined,
  );
}

/** An extension of one kind: the regelsæt offers it, its limit is not reached, and the role may ask for it. */
function extensionKindGate({ state, regelsaet }: GateCtx, role: Role, kind: ExtensionKind): Decision | undefined {
  const { extension } = regelsaet;
  const counted = state.extensions.filter((x) => x.kind !== 'ekstra_sessioner' && x.decision !== 'afvist').length;
  if (kind !== 'ekstra_sessioner' && extension.maxExtensions !== undefined && counted >= extension.maxExtensions) {
    return refuse('invalid', `regelsættet tillader højst ${extension.maxExtensions} forlængelse(r)`);
  }
  switch (kind) {
    case 'notat':
      if (extension.model !== 'terapeutnotat') return refuse('invalid', 'i dette regelsæt forlænges et forløb ikke med et terapeutnotat', 'type');
      return roleRefusal(role, [extension.requestedBy], 'Forlængelse ved notat');
    case 'ekstra_sessioner': {
      const extra = extension.extraWithoutApplication;
      if (!extra) return refuse('invalid', 'dette regelsæt giver ikke ekstra træninger uden ansøgning', 'type');
      return roleRefusal(role, [extra.by], 'Ekstra træninger');
    }
    case 'anmodning':
      if (extension.model !== 'anmodning') return refuse('invalid', `i dette regelsæt anmodes om forlængelse som ${extension.model}`, 'type');
      return roleRefusal(role, [extension.requestedBy], 'Anmodning om forlængelse');
    case 'tillaegsbevilling_lille':
    case 'tillaegsbevilling_stor': {
      if (extension.model !== 'tillaegsbevilling') return refuse('invalid', 'dette regelsæt har ikke tillægsbevillinger', 'type');
      const sizeId = kind === 'tillaegsbevilling_lille' ? 'lille' : 'stor';
      if (!extension.tillaegsbevillinger.some((s) => s.id === sizeId)) return refuse('invalid', `regelsættet har ingen ${sizeId} tillægsbevilling`, 'type');
      return roleRefusal(role, [extension.requestedBy], 'Anmodning om tillægsbevilling');
    }
  }
}

/** The forløb's state when it can take a command at all: created and not closed. */
function openState(state: ForloebState): OpenForloebState | Decision {
  if (state.status === 'empty') return refuse('wrong_phase', 'forløbet er ikke oprettet');
  if (state.status === 'closed') return refuse('wrong_phase', 'forløbet er lukket');
  return state;
}

/** Whether a role may give a command to the forløb now, by the command's gate; the refusal if not. */
export function gateOf(state: ForloebState, type: GivenCommandType, role: Role, regelsaet: Regelsaet): Refusal | undefined {
  const open = openState(state);
  if ('ok' in open) return open.ok ? undefined : open.refusal;
  const gate = GATES[type]({ state: open, regelsaet }, role);
  return gate && !gate.ok ? gate.refusal : undefined;
}

/** The indsatser a role may grant, and the extension kinds it may ask for: the choices the gates leave open. */
export function visitationChoices(regelsaet: Regelsaet, role: Role): string[] {
  return regelsaet.indsatser.filter((i) => visitationRoleOf(regelsaet, i) === role).map((i) => i.id);
}
export function extensionChoices(state: ForloebState, regelsaet: Regelsaet, role: Role): ExtensionKind[] {
  if (state.status !== 'open') return [];
  return EXTENSION_KINDS.filter((kind) => extensionKindGate({ state, regelsaet }, role, kind) === undefined);
}

/**
 * The effective date of a decision (API `dato`): the day it took effect, which may lie before the day
 * it is entered (a decision made on 24.11 and entered on 01.12). Without one it is the day of the
 * command's instant, as before. A given date is checked: not in the future, not before what it follows.
 */
function effectiveDate(ctx: Ctx, given: LocalDate | undefined, notBefore?: { date: LocalDate; what: string }): { on: LocalDate } | { refused: Decision } {
  if (given === undefined) return { on: ctx.today };
  const refused = dateRefusal('dato', given, ctx, notBefore);
  return refused ? { refused } : { on: given };
}

/** The day the municipality received the plan, application or referral. */
const receivedDate = (state: OpenForloebState) => receivedOn(state.source, copenhagenDateOf(new Date(state.createdAt)));

// ---- commands -------------------------------------------------------------------------------------

function create(state: ForloebState, command: CommandOf<'CreateForloeb'>, now: Date, regelsaet: Regelsaet, rules: RuleSet): Decision {
  if (state.status !== 'empty') return refuse('wrong_phase', 'forløbet er allerede oprettet');
  const { source } = command;
  if (regelsaet.trigger !== source.kind) {
    return refuse('invalid', `regelsættet ${regelsaet.id} oprettes fra en ${regelsaet.trigger}, ikke en ${source.kind}`, 'kilde.kind');
  }
  const role = roleRefusal(command.actor.role, [regelsaet.roles.visitation], 'Oprettelse');
  if (role) return role;
  if (source.kind === 'genoptraeningsplan' && !frameFor(regelsaet, source.kategori)) {
    return refuse('invalid', `kategorien '${source.kategori}' findes ikke i regelsættet ${regelsaet.id}`, 'kilde.kategori');
  }
  if (source.kind === 'ansoegning' && source.indsatsId && !regelsaet.indsatser.some((i) => i.id === source.indsatsId)) {
    return refuse('invalid', `indsatsen '${source.indsatsId}' findes ikke i regelsættet ${regelsaet.id}`, 'kilde.indsatsId');
  }
  const today = copenhagenDateOf(now);
  if (source.kind !== 'genoptraeningsplan' && source.modtaget > today) return refuse('invalid', 'datoen ligger i fremtiden', 'kilde.modtaget');
  // A plan is sent around discharge; a date far ahead is a typing error (a discharge three months out).
  // Measured from the day the API received the plan: a create without its instant has none.
  if (source.kind === 'genoptraeningsplan' && rules.dateRules && command.receivedAt !== undefined) {
    const maxAhead = regelsaet.maxDischargeDaysAhead ?? DEFAULT_MAX_DISCHARGE_DAYS_AHEAD;
    if (source.udskrivningsdato > addCalendarDays(today, maxAhead)) {
      return refuse('invalid', `datoen ligger mere end ${maxAhead} dage ude i fremtiden`, 'kilde.udskrivningsdato');
    }
    if (source.modtaget !== undefined && source.modtaget > today) return refuse('invalid', 'datoen ligger i fremtiden', 'kilde.modtaget');
  }
  return accept({ type: 'ForloebCreated', data: { regelsaetId: regelsaet.id, kommune: regelsaet.kommune, source } });
}

function recordVisitation(ctx: Ctx, command: CommandOf<'RecordVisitation'>): Decision {
  const { state, regelsaet } = ctx;
  const { source } = state;
  const category = source.kind === 'genoptraeningsplan' ? frameFor(regelsaet, source.kategori) : undefined;
  const requestedId = command.indsatsId ?? category?.indsats.id ?? (source.kind === 'ansoegning' ? source.indsatsId : undefined);
  const indsats = requestedId
    ? regelsaet.indsatser.find((i) => i.id === requestedId)
    : regelsaet.indsatser.length === 1
      ? regelsaet.indsatser[0]
      : undefined;
  if (requestedId && !indsats) return refuse('invalid', `indsatsen '${requestedId}' findes ikke i regelsættet ${regelsaet.id}`, 'indsatsId');
  const role = roleRefusal(command.actor.role, [visitationRoleOf(regelsaet, indsats)], 'Visitation');
  if (role) return role;
  // The decision's day: the start deadline of §86 counts from it (anchor `afgoerelse`).
  const effective = effectiveDate(ctx, command.effectiveOn, { date: receivedDate(state), what: 'modtagelsen' });
  if ('refused' in effective) return effective.refused;
  const today = effective.on;
  if (command.decision === 'afslaaet') {
    if (!command.reason) return refuse('invalid', 'et afslag kræver en begrundelse', 'begrundelse');
    return accept({ type: 'VisitationRecorded', data: { decision: 'afslaaet', decidedOn: today, reason: command.reason } });
  }
  if (!indsats) {
    return refuse('invalid', `vælg en af regelsættets indsatser (${regelsaet.indsatser.map((i) => i.id).join(', ')})`, 'indsatsId');
  }
  let frame: Frame | undefined = category?.frame;
  if (!frame && indsats.frames.length === 1) frame = indsats.frames[0];
  if (!frame && indsats.frames.length > 1) {
    frame = indsats.frames.find((f) => f.amount === command.frameAmount);
    if (!frame) {
      const options = indsats.frames.map((f) => `${f.amount} ${f.unit}`).join(' eller ');
      return refuse('invalid', `vælg rammen for ${indsats.name}: ${options}`, 'rammeAntal');
    }
  }
  return accept({
    type: 'VisitationRecorded',
    data: {
      decision: 'bevilget',
      decidedOn: today,
      indsatsId: indsats.id,
      ...(source.kind === 'genoptraeningsplan' ? { kategori: source.kategori, niveau: command.niveau ?? source.niveau } : {}),
      ...(frame ? { frame } : {}),
      ...(command.reason ? { reason: command.reason } : {}),
    },
  });
}

function assignTherapist(_ctx: Ctx, command: CommandOf<'AssignTherapist'>): Decision {
  return accept({ type: 'TherapistAssigned', data: { terapeut: command.terapeut, enhed: command.enhed } });
}

function recordContact(ctx: Ctx, command: CommandOf<'RecordContact'>): Decision {
  const { state } = ctx;
  return (
    first(
      dateRefusal('dato', command.contactedOn, ctx, { date: receivedDate(state), what: 'modtagelsen' }),
    ) ?? accept({ type: 'ContactRecorded', data: { contactedOn: command.contactedOn } })
  );
}

function bookStart({ state, today, rules }: Ctx, command: CommandOf<'BookStart'>): Decision {
  const earliest = state.source.kind === 'genoptraeningsplan' ? state.source.udskrivningsdato : state.source.modtaget;
  return (
    first(
      command.startDate < earliest
        ? refuse('invalid', `opstarten kan ikke ligge før ${state.source.kind === 'genoptraeningsplan' ? 'udskrivningsdatoen' : 'modtagelsen'}`, 'startdato')
        : undefined,
      // A booking is an appointment: a past date would meet the start deadline by a date typed in
      // afterwards (the issue's start "booked" after the deadline had escalated). A start that took
      // place is recorded as held (HoldStart), with its own date.
      rules.dateRules && command.startDate < today ? refuse('invalid', 'en opstart kan ikke bookes til en dato, der er gået', 'startdato') : undefined,
    ) ?? accept({ type: 'StartBooked', data: { startDate: command.startDate } })
  );
}

function holdStart(ctx: Ctx, command: CommandOf<'HoldStart'>): Decision {
  const { state, rules } = ctx;
  const decidedOn = state.visitation?.decidedOn;
  return (
    first(
      dateRefusal('dato', command.heldOn, ctx, decidedOn ? { date: decidedOn, what: 'visitationen' } : undefined),
      rules.dateRules && state.start && command.heldOn < state.start.startDate ? refuse('invalid', 'opstarten kan ikke være afholdt før den bookede dato', 'dato') : undefined,
    ) ?? accept({ type: 'StartHeld', data: { heldOn: command.heldOn } })
  );
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** What a session takes from the frame: attended hours (A14), or one session where it is not made up. */
function frameUse(frame: Frame | undefined, command: CommandOf<'RecordSession'>, regelsaet: Regelsaet): number {
  if (!frame) return 0;
  const { outcome } = command;
  if (frame.unit === 'timer') return outcome === 'gennemfoert' ? round(command.durationMinutes / 60) : 0;
  if (outcome === 'gennemfoert') return 1;
  if (outcome === 'udeblevet') return regelsaet.udeblivelse.replaced === false ? 1 : 0;
  if (outcome === 'aflyst_af_borger') return regelsaet.aflysning.replaced === false ? 1 : 0;
  return 0;
}

/** Whether a citizen's cancellation came after the regelsæt's cut-off (A12: "dagen før" = any time that day). */
function isLateCancellation(regelsaet: Regelsaet, sessionDate: LocalDate, cancelledAt: Date): boolean | undefined {
  const rule = regelsaet.aflysning.afbud.find((r) => r.reason === 'alle') ?? regelsaet.aflysning.afbud.find((r) => r.reason === 'andet');
  if (!rule) return undefined;
  const day = addCalendarDays(sessionDate, -rule.daysBefore);
  const cutOff = rule.by ? copenhagenInstant(day, rule.by) : endOfCopenhagenDay(day);
  return cancelledAt > cutOff;
}

function recordSession(ctx: Ctx, command: CommandOf<'RecordSession'>): Decision {
  const { state, regelsaet } = ctx;
  const refused = first(
    dateRefusal('dato', command.date, ctx, state.start?.heldOn ? { date: state.start.heldOn, what: 'opstarten' } : undefined),
    command.outcome === 'gennemfoert' && command.durationMinutes === 0 ? refuse('invalid', 'en gennemført træning skal have en varighed', 'varighedMinutter') : undefined,
    command.outcome !== 'aflyst_af_borger' && command.cancelledAt ? refuse('invalid', 'kun en aflysning fra borgeren har et tidspunkt', 'aflystTidspunkt') : undefined,
    // Only a command that carries the field is asked, so commands recorded before it are decided as before.
    command.confirmed === false && (state.sessions ?? []).some((x) => !x.annulled && x.date === command.date)
      ? refuse('needs_confirmation', `der er allerede registreret en træning for forløbet den ${command.date}; bekræft, hvis der er tale om endnu en`, 'bekraeftet')
      : undefined,
  );
  if (refused) return refused;
  const frame = state.frame;
  const use = frameUse(frame, command, regelsaet);
  const usedTotal = round((frame?.used ?? 0) + use);
  if (frame && use > 0 && usedTotal > frame.granted + 1e-9) {
    const unit = frame.unit === 'timer' ? 'timer' : 'sessioner';
    return refuse('frame_exceeded', `rammen er brugt: ${frame.used} af ${frame.granted} ${unit}; en forlængelse skal godkendes først`);
  }
  const late = command.cancelledAt ? isLateCancellation(regelsaet, command.date, new Date(command.cancelledAt)) : undefined;
  const events: ForloebEvent[] = [
    {
      type: 'SessionRecorded',
      data: {
        date: command.date,
        outcome: command.outcome,
        durationMinutes: command.durationMinutes,
        ...(command.cancelledAt ? { cancelledAt: command.cancelledAt } : {}),
        ...(late !== undefined ? { lateCancellation: late } : {}),
        frameUsed: use,
        frameUsedTotal: usedTotal,
      },
    },
  ];
  if (frame && !frame.warned && usedTotal >= FRAME_WARNING_SHARE * frame.granted && usedTotal < frame.granted + 1e-9 && use > 0) {
    events.push({ type: 'FrameNearlyUsed', data: { used: usedTotal, granted: frame.granted, unit: frame.unit, to: ['terapeut'] } });
  }
  const deciders: Role[] = [...new Set<Role>(['terapeut', regelsaet.roles.visitation])];
  if (command.outcome === 'udeblevet') {
    const n = state.counts.noShows + 1;
    if (stepsAt(regelsaet.udeblivelse.steps, n).length > 0) {
      events.push({ type: 'ReassessmentRequired', data: { cause: 'udeblivelse', count: n, mayEnd: n >= mayEndFrom(regelsaet.udeblivelse.steps), to: deciders } });
    }
  }
  if (command.outcome === 'aflyst_af_borger') {
    const n = state.counts.citizenCancellations + 1;
    if (stepsAt(regelsaet.aflysning.repeated, n).length > 0) {
      events.push({ type: 'ReassessmentRequired', data: { cause: 'aflysninger', count: n, mayEnd: n >= mayEndFrom(regelsaet.aflysning.repeated), to: deciders } });
    }
  }
  return accept(...events);
}

function recordStatus(_ctx: Ctx, command: CommandOf<'RecordStatus'>): Decision {
  return accept({ type: 'StatusRecorded', data: { note: command.note } });
}

function requestExtension({ state, today, regelsaet }: Ctx, command: CommandOf<'RequestExtension'>): Decision {
  const { extension } = regelsaet;
  const kindRefused = extensionKindGate({ state, regelsaet }, command.actor.role, command.kind);
  if (kindRefused) return kindRefused;
  const requestId = state.extensions.length + 1;
  const requested: ForloebEvent = {
    type: 'ExtensionRequested',
    data: { requestId, kind: command.kind, amount: command.amount, reason: command.reason, requestedOn: today },
  };
  const granted = (): ForloebEvent => ({
    type: 'ExtensionDecided',
    data: { requestId, decision: 'godkendt', automatic: true, amount: command.amount, decidedOn: today },
  });
  switch (command.kind) {
    case 'notat':
      return accept(requested, granted());
    case 'ekstra_sessioner': {
      const upTo = extension.extraWithoutApplication?.upTo ?? 0;
      const left = upTo - extraUsed(state);
      if (command.amount > left) return refuse('invalid', `højst ${upTo} ekstra uden ansøgning i alt; ${left} tilbage`, 'antal');
      return accept(requested, granted());
    }
    case 'anmodning':
      return accept(requested);
    case 'tillaegsbevilling_lille':
    case 'tillaegsbevilling_stor': {
      const size = extension.tillaegsbevillinger.find((s) => s.id === (command.kind === 'tillaegsbevilling_lille' ? 'lille' : 'stor'));
      if (size && (command.amount < size.min || command.amount > size.max)) {
        return refuse('invalid', `en ${size.name.toLowerCase()} er ${size.min}–${size.max} ${size.unit}`, 'antal');
      }
      return accept(requested);
    }
  }
}

function decideExtension(ctx: Ctx, command: CommandOf<'DecideExtension'>): Decision {
  const pending = pendingExtension(ctx.state);
  if (!pending) return refuse('wrong_phase', 'der er ingen anmodning om forlængelse, der venter på afgørelse');
  if (pending.requestId !== command.requestId) return refuse('invalid', `den ventende anmodning har id ${pending.requestId}`, 'anmodningId');
  const effective = effectiveDate(ctx, command.effectiveOn, { date: pending.requestedOn, what: 'anmodningen' });
  if ('refused' in effective) return effective.refused;
  const today = effective.on;
  return accept({
    type: 'ExtensionDecided',
    data: {
      requestId: pending.requestId,
      decision: command.decision,
      automatic: false,
      amount: command.decision === 'godkendt' ? pending.amount : 0,
      reason: command.reason,
      decidedOn: today,
    },
  });
}

function recordAfslutning(ctx: Ctx, command: CommandOf<'RecordAfslutning'>): Decision {
  const { state, regelsaet } = ctx;
  const refused = dateRefusal('dato', command.date, ctx, state.visitation ? { date: state.visitation.decidedOn, what: 'visitationen' } : undefined);
  if (refused) return refused;
  switch (command.reason) {
    case 'udeblivelser': {
      const from = mayEndFrom(regelsaet.udeblivelse.steps);
      if (state.counts.noShows < from) return refuse('invalid', `afslutning for udeblivelser kræver mindst ${from} udeblivelser (registreret: ${state.counts.noShows})`, 'aarsag');
      break;
    }
    case 'gentagne_aflysninger': {
      const from = mayEndFrom(regelsaet.aflysning.repeated);
      if (state.counts.citizenCancellations < from) {
        return refuse('invalid', `afslutning for gentagne aflysninger kræver mindst ${from} aflysninger (registreret: ${state.counts.citizenCancellations})`, 'aarsag');
      }
      break;
    }
    case 'ramme_brugt':
      if (!state.frame || state.frame.used + 1e-9 < state.frame.granted) {
        return refuse('invalid', `rammen er ikke brugt${state.frame ? ` (${state.frame.used} af ${state.frame.granted})` : ''}`, 'aarsag');
      }
      break;
    case 'bevilling_udloebet': {
      const bevilling = state.deadlines.bevilling;
      if (!bevilling || command.date < bevilling.dueDate) return refuse('invalid', 'bevillingen er ikke udløbet', 'aarsag');
      break;
    }
    default:
      break;
  }
  return accept({ type: 'AfslutningRecorded', data: { reason: command.reason, date: command.date, ...(command.note ? { note: command.note } : {}) } });
}

function closeForloeb(ctx: Ctx, command: CommandOf<'CloseForloeb'>): Decision {
  const { state } = ctx;
  const effective = effectiveDate(ctx, command.effectiveOn, state.afslutning ? { date: state.afslutning.date, what: 'afslutningen' } : undefined);
  if ('refused' in effective) return effective.refused;
  return accept({ type: 'ForloebClosed', data: { closedOn: effective.on } });
}

function recordFollowUp(ctx: Ctx, command: CommandOf<'RecordFollowUp'>): Decision {
  const { state } = ctx;
  return (
    dateRefusal('dato', command.date, ctx, state.visitation ? { date: state.visitation.decidedOn, what: 'visitationen' } : undefined) ??
    accept({ type: 'FollowUpRecorded', data: { date: command.date, note: command.note } })
  );
}

/** The name, unless it is the one already recorded. */
function recordBorgerNavn({ state }: Ctx, command: CommandOf<'RecordBorgerNavn'>): Decision {
  return (
    (state.borgerNavn === command.navn ? refuse('invalid', 'navnet er allerede registreret', 'navn') : undefined) ??
    accept({ type: 'BorgerNavnRecorded', data: { navn: command.navn } })
  );
}

/**
 * A session, no-show or cancellation recorded in error is annulled with a reason: the frame gets back
 * what it took, and the counts (and so the no-show and cancellation rules) no longer see it. Whoever
 * may record sessions may annul them.
 */
function annulSession({ state }: Ctx, command: CommandOf<'AnnulSession'>): Decision {
  const session = (state.sessions ?? []).find((x) => x.seq === command.sessionSeq);
  if (!session) return refuse('invalid', `forløbet har ingen registreret træning med nummer ${command.sessionSeq}`, 'seq');
  if (session.annulled) return refuse('wrong_phase', `træningen med nummer ${command.sessionSeq} er allerede annulleret`);
  const frameUsedTotal = state.frame ? round(Math.max(0, state.frame.used - session.frameUsed)) : 0;
  return accept({
    type: 'SessionAnnulled',
    data: {
      sessionSeq: session.seq,
      date: session.date,
      outcome: session.outcome,
      reason: command.reason,
      frameReleased: session.frameUsed,
      frameUsedTotal,
    },
  });
}

function tick(state: ForloebState, now: Date, regelsaet: Regelsaet): Decision {
  if (state.status !== 'open') return accept();
  const notices = Object.values(state.deadlines).flatMap((d) => {
    const rule = ruleFor(regelsaet, d.type);
    return rule ? dueNotices(d, rule, regelsaet, now) : [];
  });
  notices.sort((a, b) => a.at.getTime() - b.at.getTime());
  return accept(
    ...notices.map(
      (n): ForloebEvent =>
        n.kind === 'reminder'
          ? { type: 'ReminderSent', data: { deadline: n.deadline, index: n.index, to: n.to, dueDate: n.dueDate, scheduledAt: n.at.toISOString() } }
          : { type: 'DeadlineEscalated', data: { deadline: n.deadline, level: n.level, to: n.to, dueDate: n.dueDate, scheduledAt: n.at.toISOString() } },
    ),
  );
}

/** Stamps events with their sequence numbers, instant and actor, continuing the state's sequence. */
export function record(state: ForloebState, events: readonly ForloebEvent[], now: Date, actor?: Actor): RecordedEvent[] {
  const at = now.toISOString();
  const by = actor ? { actor: actor.userId ? { role: actor.role, userId: actor.userId } : { role: actor.role } } : {};
  return events.map((e, i) => ({ ...e, seq: state.seq + i + 1, at, ...by }) as RecordedEvent);
}

/** The events a command causes, recorded at the command's instant with its actor; or the refusal. */
export function decideAndRecord(
  state: ForloebState,
  command: ForloebCommand,
  clock: Date,
  regelsaet: Regelsaet,
  rules: RuleSet = CURRENT_RULES,
): { ok: true; events: RecordedEvent[] } | { ok: false; refusal: Refusal } {
  const decision = decide(state, command, clock, regelsaet, rules);
  if (!decision.ok) return decision;
  const actor = command.type === 'Tick' ? undefined : command.actor;
  return { ok: true, events: record(state, decision.events, instantOf(command, clock), actor) };
}

export function applyAll(state: ForloebState, events: readonly ForloebEvent[], now: Date): ForloebState {
  return record(state, events, now).reduce(evolve, state);
}
