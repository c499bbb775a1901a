// Tasks in the inbox: a reassessment after a no-show (Brøndby, 003:188) and a frame nearly used reach
// the roles the rules name, and leave the open inbox when a status note, an approved extension or the
// end of the forløb answers them. The rebuild gives the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAndProject } from '../../activities/projection';
import { rebuildReadModel } from '../../activities/projection/rebuild';
import { applyAll, decide, initialState, record, type ForloebCommand, type ForloebState, type RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet, type Role } from '../../domain/regelsaet';
import { startTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

function run(regelsaetId: string, steps: [ForloebCommand, string][]): RecordedEvent[] {
  const regelsaet = findRegelsaet(regelsaetId)!;
  let state: ForloebState = initialState();
  const all: RecordedEvent[] = [];
  for (const [command, at] of steps) {
    const now = new Date(at);
    const d = decide(state, command, now, regelsaet);
    if (!d.ok) throw new Error(`${command.type}: ${d.refusal.message}`);
    all.push(...record(state, d.events, now));
    state = applyAll(state, d.events, now);
  }
  return all;
}

const as = (role: Role) => ({ role });
const inbox = async (id: string) =>
  (
    await db.pool.query<{ kind: string; rolle: string; level: number; resolved: boolean }>(
      'SELECT kind, rolle, level, resolved_at IS NOT NULL AS resolved FROM paamindelser WHERE forloeb_id = $1 ORDER BY seq, rolle',
      [id],
    )
  ).rows;

describe('tasks in the inbox', () => {
  it('raises a reassessment for the therapist and the visitator at each no-show, resolved by a status note', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-00000000a001';
    const day = '2031-03-04';
    const events = run('brondby-sel86-1', [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-03' } }, '2031-03-03T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraening' }, '2031-03-04T09:00:00Z'],
      [{ type: 'HoldStart', actor: as('terapeut'), heldOn: day }, '2031-03-04T09:00:00Z'],
      [{ type: 'RecordSession', actor: as('terapeut'), date: day, outcome: 'udeblevet', durationMinutes: 0 }, '2031-03-04T10:00:00Z'],
      [{ type: 'RecordStatus', actor: as('terapeut'), note: 'Revurderet: fortsætter' }, '2031-03-05T10:00:00Z'],
      [{ type: 'RecordSession', actor: as('terapeut'), date: '2031-03-06', outcome: 'udeblevet', durationMinutes: 0 }, '2031-03-06T10:00:00Z'],
    ]);
    await appendAndProject(db.pool, id, events);
    expect(await inbox(id)).toEqual([
      { kind: 'revurdering', rolle: 'terapeut', level: 1, resolved: true },
      { kind: 'revurdering', rolle: 'visitator', level: 1, resolved: true },
      { kind: 'revurdering', rolle: 'terapeut', level: 2, resolved: false },
      { kind: 'revurdering', rolle: 'visitator', level: 2, resolved: false },
    ]);
  });

  it('warns the therapist when the frame is nearly used, resolved by an approved extension', async () => {
    const id = 'forloeb-00000000-0000-0000-0000-00000000a002';
    const day = '2031-03-04';
    const session: ForloebCommand = { type: 'RecordSession', actor: as('terapeut'), date: day, outcome: 'gennemfoert', durationMinutes: 60 };
    const events = run('varde-sel86-1', [
      [{ type: 'CreateForloeb', actor: as('visitator'), source: { kind: 'ansoegning', cpr: '010190-1234', modtaget: '2031-03-03' } }, '2031-03-03T09:00:00Z'],
      [{ type: 'RecordVisitation', actor: as('visitator'), decision: 'bevilget', indsatsId: 'genoptraeningsforloeb' }, '2031-03-04T09:00:00Z'],
      [{ type: 'HoldStart', actor: as('terapeut'), heldOn: day }, '2031-03-04T09:00:00Z'],
      ...Array.from({ length: 16 }, (): [ForloebCommand, string] => [session, '2031-03-04T10:00:00Z']),
      [{ type: 'RequestExtension', actor: as('terapeut'), kind: 'tillaegsbevilling_lille', amount: 5, reason: 'Potentiale' }, '2031-03-05T10:00:00Z'],
      [{ type: 'DecideExtension', actor: as('visitator'), requestId: 1, decision: 'godkendt', reason: 'Ok' }, '2031-03-06T10:00:00Z'],
    ]);
    await appendAndProject(db.pool, id, events);
    // The request waited for the visitator, who decides it, until it was decided.
    expect(await inbox(id)).toEqual([
      { kind: 'ramme', rolle: 'terapeut', level: 0, resolved: true },
      { kind: 'anmodning', rolle: 'visitator', level: 0, resolved: true },
    ]);
  });

  it('gives the same inbox after a rebuild', async () => {
    const before = await db.pool.query('SELECT forloeb_id, seq, rolle, kind, deadline, level, rank, due_date, resolved_at FROM paamindelser ORDER BY forloeb_id, seq, rolle');
    await rebuildReadModel(db.pool);
    const after = await db.pool.query('SELECT forloeb_id, seq, rolle, kind, deadline, level, rank, due_date, resolved_at FROM paamindelser ORDER BY forloeb_id, seq, rolle');
    expect(after.rows).toEqual(before.rows);
    expect(after.rows.length).toBeGreaterThanOrEqual(5);
  });
});
