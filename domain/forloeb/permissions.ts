// Which commands a role may give to a forløb now, and why not otherwise: each command's gate, the
// checks `decide` makes before it looks at a command's input (role, phase, the facts the command needs
// or would repeat). A screen that offers what this answers offers what `decide` accepts with valid
// input, and says why it offers nothing else.
import type { Regelsaet, Role } from '../regelsaet/regelsaet.schema';
import { extensionChoices, gateOf, GIVEN_COMMANDS, visitationChoices, type GivenCommandType } from './decide';
import type { Refusal } from './refusal';
import type { ForloebState } from './state';

/**
 * Allowed, with the choices the gates leave the role where a command has them (the indsatser it may
 * grant, the extension kinds it may ask for); or refused, with the refusal `decide` would give.
 */
export type Permission = { allowed: true; choices?: string[] } | { allowed: false; refusal: Refusal };

export function permittedCommands(state: ForloebState, role: Role, regelsaet: Regelsaet): Record<GivenCommandType, Permission> {
  const entries = GIVEN_COMMANDS.map((type): [GivenCommandType, Permission] => {
    const refusal = gateOf(state, type, role, regelsaet);
    if (refusal) return [type, { allowed: false, refusal }];
    if (type === 'RecordVisitation') return [type, { allowed: true, choices: visitationChoices(regelsaet, role) }];
    if (type === 'RequestExtension') return [type, { allowed: true, choices: extensionChoices(state, regelsaet, role) }];
    return [type, { allowed: true }];
  });
  return Object.fromEntries(entries) as Record<GivenCommandType, Permission>;
}
