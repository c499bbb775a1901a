// The action named for each deadline kind meets that deadline: given a forløb with the deadline open,
// when the named command is given, then the domain records the deadline as met. So the forecast's
// advice stays true if the rules for what meets a deadline change.
import { describe, expect, it } from 'vitest';
import type { ForloebCommand } from '../../domain/forloeb';
import { nextActionFor } from '../../domain/forloeb/next-action';
import { findRegelsaet } from '../../domain/regelsaet';
import { DeadlineType } from '../../domain/regelsaet/regelsaet.schema';
import { run } from '../support/lifecycles';

type Step = [ForloebCommand, string];
const as = (role: 'visitator' | 'koordinator' | 'terapeut') => ({ role, userId: `${role}-1` });
const ansoegning = (modtaget: string) => ({ kind: 'ansoegning' as const, cpr: '010190-1234', modtaget });

/** Per kind: a regelsæt with the deadline, the steps that open it, and the given command's payload by command type. */
const givenOpen: Record<DeadlineType, { regelsaet: string; steps: Step[] }> = {
  afgoerelse: {
    regelsaet: 'brondby-sel86-1',
    steps: [[{ type: 'CreateForloeb', actor: as('visitator'), source: ansoegning('2031-03-02') }, '2031-03-02T09:00:00Z']],
  },
  kontakt: {
    regelsaet: 'nyborg-sel86-1',
    steps: [
      [{ type: 'CreateForloeb', actor: as('terapeut'), source: { kind: 'henvisning', cpr: '010190-1234', modtaget: '2031-03-02', henviser: 'laege' } }, '2031-03-02T09:00:00Z'],
    ],
  },
  opstart: {
    regelsaet: 'varde-sel86-1',
    steps: [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: ansoegning('2031-03-02') }, '2031-03-02T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2031-03-03T09:00:00Z'],
    ],
  },
  opfoelgning: {
    regelsaet: 'brondby-sel86-1',
    steps: [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: ansoegning('2031-03-02') }, '2031-03-02T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraening' }, '2031-03-03T09:00:00Z'],
    ],
  },
  bevilling: {
    regelsaet: 'varde-sel86-1',
    steps: [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: ansoegning('2031-03-02') }, '2031-03-02T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2031-03-03T09:00:00Z'],
      [{ type: 'HoldStart', actor: as('terapeut'), heldOn: '2031-03-04' }, '2031-03-04T12:00:00Z'],
    ],
  },
  forlaengelse: {
    regelsaet: 'varde-sel86-1',
    steps: [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: ansoegning('2031-03-02') }, '2031-03-02T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2031-03-03T09:00:00Z'],
      [{ type: 'HoldStart', actor: as('terapeut'), heldOn: '2031-03-04' }, '2031-03-04T12:00:00Z'],
      [{ type: 'RequestExtension', actor: as('terapeut'), kind: 'tillaegsbevilling_lille', amount: 5, reason: 'Fortsat udviklingspotentiale' }, '2031-03-05T10:00:00Z'],
    ],
  },
};

/** The command of each type as a person would give it on 2031-03-06. */
function commandOf(type: ForloebCommand['type']): ForloebCommand {
  switch (type) {
    case 'RecordVisitation':
      return { type, actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraening' };
    case 'RecordContact':
      return { type, actor: as('terapeut'), contactedOn: '2031-03-06' };
    case 'BookStart':
      return { type, actor: as('terapeut'), startDate: '2031-03-09' };
    case 'RecordFollowUp':
      return { type, actor: as('visitator'), date: '2031-03-06', note: 'Fulgt op' };
    case 'RecordAfslutning':
      return { type, actor: as('terapeut'), reason: 'maal_naaet', date: '2031-03-06' };
    case 'DecideExtension':
      return { type, actor: as('visitator'), requestId: 1, decision: 'godkendt', reason: 'Vurderet' };
    default:
      throw new Error(`no sample command for ${type}`);
  }
}

describe('nextActionFor', () => {
  it.each(DeadlineType.options)('the action for %s meets the open deadline', (kind) => {
    const { regelsaet, steps } = givenOpen[kind];
    const rules = findRegelsaet(regelsaet)!;
    const before = run(steps, rules);
    expect(before.state.status === 'open' && before.state.deadlines[kind]?.met, `${kind} is open before the action`).toBeFalsy();
    expect(before.events.some((e) => e.type === 'DeadlineOpened' && e.data.deadline === kind)).toBe(true);

    const action = nextActionFor(kind);
    const after = run([...steps, [commandOf(action.command), '2031-03-06T10:00:00Z']], rules);
    const met = after.events.slice(before.events.length).find((e) => e.type === 'DeadlineMet' && e.data.deadline === kind);
    expect(met, `${action.command} meets ${kind}`).toBeDefined();
  });

  it('names every action in Danish, one per kind', () => {
    const labels = DeadlineType.options.map((k) => nextActionFor(k).label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain('Book opstart');
    expect(labels).toContain('Afgør anmodning');
  });
});
