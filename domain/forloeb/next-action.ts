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
