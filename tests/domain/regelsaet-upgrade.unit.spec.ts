// The workflow upgrades the regelsæt a forløb recorded with a pure function instead of the schema
// (no zod in the workflow bundle). It must give what the schema gives, or a running forløb would
// decide otherwise after the change.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RegelsaetFile, upgradeRegelsaet, type StoredRegelsaet } from '../../domain/regelsaet';
import { brondbySel86_1 } from '../../domain/regelsaet/data/brondby-sel86-1';
import { brondbySel86_2 } from '../../domain/regelsaet/data/brondby-sel86-2';
import { nyborgSel86_1 } from '../../domain/regelsaet/data/nyborg-sel86-1';
import { sonderborgSel86 } from '../../domain/regelsaet/data/sonderborg-sel86';
import { sonderborgSul140 } from '../../domain/regelsaet/data/sonderborg-sul140';
import { vardeSel86_1 } from '../../domain/regelsaet/data/varde-sel86-1';

const builtIn = { sonderborgSel86, vardeSel86_1, sonderborgSul140, brondbySel86_1, brondbySel86_2, nyborgSel86_1 };

const HISTORIES = new URL('../replay/histories/', import.meta.url);

/** The regelsæt in the first event of each stored history: what a running forløb of that version holds. */
function recordedRegelsaet(): { file: string; regelsaet: StoredRegelsaet }[] {
  return readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const history = JSON.parse(readFileSync(new URL(file, HISTORIES), 'utf8'));
      const payload = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
      return { file, regelsaet: JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')).regelsaet };
    });
}

describe('upgradeRegelsaet', () => {
  it.each(Object.entries(builtIn))('gives what RegelsaetFile.parse gives for the built-in %s', (_name, input) => {
    expect(upgradeRegelsaet(input)).toStrictEqual(RegelsaetFile.parse(input));
  });

  const recorded = recordedRegelsaet();
  it.each(recorded.map((r) => [r.file, r.regelsaet] as const))('gives what RegelsaetFile.parse gives for the regelsæt recorded in %s', (_file, stored) => {
    expect(upgradeRegelsaet(stored)).toStrictEqual(RegelsaetFile.parse(stored));
  });

  it('fills the fields an older version did not record', () => {
    const older = recorded.find((r) => !('maxDischargeDaysAhead' in r.regelsaet));
    expect(older, 'a history recorded before maxDischargeDaysAhead existed').toBeDefined();
    expect(upgradeRegelsaet(older!.regelsaet).maxDischargeDaysAhead).toBe(30);
  });

  it('gives each deadline without a notice policy the default one, as a file may leave it out', () => {
    const { reminders: _r, escalation: _e, repeatEvery: _p, ...bare } = RegelsaetFile.parse(vardeSel86_1).deadlines[0]!;
    const stored = { ...vardeSel86_1, noticeTime: undefined, closedDays: undefined, extension: undefined, deadlines: [bare] };
    const upgraded = upgradeRegelsaet(stored);
    expect(upgraded).toStrictEqual(RegelsaetFile.parse(stored));
    expect(upgraded.deadlines[0]!.reminders).toHaveLength(1);
    expect(upgraded.noticeTime).toBe('08:00');
    expect(upgraded.extension.model).toBe('anmodning');
  });
});
