// The action that meets an open deadline: the command whose fact `metOn` in deadlines.ts waits for,
// and the words a person reads for it. The reports' forecast shows it beside each deadline that is
// due soon or overdue, so "what would prevent the miss" is answered by the domain, not by a screen.
import type { DeadlineType } from '../regelsaet/regelsaet.schema';
import type { ForloebCommand } from './commands.schema';

export type NextAction = { command: ForloebCommand['type']; label: string };

export function nextActionFor(type: DeadlineType): NextAction {
  switch (type) {
    case 'afgoerelse':
      // met on the visitation's decision date
      return { command: 'RecordVisitation', label: 'Visitér' };
    case 'kontakt':
      // met on the day the citizen was contacted
      return { command: 'RecordContact', label: 'Kontakt borgeren' };
    case 'opstart':
      // met on the offered start date, so booking it is what counts
      return { command: 'BookStart', label: 'Book opstart' };
    case 'opfoelgning':
      return { command: 'RecordFollowUp', label: 'Følg op' };
    case 'bevilling':
      // met when the forløb ends; an extension granted in time moves the frame instead
      return { command: 'RecordAfslutning', label: 'Afslut eller forlæng' };
    case 'forlaengelse':
      return { command: 'DecideExtension', label: 'Afgør anmodning' };
    default: {
      const unknown: never = type;
      throw new Error(`Ukendt fristtype: ${String(unknown)}`);
    }
  }
}

/** The inbox's tasks that are not deadlines: a reassessment demanded, a frame nearly used, a start booked without a therapist. */
export type InboxTask = 'revurdering' | 'ramme' | 'terapeut';

/** The step that closes an inbox task: the command whose event resolves it in the read model. */
export function nextActionForTask(task: InboxTask): NextAction {
  switch (task) {
    case 'revurdering':
      // a status note documents the reassessment
      return { command: 'RecordStatus', label: 'Revurdér og skriv statusnotat' };
    case 'ramme':
      // an approved extension enlarges the frame
      return { command: 'RequestExtension', label: 'Vurdér forlængelse' };
    case 'terapeut':
      return { command: 'AssignTherapist', label: 'Tildel terapeut' };
    default: {
      const unknown: never = task;
      throw new Error(`Ukendt opgave: ${String(unknown)}`);
    }
  }
}

/** The next step for an inbox row about `subject`: a deadline type or a task. */
export function nextStepFor(subject: DeadlineType | InboxTask): NextAction {
  return subject === 'revurdering' || subject === 'ramme' || subject === 'terapeut' ? nextActionForTask(subject) : nextActionFor(subject);
}
