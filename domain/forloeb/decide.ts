// decide(state, command, now, regelsaet): the events a command causes, or a refusal with a reason.
// Pure: no clock, no I/O. One function per command; the switch ends in an exhaustive check.
import { copenhagenDateOf } from '../calendar';
import type { Regelsaet, Role } from '../regelsaet/schema';
import type { BookStart, CreateForloeb, ForloebCommand, RecordVisitation } from './commands';
import { deadlineFacts, dueNotices, ruleFor } from './deadlines';
import type { ForloebEvent, RecordedEvent } from './events';
import { evolve, type ForloebState, type OpenForloebState } from './state';
import { frameFor } from './frame';

export type RefusalCode = 'wrong_phase' | 'forbidden_role' | 'invalid';
export type Refusal = { code: RefusalCode; reason: string };
export type Decision = { ok: true; events: ForloebEvent[] } | { ok: false; refusal: Refusal };

const refuse = (code: RefusalCode, reason: string): Decision => ({ ok: false, refusal: { code, reason } });
const accept = (events: ForloebEvent[]): Decision => ({ ok: true, events });

export function decide(state: ForloebState, command: ForloebCommand, now: Date, regelsaet: Regelsaet): Decision {
  const decision = decideCommand(state, command, now, regelsaet);
  if (!decision.ok || command.type === 'Tick') return decision;
  // A command's facts may open or meet deadlines; those follow as events of their own.
  const after = applyAll(state, decision.events, now);
  return accept([...decision.events, ...deadlineFacts(after, regelsaet)]);
}

function decideCommand(state: ForloebState, command: ForloebCommand, now: Date, regelsaet: Regelsaet): Decision {
  switch (command.type) {
    case 'CreateForloeb':
      return create(state, command, regelsaet);
    case 'RecordVisitation':
      return ifOpen(state, (s) => recordVisitation(s, command, now, regelsaet));
    case 'BookStart':
      return ifOpen(state, (s) => bookStart(s, command, regelsaet));
    case 'Tick':
      return tick(state, now, regelsaet);
    default: {
      const unknown: never = command;
      return refuse('invalid', `ukendt kommando ${JSON.stringify(unknown)}`);
    }
  }
}

function ifOpen(state: ForloebState, decideOpen: (s: OpenForloebState) => Decision): Decision {
  if (state.status === 'empty') return refuse('wrong_phase', 'forløbet er ikke oprettet');
  if (state.status === 'refused') return refuse('wrong_phase', 'forløbet er afsluttet med afslag');
  return decideOpen(state);
}

function requireRole(actual: Role, allowed: Role, what: string): Decision | undefined {
  return actual === allowed ? undefined : refuse('forbidden_role', `${what} kræver rollen ${allowed} i dette regelsæt (du har rollen ${actual})`);
}

function create(state: ForloebState, command: CreateForloeb, regelsaet: Regelsaet): Decision {
  if (state.status !== 'empty') return refuse('wrong_phase', 'forløbet er allerede oprettet');
  if (regelsaet.trigger !== command.source.kind) {
    return refuse('invalid', `regelsættet ${regelsaet.id} oprettes fra en ${regelsaet.trigger}, ikke en ${command.source.kind}`);
  }
  const roleRefusal = requireRole(command.actor.role, regelsaet.roles.visitation, 'Oprettelse');
  if (roleRefusal) return roleRefusal;
  if (!frameFor(regelsaet, command.source.kategori)) {
    return refuse('invalid', `kategorien '${command.source.kategori}' findes ikke i regelsættet ${regelsaet.id}`);
  }
  return accept([{ type: 'ForloebCreated', data: { regelsaetId: regelsaet.id, kommune: regelsaet.kommune, source: command.source } }]);
}

function recordVisitation(state: OpenForloebState, command: RecordVisitation, now: Date, regelsaet: Regelsaet): Decision {
  const roleRefusal = requireRole(command.actor.role, regelsaet.roles.visitation, 'Visitation');
  if (roleRefusal) return roleRefusal;
  if (state.phase !== 'visitering') return refuse('wrong_phase', `forløbet er allerede visiteret (fase: ${state.phase})`);
  const decidedOn = copenhagenDateOf(now);
  if (command.decision === 'afslaaet') {
    if (!command.reason) return refuse('invalid', 'et afslag kræver en begrundelse');
    return accept([{ type: 'VisitationRecorded', data: { decision: 'afslaaet', decidedOn, reason: command.reason } }]);
  }
  const found = frameFor(regelsaet, state.source.kategori);
  if (!found) return refuse('invalid', `kategorien '${state.source.kategori}' findes ikke i regelsættet ${regelsaet.id}`);
  return accept([
    {
      type: 'VisitationRecorded',
      data: {
        decision: 'bevilget',
        decidedOn,
        indsatsId: found.indsats.id,
        kategori: state.source.kategori,
        niveau: command.niveau ?? state.source.niveau,
        frame: found.frame,
        ...(command.reason ? { reason: command.reason } : {}),
      },
    },
  ]);
}

function bookStart(state: OpenForloebState, command: BookStart, regelsaet: Regelsaet): Decision {
  const roleRefusal = requireRole(command.actor.role, regelsaet.roles.startBooking, 'Booking af opstart');
  if (roleRefusal) return roleRefusal;
  if (state.phase !== 'opstart') return refuse('wrong_phase', `opstart kan kun bookes i fasen opstart (fase: ${state.phase})`);
  if (command.startDate < state.source.udskrivningsdato) {
    return refuse('invalid', 'startDate: opstarten kan ikke ligge før udskrivningsdatoen');
  }
  return accept([{ type: 'StartBooked', data: { startDate: command.startDate } }]);
}

function tick(state: ForloebState, now: Date, regelsaet: Regelsaet): Decision {
  if (state.status !== 'open') return accept([]);
  const notices = Object.values(state.deadlines).flatMap((d) => {
    const rule = ruleFor(regelsaet, d.type);
    return rule ? dueNotices(d, rule, regelsaet, now) : [];
  });
  notices.sort((a, b) => a.at.getTime() - b.at.getTime());
  return accept(
    notices.map(
      (n): ForloebEvent =>
        n.kind === 'reminder'
          ? { type: 'ReminderSent', data: { deadline: n.deadline, index: n.index, to: n.to, dueDate: n.dueDate, scheduledAt: n.at.toISOString() } }
          : { type: 'DeadlineEscalated', data: { deadline: n.deadline, level: n.level, to: n.to, dueDate: n.dueDate, scheduledAt: n.at.toISOString() } },
    ),
  );
}

/** Stamps events with their sequence numbers and instant, continuing the state's sequence. */
export function record(state: ForloebState, events: readonly ForloebEvent[], now: Date): RecordedEvent[] {
  const at = now.toISOString();
  return events.map((e, i) => ({ ...e, seq: state.seq + i + 1, at }) as RecordedEvent);
}

export function applyAll(state: ForloebState, events: readonly ForloebEvent[], now: Date): ForloebState {
  return record(state, events, now).reduce(evolve, state);
}
