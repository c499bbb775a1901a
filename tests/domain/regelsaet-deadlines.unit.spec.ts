// Each built-in regelsæt's deadlines, computed from dates around the Danish holidays. Every expected
// date is counted by hand (day 1 is the day after the anchor, decision A6; hverdage are Monday–Friday
// minus public holidays and the regelsæt's closed days, decision A5). Easter: 2026-04-05, 2027-03-28.
// Store Bededag (Easter + 26) is a holiday up to 2023 only: 2023-05-05 was one, 2027-04-23 is an
// ordinary Friday.
import { describe, expect, it } from 'vitest';
import { countHverdage, isHverdag } from '../../domain/calendar';
import { addPeriod, findRegelsaet, type DeadlineType, type Regelsaet } from '../../domain/regelsaet';

type Rule = { anchor: string; amount: number; unit: string; responsible: string; binding: string; source: RegExp };
type Scenario = [what: string, type: DeadlineType, from: string, due: string];

const regelsaet = (id: string): Regelsaet => {
  const found = findRegelsaet(id);
  if (!found) throw new Error(`no built-in regelsæt ${id}`);
  return found;
};

function ruleOf(r: Regelsaet, type: DeadlineType) {
  const rule = r.deadlines.find((d) => d.type === type);
  if (!rule) throw new Error(`${r.id} has no ${type} deadline`);
  return rule;
}

const due = (r: Regelsaet, type: DeadlineType, from: string) => addPeriod(from, ruleOf(r, type).period, r.closedDays);

function describeRegelsaet(id: string, rules: Partial<Record<DeadlineType, Rule>>, scenarios: Scenario[]) {
  describe(id, () => {
    const r = regelsaet(id);

    it('has exactly the deadlines its document names', () => {
      expect(r.deadlines.map((d) => d.type).sort()).toEqual(Object.keys(rules).sort());
    });

    it.each(Object.entries(rules))('%s: anchor, amount, unit, responsible and binding as the document says', (type, expected) => {
      const rule = ruleOf(r, type as DeadlineType);
      expect({ anchor: rule.anchor, amount: rule.period.amount, unit: rule.period.unit, responsible: rule.responsible, binding: rule.binding }).toEqual({
        anchor: expected!.anchor,
        amount: expected!.amount,
        unit: expected!.unit,
        responsible: expected!.responsible,
        binding: expected!.binding,
      });
      expect(rule.source).toMatch(expected!.source);
    });

    it.each(scenarios)('%s: %s from %s is due %s', (_what, type, from, expected) => {
      const result = due(r, type, from);
      expect(result).toBe(expected);
      const { period } = ruleOf(r, type);
      if (period.unit === 'hverdage') {
        // The due date is itself a hverdag, and exactly `amount` hverdage lie after the anchor up to it.
        expect(isHverdag(result, r.closedDays)).toBe(true);
        expect(countHverdage(from, result, r.closedDays)).toBe(period.amount);
      }
    });
  });
}

describeRegelsaet(
  'sonderborg-sel86',
  {
    opstart: { anchor: 'afgoerelse', amount: 10, unit: 'hverdage', responsible: 'terapeut', binding: 'skal', source: /^default: 000 names no start deadline/ },
    bevilling: { anchor: 'opstart', amount: 3, unit: 'maaneder', responsible: 'terapeut', binding: 'skal', source: /000:92/ },
    forlaengelse: { anchor: 'forlaengelse_anmodet', amount: 5, unit: 'hverdage', responsible: 'visitator', binding: 'tilstraebes', source: /^default: no document names a time limit for deciding an extension/ },
  },
  [
    // 25, 26 and 29 March 2027 are Skærtorsdag, Langfredag and 2. påskedag.
    ['Easter 2027', 'opstart', '2027-03-24', '2027-04-12'],
    // 24 Dec is a hverdag (no closed days in 000); 25 Dec and 1 Jan are holidays.
    ['Christmas and New Year', 'opstart', '2026-12-18', '2027-01-05'],
    ['2027, no Store Bededag', 'opstart', '2027-04-16', '2027-04-30'],
    // 14 May 2026 Kristi himmelfartsdag, 25 May 2. pinsedag.
    ['Ascension and Pentecost 2026', 'opstart', '2026-05-08', '2026-05-26'],
    ['3 months, 31st into a 30-day month', 'bevilling', '2027-03-31', '2027-06-30'],
    ['3 months, into February', 'bevilling', '2026-11-30', '2027-02-28'],
  ],
);

