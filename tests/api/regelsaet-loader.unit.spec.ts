// The regelsæt loader: a municipality's own JSON and YAML files, validated by the same schema as the
// built-in regelsæt; any problem fails with "<file>: <field path>: <reason>".
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig, PROJECT_ROOT } from '../../config/env';
import { loadRegelsaet, parseRegelsaetText, RegelsaetConfigError } from '../../config/regelsaet-loader';
import { addPeriod, BUILT_IN_REGELSAET, DEFAULT_NOTICE_POLICY, DeadlineRule, Extension, Indsats, Regelsaet } from '../../domain/regelsaet';

const fixtures = fileURLToPath(new URL('../fixtures/regelsaet/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

function problemsOf(dir: string): readonly string[] {
  try {
    loadRegelsaet(dir);
  } catch (error) {
    if (error instanceof RegelsaetConfigError) return error.problems;
    throw error;
  }
  throw new Error(`${dir} loaded without a problem`);
}

// The API process sets Danish messages for its users; file problems must still be English.
beforeAll(() => z.config(z.locales.da()));
afterAll(() => z.config(z.locales.en()));

describe('loadRegelsaet', () => {
  it('without a folder gives the built-in regelsæt', () => {
    expect(loadRegelsaet(undefined)).toEqual({ regelsaet: [...BUILT_IN_REGELSAET], files: [], ignored: [] });
  });

  it("adds a folder's YAML and JSON files after the built-in regelsæt, in file-name order", () => {
    const loaded = loadRegelsaet(fixture('valid'));
    expect(loaded.regelsaet.map((r) => r.id)).toEqual([...BUILT_IN_REGELSAET.map((r) => r.id), 'aarhus-sul140', 'odense-sel86-1']);
    expect(loaded.files.map((f) => [f.file.replace(/^.*fixtures\//, ''), f.id])).toEqual([
      ['regelsaet/valid/aarhus-sul140.yaml', 'aarhus-sul140'],
      ['regelsaet/valid/odense-sel86-1.json', 'odense-sel86-1'],
    ]);
  });

  it('reads YAML dates and times as the strings the schema wants, and fills the documented defaults', () => {
    const aarhus = loadRegelsaet(fixture('valid')).regelsaet.find((r) => r.id === 'aarhus-sul140')!;
    expect(aarhus.closedDays).toEqual(['2026-06-05', '2026-12-24', '2026-12-31']);
    expect(aarhus.noticeTime).toBe('08:00');
    expect(aarhus.deadlines[0]).toMatchObject(DEFAULT_NOTICE_POLICY('koordinator'));
    // national-codes: Aarhus decides within 3 hverdage and starts within 4 hverdage after visitation.
    // From Monday 21 Dec 2026: 22, 23; 24 closed; 25 holiday; 28 Dec.
    const [afgoerelse, opstart] = aarhus.deadlines;
    expect(addPeriod('2026-12-21', afgoerelse!.period, aarhus.closedDays)).toBe('2026-12-28');
    // From 28 Dec: 29, 30; 31 closed; 1 Jan holiday; 4, 5 Jan.
    expect(addPeriod('2026-12-28', opstart!.period, aarhus.closedDays)).toBe('2027-01-05');
  });

  it("keeps a JSON file's own reminders and escalation", () => {
    const odense = loadRegelsaet(fixture('valid')).regelsaet.find((r) => r.id === 'odense-sel86-1')!;
    expect(odense.deadlines[0]!.reminders).toEqual([{ before: { amount: 3, unit: 'hverdage' }, to: ['terapeut', 'leder'] }]);
    expect(odense.deadlines[0]!.escalation).toEqual([{ after: { amount: 0, unit: 'hverdage' }, to: ['leder'] }]);
  });

  it('refuses a bad value with the file, the field path and the reason, in English', () => {
    const problems = problemsOf(fixture('invalid-unit'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/invalid-unit\/aarhus\.yaml: deadlines\.0\.period\.unit: Invalid option: expected one of "kalenderdage"\|"hverdage"\|"maaneder"$/);
  });

  it('names every problem of a file, and leaves files that are not regelsæt alone', () => {
    const problems = problemsOf(fixture('many-problems')).map((p) => p.replace(/^.*many-problems\//, ''));
    expect(problems).toEqual([
      'kolding.yml: id: must be lower-case ASCII with dashes',
      'kolding.yml: roles.visitation: Invalid option: expected one of "visitator"|"koordinator"|"terapeut"|"leder"',
      'kolding.yml: deadlines.0.period.amount: Too small: expected number to be >=0',
      'kolding.yml: noticeTime: must be HH:MM (00:00–23:59)',
      'kolding.yml: closedDays.0: is not a calendar date',
      'kolding.yml: (root): Unrecognized key: "closedDay"',
    ]);
  });

  it('refuses a file that reuses the id of a built-in regelsæt', () => {
    expect(problemsOf(fixture('duplicate-builtin'))).toEqual([
      expect.stringMatching(/duplicate-builtin\/sonderborg\.yaml: id: 'sonderborg-sul140' is already used by a built-in regelsæt$/),
    ]);
  });

  it("refuses a file that reuses another file's id, naming both", () => {
    expect(problemsOf(fixture('duplicate-files'))).toEqual([
      expect.stringMatching(/duplicate-files\/b\.yaml: id: 'vejle-sel86-2' is already used by .*duplicate-files\/a\.yaml$/),
    ]);
  });

  it('refuses a file that is not valid YAML, with the line', () => {
    const problems = problemsOf(fixture('broken-yaml'));
    expect(problems[0]).toMatch(/broken-yaml\/horsens\.yaml: \(file\): not valid YAML: .* at line 4, column \d+$/);
  });

  it('refuses a folder that does not exist', () => {
    expect(problemsOf(fixture('no-such-folder'))).toEqual([expect.stringMatching(/no-such-folder: \(folder\): cannot read REGELSAET_DIR: ENOENT$/)]);
  });

  it('refuses a file given as the folder', () => {
    expect(problemsOf(fixture('valid/aarhus-sul140.yaml'))).toEqual([expect.stringMatching(/aarhus-sul140\.yaml: \(folder\): REGELSAET_DIR is not a folder$/)]);
  });

  it('the error message lists every problem on a line of its own', () => {
    try {
      loadRegelsaet(fixture('many-problems'));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(7);
      expect((error as Error).message).toMatch(/^Invalid regelsæt configuration \(REGELSAET_DIR\):\n {2}/);
    }
  });
});

describe('the path shown for a file', () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'regelsaet-loader-'));
    mkdirSync(join(parent, 'regelsaet'));
    writeFileSync(join(parent, 'regelsaet', 'aarhus.yaml'), readFileSync(fixture('invalid-unit/aarhus.yaml')));
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('is relative to the working folder when the file is inside it', () => {
    vi.spyOn(process, 'cwd').mockReturnValue(parent);
    expect(problemsOf(join(parent, 'regelsaet'))).toEqual([
      'regelsaet/aarhus.yaml: deadlines.0.period.unit: Invalid option: expected one of "kalenderdage"|"hverdage"|"maaneder"',
    ]);
  });

  it('is absolute otherwise', () => {
    vi.spyOn(process, 'cwd').mockReturnValue(join(parent, 'elsewhere'));
    expect(problemsOf(join(parent, 'regelsaet'))[0]).toBe(
      `${join(parent, 'regelsaet', 'aarhus.yaml')}: deadlines.0.period.unit: Invalid option: expected one of "kalenderdage"|"hverdage"|"maaneder"`,
    );
  });
});

describe('REGELSAET_DIR', () => {
  it('is optional, and a relative folder is taken from the project folder', () => {
    expect(loadConfig({}).regelsaetDir).toBeUndefined();
    expect(loadConfig({ REGELSAET_DIR: 'regelsaet' }).regelsaetDir).toBe(join(PROJECT_ROOT, 'regelsaet'));
    expect(loadConfig({ REGELSAET_DIR: '/etc/forloeb/regelsaet' }).regelsaetDir).toBe('/etc/forloeb/regelsaet');
  });
});

describe('parseRegelsaetText', () => {
  it('refuses JSON that does not parse', () => {
    const result = parseRegelsaetText('{"id": ', 'json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({ path: '(file)', reason: expect.stringMatching(/^not valid JSON: /) });
  });

  it('refuses an empty file', () => {
    const result = parseRegelsaetText('', 'yaml');
    expect(!result.ok && result.problems[0]).toMatchObject({ path: '(root)', reason: expect.stringMatching(/expected object/) });
  });

  it('refuses a YAML key given twice', () => {
    const result = parseRegelsaetText('id: a\nid: b\n', 'yaml');
    expect(!result.ok && result.problems[0]?.reason).toMatch(/not valid YAML: Map keys must be unique/);
  });
});

describe('the guide for municipalities (docs/regelsaet.md)', () => {
  const guide = readFileSync(fileURLToPath(new URL('../../docs/regelsaet.md', import.meta.url)), 'utf8');
  const yamlBlocks = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('holds an example file that passes validation', () => {
    expect(yamlBlocks.length).toBeGreaterThan(0);
    const result = parseRegelsaetText(yamlBlocks[0]!, 'yaml');
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.regelsaet.id).toBe('aarhus-sul140');
  });

  it("has the example's deadlines say what Aarhus publishes: decision within 3 hverdage, start within 4 hverdage after visitation", () => {
    const result = parseRegelsaetText(yamlBlocks[0]!, 'yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.regelsaet.deadlines.map((d) => [d.type, d.anchor, d.period.amount, d.period.unit])).toEqual([
      ['afgoerelse', 'henvisning_modtaget', 3, 'hverdage'],
      ['opstart', 'afgoerelse', 4, 'hverdage'],
    ]);
  });

  it('describes every field of the schema', () => {
    const shapes = [Regelsaet.shape, Regelsaet.shape.roles.shape, DeadlineRule.shape, Indsats.shape, Extension.shape];
    const missing = shapes.flatMap((shape) => Object.keys(shape)).filter((key) => !guide.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
