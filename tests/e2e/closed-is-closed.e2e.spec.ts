// Closed is closed, on the real stack: commands sent at once, in parallel, right after a forløb
// closes all get 409 (never 404, never a 5xx), fifty forløb in a row, and a repeat of each under
// its Idempotency-Key gets the same 409.
import { describe, expect, it } from 'vitest';
import { copenhagenDateOf } from '../../domain/calendar';
import { signIn, useStack } from '../support/stack';

const stackOf = useStack('closed', { api: 13300, temporal: 17500, ui: 18500, pg: 15699 });

describe('a command to a closed forløb', () => {
  it('answers 409 for every command sent in parallel right after closing, 50 forløb in a row', async () => {
    const today = copenhagenDateOf(new Date());
    const koordinator = await signIn(stackOf().api, { rolle: 'koordinator', kommune: 'Sønderborg' });
    const commands = [
      ['/opstart', { startdato: today }],
      ['/kontakt', { dato: today }],
      ['/terapeut', { terapeut: 'terapeut-1', enhed: 'Træningsenheden Sønderborg' }],
      ['/visitation', { afgoerelse: 'bevilget' }],
      ['/lukning', {}],
    ] as const;
    const statuses: number[] = [];
    for (let n = 1; n <= 50; n++) {
      const created = await koordinator<{ id: string }>('POST', '/api/forloeb', {
        regelsaetId: 'sonderborg-sul140',
        kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: today, kategori: 'ryg', niveau: 'basal' },
      });
      expect(created.status).toBe(201);
      const base = `/api/forloeb/${created.body.id}`;
      // A refused visitation ends the forløb: its workflow completes once its events are delivered.
      const refused = await koordinator('POST', `${base}/visitation`, { afgoerelse: 'afslaaet', begrundelse: 'Borgeren ønsker ikke træning' });
      expect(refused.status).toBe(200);
      const answers = await Promise.all(commands.map(([path, body]) => koordinator('POST', `${base}${path}`, body, { 'idempotency-key': `${n}${path}` })));
      statuses.push(...answers.map((a) => a.status));
      for (const a of answers) expect((a.body as { fejl?: string }).fejl).toMatch(/lukket/);
      const repeats = await Promise.all(commands.map(([path, body]) => koordinator('POST', `${base}${path}`, body, { 'idempotency-key': `${n}${path}` })));
      statuses.push(...repeats.map((a) => a.status));
    }
    expect(new Set(statuses)).toEqual(new Set([409]));
    expect(statuses).toHaveLength(50 * commands.length * 2);
  }, 240_000);
});