describeRegelsaet(
  'varde-sel86-1',
  {
    opstart: { anchor: 'afgoerelse', amount: 10, unit: 'hverdage', responsible: 'terapeut', binding: 'skal', source: /^001:230/ },
    bevilling: { anchor: 'opstart', amount: 3, unit: 'maaneder', responsible: 'terapeut', binding: 'skal', source: /001:127-128/ },
    forlaengelse: { anchor: 'forlaengelse_anmodet', amount: 5, unit: 'hverdage', responsible: 'visitator', binding: 'tilstraebes', source: /^default: no document names a time limit for deciding an extension/ },
  },
  [
    // 25, 26 Dec 2025 and 1 Jan 2026 are holidays; 24 and 31 Dec are hverdage.
    ['Christmas and New Year', 'opstart', '2025-12-23', '2026-01-09'],
    // 2, 3 and 6 April 2026 are Skærtorsdag, Langfredag and 2. påskedag.
    ['Easter 2026', 'opstart', '2026-03-27', '2026-04-15'],
    // 14 May 2026 is Kristi himmelfartsdag, 25 May 2. pinsedag.
    ['Ascension and Pentecost 2026', 'opstart', '2026-05-11', '2026-05-27'],
    // 17 May 2027 is 2. pinsedag.
    ['Pentecost 2027', 'opstart', '2027-05-07', '2027-05-24'],
    ['2027, no Store Bededag', 'opstart', '2027-04-16', '2027-04-30'],
    ['3 months, 31 Jan', 'bevilling', '2027-01-31', '2027-04-30'],
  ],
);

describeRegelsaet(
  'sonderborg-sul140',
  {
    opstart: { anchor: 'udskrivning', amount: 7, unit: 'kalenderdage', responsible: 'koordinator', binding: 'skal', source: /^002:87-88/ },
  },
  [
    // Calendar days: holidays count like any other day (discharge day is day 0, A3).
    ['discharge on Skærtorsdag', 'opstart', '2026-04-02', '2026-04-09'],
    ['Christmas', 'opstart', '2026-12-23', '2026-12-30'],
    ['New Year', 'opstart', '2026-12-28', '2027-01-04'],
    ['Ascension 2027', 'opstart', '2027-05-04', '2027-05-11'],
    ['Pentecost 2026', 'opstart', '2026-05-22', '2026-05-29'],
    ['2027, where Store Bededag was', 'opstart', '2027-04-16', '2027-04-23'],
  ],
);

describeRegelsaet(
  'brondby-sel86-1',
  {
    afgoerelse: { anchor: 'ansoegning_modtaget', amount: 14, unit: 'kalenderdage', responsible: 'visitator', binding: 'tilstraebes', source: /^003:159-160/ },
    opstart: { anchor: 'afgoerelse', amount: 10, unit: 'hverdage', responsible: 'terapeut', binding: 'skal', source: /^003:163-164/ },
    opfoelgning: { anchor: 'afgoerelse', amount: 3, unit: 'maaneder', responsible: 'visitator', binding: 'skal', source: /^003:144-145/ },
    forlaengelse: { anchor: 'forlaengelse_anmodet', amount: 5, unit: 'hverdage', responsible: 'visitator', binding: 'tilstraebes', source: /^default: no document names a time limit for deciding an extension/ },
  },
  [
    // 19–23 April 2027 are days 1–5 (23 April, once Store Bededag, is an ordinary Friday), 26–30 April days 6–10.
    ['2027, no Store Bededag', 'opstart', '2027-04-16', '2027-04-30'],
    // The same count in 2023, when Store Bededag (5 May) was still a holiday: one day later.
    ['2023, with Store Bededag', 'opstart', '2023-04-28', '2023-05-15'],
    // 2, 3 and 6 April 2026 are Skærtorsdag, Langfredag and 2. påskedag.
    ['Easter 2026', 'opstart', '2026-04-01', '2026-04-20'],
    ['Christmas and New Year', 'opstart', '2026-12-21', '2027-01-06'],
    // 6 May 2027 Kristi himmelfartsdag, 17 May 2. pinsedag.
    ['Ascension and Pentecost 2027', 'opstart', '2027-05-04', '2027-05-20'],
    ['14 calendar days over New Year', 'afgoerelse', '2026-12-20', '2027-01-03'],
    ['14 calendar days over Easter 2027', 'afgoerelse', '2027-03-20', '2027-04-03'],
    ['3 months, into February', 'opfoelgning', '2026-11-30', '2027-02-28'],
    ['3 months', 'opfoelgning', '2027-04-16', '2027-07-16'],
  ],
);

