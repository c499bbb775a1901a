// The instant a command is decided at (see commands.schema.ts for why a command carries it).
import type { ForloebCommand } from './commands.schema';

/**
 * The instant a command is decided at: when the API received it, or (a command recorded without it,
 * and the clock's Tick) the moment given by the host.
 */
export function instantOf(command: ForloebCommand, clock: Date): Date {
  return 'receivedAt' in command && command.receivedAt !== undefined ? new Date(command.receivedAt) : clock;
}
