// The letters part of a regelsæt: complaint bodies, letterhead and own texts are validated like the
// rest, a file may leave them out and gets the law's complaint body for its legal basis, and a
// complaint body that no longer exists is refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nyborgSel86_1 } from '../../domain/regelsaet/data/nyborg-sel86-1';
import { sonderborgSul140 } from '../../domain/regelsaet/data/sonderborg-sul140';
import { vardeSel86_1 } from '../../domain/regelsaet/data/varde-sel86-1';
import { BUILT_IN_REGELSAET, findRegelsaet, RegelsaetFile, upgradeRegelsaet } from '../../domain/regelsaet';

const english = { error: z.locales.en().localeError };
const issuesOf = (input: unknown) =>
  (RegelsaetFile.safeParse(input, english).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('letters in the built-in regelsæt', () => {
  it('every one names exactly one body for decisions, with a time limit, and no body that no longer exists', () => {
    for (const r of BUILT_IN_REGELSAET) {
      const bodies = r.letters.complaints.filter((k) => k.subject === 'afgoerelse');
      expect(bodies, r.id).toHaveLength(1);
      expect(bodies[0]!.withinWeeks, r.id).toBe(4);
      expect(JSON.stringify(r.letters.complaints.map(({ source: _s, ...said }) => said)), r.id).not.toMatch(/Sociale Nævn/i);
    }
  });

  it('sends §86 complaints on to Ankestyrelsen and §140 complaints to Styrelsen for Patientklager', () => {
    const forwardedTo = (id: string) => findRegelsaet(id)!.letters.complaints.find((k) => k.subject === 'afgoerelse')!.forwardedTo;
    expect(forwardedTo('nyborg-sel86-1')).toBe('Ankestyrelsen');
    expect(forwardedTo('brondby-sel86-2')).toBe('Ankestyrelsen');
    expect(forwardedTo('sonderborg-sul140')).toBe('Styrelsen for Patientklager');
  });

  it("Brøndby names the visitation, the training centre, Styrelsen for Patientklager and Patienterstatningen (003:211-226)", () => {
    const r = findRegelsaet('brondby-sel86-1')!;
    expect(r.letters.complaints.map((k) => [k.subject, k.name])).toEqual([
      ['afgoerelse', 'Brøndby Kommune, Visitationen'],
      ['udfoerelse', 'Træningscenter Brøndby'],
      ['sundhedsfaglig', 'Styrelsen for Patientklager'],
      ['erstatning', 'Patienterstatningen'],
    ]);
    expect(r.letters.letterhead.phone).toBe('43 28 28 28');
  });

  it("Nyborg's correction of Det Sociale Nævn says so in its source", () => {
    const body = findRegelsaet('nyborg-sel86-1')!.letters.complaints[0]!;
    expect(body.source).toMatch(/^004:265-269, corrected: Det Sociale Nævn was replaced by Ankestyrelsen in 2013/);
  });
});

describe('letters in a municipality file', () => {
  it('may be left out: the law says where a §86 complaint goes, and the default says it is one', () => {
    const { letters: _l, ...bare } = vardeSel86_1;
    const parsed = RegelsaetFile.parse(bare);
    const body = parsed.letters.complaints.find((k) => k.subject === 'afgoerelse')!;
    expect(body).toMatchObject({ name: 'Varde Kommune', withinWeeks: 4, forwardedTo: 'Ankestyrelsen' });
    expect(body.source).toMatch(/^default: /);
    expect(parsed.letters.letterhead.name).toBe('Varde Kommune');
    expect(upgradeRegelsaet(bare)).toStrictEqual(parsed);
  });

  it('left out in a §140 regelsæt: the complaint goes on to Styrelsen for Patientklager', () => {
    const { letters: _l, ...bare } = sonderborgSul140;
    expect(RegelsaetFile.parse(bare).letters.complaints[0]!.forwardedTo).toBe('Styrelsen for Patientklager');
  });

  it('refuses Det Sociale Nævn with its successor, naming the field', () => {
    const letters = structuredClone(RegelsaetFile.parse(nyborgSel86_1).letters);
    letters.complaints[0]!.forwardedTo = 'Det Sociale Nævn';
    expect(issuesOf({ ...nyborgSel86_1, letters })).toEqual(['letters.complaints.0.forwardedTo: names a body that was replaced by Ankestyrelsen in 2013']);
  });

  it('refuses letters without a body for decisions, or one without a time limit', () => {
    const letters = RegelsaetFile.parse(nyborgSel86_1).letters;
    const [decision, ...rest] = letters.complaints;
    expect(issuesOf({ ...nyborgSel86_1, letters: { ...letters, complaints: rest } })).toEqual([
      "letters.complaints: needs exactly one body for subject 'afgoerelse': the one every decision letter names",
    ]);
    const { withinWeeks: _w, ...noLimit } = decision!;
    expect(issuesOf({ ...nyborgSel86_1, letters: { ...letters, complaints: [noLimit, ...rest] } })).toEqual([
      'letters.complaints.0.withinWeeks: the body for decisions needs a time limit: the letter gives the date',
    ]);
  });

  it('refuses an unknown field and an empty address', () => {
    const letters = RegelsaetFile.parse(nyborgSel86_1).letters;
    expect(issuesOf({ ...nyborgSel86_1, letters: { ...letters, letterhead: { ...letters.letterhead, fax: '1' } } })).toEqual([
      'letters.letterhead: Unrecognized key: "fax"',
    ]);
    expect(issuesOf({ ...nyborgSel86_1, letters: { ...letters, letterhead: { ...letters.letterhead, addressLines: [] } } })).toEqual([
      'letters.letterhead.addressLines: Too small: expected array to have >=1 items',
    ]);
  });
});