describeRegelsaet(
  'brondby-sel86-2',
  {
    afgoerelse: { anchor: 'ansoegning_modtaget', amount: 14, unit: 'kalenderdage', responsible: 'visitator', binding: 'tilstraebes', source: /^003:159-160/ },
    opstart: { anchor: 'afgoerelse', amount: 20, unit: 'hverdage', responsible: 'terapeut', binding: 'skal', source: /^003:167-168/ },
    opfoelgning: { anchor: 'afgoerelse', amount: 6, unit: 'maaneder', responsible: 'visitator', binding: 'skal', source: /^003:144-145/ },
    forlaengelse: { anchor: 'forlaengelse_anmodet', amount: 5, unit: 'hverdage', responsible: 'visitator', binding: 'tilstraebes', source: /^default: no document names a time limit for deciding an extension/ },
  },
  [
    // 14 May 2026 Kristi himmelfartsdag and 25 May 2. pinsedag are skipped; 5 June (Grundlovsdag) is
    // not a public holiday and 003 lists no closed days, so it counts.
    ['Ascension and Pentecost 2026', 'opstart', '2026-05-08', '2026-06-09'],
    // 23 April 2027 counts; 6 May (Kristi himmelfartsdag) and 17 May (2. pinsedag) do not.
    ['2027: Store Bededag gone, Ascension and Pentecost', 'opstart', '2027-04-16', '2027-05-18'],
    ['Christmas and New Year', 'opstart', '2026-12-11', '2027-01-12'],
    // 25, 26 and 29 March 2027 are Skærtorsdag, Langfredag and 2. påskedag.
    ['Easter 2027', 'opstart', '2027-03-19', '2027-04-21'],
    ['6 months, into February', 'opfoelgning', '2026-08-31', '2027-02-28'],
    ['6 months', 'opfoelgning', '2027-04-16', '2027-10-16'],
  ],
);

describeRegelsaet(
  'nyborg-sel86-1',
  {
    kontakt: { anchor: 'henvisning_modtaget', amount: 5, unit: 'hverdage', responsible: 'terapeut', binding: 'skal', source: /^004:225-226/ },
    opstart: { anchor: 'henvisning_modtaget', amount: 14, unit: 'kalenderdage', responsible: 'terapeut', binding: 'skal', source: /^004:237/ },
  },
  [
    ['Ascension 2026', 'kontakt', '2026-05-12', '2026-05-20'],
    ['Pentecost 2026', 'kontakt', '2026-05-22', '2026-06-01'],
    ['Easter 2027', 'kontakt', '2027-03-24', '2027-04-05'],
    ['2027, no Store Bededag', 'kontakt', '2027-04-22', '2027-04-29'],
    ['2023, with Store Bededag', 'kontakt', '2023-05-04', '2023-05-12'],
    ['New Year', 'kontakt', '2026-12-30', '2027-01-07'],
    ['Christmas', 'kontakt', '2026-12-22', '2026-12-30'],
    ['14 calendar days over Christmas', 'opstart', '2026-12-24', '2027-01-07'],
  ],
);

describe("a regelsæt's closed days", () => {
  const brondby = regelsaet('brondby-sel86-1');
  const withClosedDays: Regelsaet = { ...brondby, closedDays: ['2026-12-24', '2026-12-31'] };

  it('are skipped like holidays when counting hverdage', () => {
    // 22, 23 Dec; 24 closed, 25 holiday; 28, 29, 30; 31 closed, 1 Jan holiday; 4–8 Jan.
    expect(due(withClosedDays, 'opstart', '2026-12-21')).toBe('2027-01-08');
    expect(due(brondby, 'opstart', '2026-12-21')).toBe('2027-01-06');
  });

  it('do not change a deadline counted in calendar days', () => {
    expect(due(withClosedDays, 'afgoerelse', '2026-12-20')).toBe('2027-01-03');
  });
});
