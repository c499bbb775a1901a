// A stored letter's content from the event log: the forløb folded up to the decision's event, and
// the letter composed from it and the regelsæt.
import type { PoolClient } from 'pg';
import { evolve, initialState, toRecorded, type ForloebState, type OpenForloebState, type StoredEvent } from '../../domain/forloeb';
import { composeLetter, type Letter } from '../../domain/letters';
import { findRegelsaet, type Regelsaet } from '../../domain/regelsaet';

export type StoredLetter = { letter: Letter; state: OpenForloebState };

export async function composeStoredLetter(client: Pick<PoolClient, 'query'>, forloebId: string, seq: number, catalogue: readonly Regelsaet[]): Promise<StoredLetter> {
  const { rows } = await client.query<StoredEvent>(
    'SELECT seq, type, data, occurred_at, actor FROM forloeb_events WHERE forloeb_id = $1 AND seq <= $2 ORDER BY seq',
    [forloebId, seq],
  );
  const events = rows.map(toRecorded);
  const event = events.find((e) => e.seq === seq);
  if (!event) throw new Error(`the event ${seq} of the forløb is not in the event log`);
  const state: ForloebState = events.reduce(evolve, initialState());
  if (state.status === 'empty') throw new Error('the forløb has no ForloebCreated event');
  const regelsaet = findRegelsaet(state.regelsaetId, catalogue);
  if (!regelsaet) throw new Error(`the regelsæt '${state.regelsaetId}' is not loaded (REGELSAET_DIR)`);
  const letter = composeLetter({ forloebId, state, event, regelsaet });
  if (!letter) throw new Error(`the event ${seq} (${event.type}) is no decision that calls for a letter`);
  return { letter, state };
}
