import { describe, it, expect } from 'vitest';
import {
  LocalDate,
  addCalendarDays,
  addHverdage,
  countHverdage,
  danishPublicHolidays,
  daysBetween,
  isHverdag,
  isPublicHoliday,
  weekdayOf,
} from '../../domain/calendar';

describe('LocalDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (value) => {
    expect(LocalDate.parse(value)).toBe(value);
  });

  it.each(['2025-02-29', '2025-02-30', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'])(
    'rejects the impossible date %s with a clear message',
    (value) => {
      const result = LocalDate.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe("er ikke en gyldig dato");
    },
  );

  it.each(['2026-1-05', '20260105', ' 2026-01-05', '2026-01-05T00:00', '05-01-2026', ''])(
    'rejects the malformed %j',
    (value) => {
      const result = LocalDate.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(["skal være en dato på formen ÅÅÅÅ-MM-DD"]);
    },
  );

  it('rejects what is not a string', () => {
    expect(LocalDate.safeParse(20260105).success).toBe(false);
    expect(LocalDate.safeParse(new Date('2026-01-05T00:00:00Z')).success).toBe(false);
  });
});

describe('calendar-day arithmetic', () => {
  it('adds and subtracts calendar days across months, years and leap days', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-05-10', 0)).toBe('2026-05-10');
    expect(addCalendarDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addCalendarDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('is not disturbed by the daylight-saving changes', () => {
    expect(addCalendarDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addCalendarDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('counts days between two dates, negative when the second is earlier', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364);
    expect(daysBetween('2026-06-05', '2026-06-05')).toBe(0);
    expect(daysBetween('2020-01-01', '2040-01-01')).toBe(7305);
  });

  it('gives ISO weekdays, 1 = Monday … 7 = Sunday', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-25')).toBe(3);
    expect(weekdayOf('2026-11-29')).toBe(7);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-28')).toBe(7);
    expect(weekdayOf('2000-02-29')).toBe(2);
  });

  it('throws on a malformed date or a fractional number of days', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-2-3', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-02-03', 1.5)).toThrow(RangeError);
    expect(() => weekdayOf('tomorrow')).toThrow(RangeError);
  });
});

describe('Danish public holidays', () => {
  const expected: Record<number, [string, string][]> = {
    2023: [
      ['2023-01-01', 'Nytårsdag'],
      ['2023-04-06', 'Skærtorsdag'],
      ['2023-04-07', 'Langfredag'],
      ['2023-04-09', 'Påskedag'],
      ['2023-04-10', '2. påskedag'],
      ['2023-05-05', 'Store bededag'],
      ['2023-05-18', 'Kristi himmelfartsdag'],
      ['2023-05-28', 'Pinsedag'],
      ['2023-05-29', '2. pinsedag'],
      ['2023-12-25', 'Juledag'],
      ['2023-12-26', '2. juledag'],
    ],
    2024: [
      ['2024-01-01', 'Nytårsdag'],
      ['2024-03-28', 'Skærtorsdag'],
      ['2024-03-29', 'Langfredag'],
      ['2024-03-31', 'Påskedag'],
      ['2024-04-01', '2. påskedag'],
      ['2024-05-09', 'Kristi himmelfartsdag'],
      ['2024-05-19', 'Pinsedag'],
      ['2024-05-20', '2. pinsedag'],
      ['2024-12-25', 'Juledag'],
      ['2024-12-26', '2. juledag'],
    ],
    2025: [
      ['2025-01-01', 'Nytårsdag'],
      ['2025-04-17', 'Skærtorsdag'],
      ['2025-04-18', 'Langfredag'],
      ['2025-04-20', 'Påskedag'],
      ['2025-04-21', '2. påskedag'],
      ['2025-05-29', 'Kristi himmelfartsdag'],
      ['2025-06-08', 'Pinsedag'],
      ['2025-06-09', '2. pinsedag'],
      ['2025-12-25', 'Juledag'],
      ['2025-12-26', '2. juledag'],
    ],
    2026: [
      ['2026-01-01', 'Nytårsdag'],
      ['2026-04-02', 'Skærtorsdag'],
      ['2026-04-03', 'Langfredag'],
      ['2026-04-05', 'Påskedag'],
      ['2026-04-06', '2. påskedag'],
      ['2026-05-14', 'Kristi himmelfartsdag'],
      ['2026-05-24', 'Pinsedag'],
      ['2026-05-25', '2. pinsedag'],
      ['2026-12-25', 'Juledag'],
      ['2026-12-26', '2. juledag'],
    ],
    2027: [
      ['2027-01-01', 'Nytårsdag'],
      ['2027-03-25', 'Skærtorsdag'],
      ['2027-03-26', 'Langfredag'],
      ['2027-03-28', 'Påskedag'],
      ['2027-03-29', '2. påskedag'],
      ['2027-05-06', 'Kristi himmelfartsdag'],
      ['2027-05-16', 'Pinsedag'],
      ['2027-05-17', '2. pinsedag'],
      ['2027-12-25', 'Juledag'],
      ['2027-12-26', '2. juledag'],
    ],
  };

  it.each(Object.entries(expected))('lists the holidays of %s, sorted, with Danish names', (year, holidays) => {
    expect(danishPublicHolidays(Number(year))).toEqual(holidays.map(([date, name]) => ({ date, name })));
  });

  it('has Store bededag up to and including 2023, and not from 2024', () => {
    expect(isPublicHoliday('2023-05-05')).toBe(true);
    expect(isPublicHoliday('2024-04-26')).toBe(false);
    expect(isPublicHoliday('2027-04-23')).toBe(false);
    expect(danishPublicHolidays(2024).some((holiday) => holiday.name === 'Store bededag')).toBe(false);
  });

  it.each(['2026-06-05', '2026-12-24', '2026-12-31', '2026-05-01', '2026-02-16'])(
    'does not treat %s (a day a municipality may keep closed, or an observance) as a public holiday',
    (date) => {
      expect(isPublicHoliday(date)).toBe(false);
    },
  );

  it('recognises every listed holiday and nothing else in a year', () => {
    const listed = new Set(danishPublicHolidays(2026).map((holiday) => holiday.date));
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      expect(isPublicHoliday(date)).toBe(listed.has(date));
    }
  });

  it('returns a fresh list that callers cannot use to change the calendar', () => {
    const list = danishPublicHolidays(2026);
    list.pop();
    const first = list[0];
    if (first) first.date = '2026-01-02';
    expect(danishPublicHolidays(2026)).toHaveLength(10);
    expect(danishPublicHolidays(2026)[0]?.date).toBe('2026-01-01');
    expect(isPublicHoliday('2026-01-02')).toBe(false);
  });

  it('refuses a year that is not an integer in range', () => {
    expect(() => danishPublicHolidays(2026.5)).toThrow(RangeError);
    expect(() => danishPublicHolidays(10_000)).toThrow(RangeError);
  });
});

describe('isHverdag', () => {
  it('is Monday to Friday only', () => {
    expect(isHverdag('2026-11-23')).toBe(true); // Monday
    expect(isHverdag('2026-11-27')).toBe(true); // Friday
    expect(isHverdag('2026-11-28')).toBe(false); // Saturday
    expect(isHverdag('2026-11-29')).toBe(false); // Sunday
  });

  it('excludes public holidays and closed days', () => {
    expect(isHverdag('2026-04-02')).toBe(false); // Skærtorsdag
    expect(isHverdag('2026-05-14')).toBe(false); // Kristi himmelfartsdag
    expect(isHverdag('2026-06-05')).toBe(true); // grundlovsdag is not a public holiday
    expect(isHverdag('2026-06-05', ['2026-06-05'])).toBe(false);
    expect(isHverdag('2023-05-05')).toBe(false); // Store bededag 2023
    expect(isHverdag('2027-04-23')).toBe(true); // where Store bededag would have been
  });

  it('throws on a malformed closed day rather than ignoring it', () => {
    expect(() => isHverdag('2026-06-05', ['2026-6-5'])).toThrow(RangeError);
  });
});

describe('addHverdage', () => {
  const closed2026 = ['2026-06-05', '2026-12-24', '2026-12-31'];

  it('counts from the day after the anchor (A6)', () => {
    expect(addHverdage('2026-11-23', 1)).toBe('2026-11-24');
    expect(addHverdage('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addHverdage('2026-11-28', 1)).toBe('2026-11-30'); // from a Saturday
    expect(addHverdage('2026-11-23', 5)).toBe('2026-11-30');
    expect(addHverdage('2026-11-23', 10)).toBe('2026-12-07');
  });

  it('returns the anchor itself for n = 0, even when it is not a hverdag', () => {
    expect(addHverdage('2026-11-23', 0)).toBe('2026-11-23');
    expect(addHverdage('2026-04-05', 0)).toBe('2026-04-05');
  });

  it('skips Easter', () => {
    expect(addHverdage('2026-04-01', 1)).toBe('2026-04-07');
    expect(addHverdage('2026-03-30', 5)).toBe('2026-04-09');
    expect(addHverdage('2026-04-05', 1)).toBe('2026-04-07'); // from Påskedag itself
    expect(addHverdage('2025-04-16', 1)).toBe('2025-04-22');
    expect(addHverdage('2027-03-24', 1)).toBe('2027-03-30');
    expect(countHverdage('2026-04-01', '2026-04-07')).toBe(1);
  });

  it('skips Kristi himmelfartsdag', () => {
    expect(addHverdage('2026-05-13', 1)).toBe('2026-05-15');
    expect(addHverdage('2026-05-13', 2)).toBe('2026-05-18');
    expect(addHverdage('2025-05-28', 1)).toBe('2025-05-30');
  });

  it('skips 2. pinsedag', () => {
    expect(addHverdage('2026-05-22', 1)).toBe('2026-05-26');
    expect(addHverdage('2025-06-06', 1)).toBe('2025-06-10');
  });

  it('skips Christmas and New Year, and the closed days when given', () => {
    expect(addHverdage('2026-12-23', 1)).toBe('2026-12-24');
    expect(addHverdage('2026-12-23', 1, closed2026)).toBe('2026-12-28');
    expect(addHverdage('2026-12-23', 5)).toBe('2026-12-31');
    expect(addHverdage('2026-12-23', 5, closed2026)).toBe('2027-01-05');
    expect(addHverdage('2026-12-30', 1)).toBe('2026-12-31');
    expect(addHverdage('2026-12-30', 1, closed2026)).toBe('2027-01-04');
    expect(addHverdage('2025-12-23', 1)).toBe('2025-12-24');
    expect(addHverdage('2025-12-23', 2)).toBe('2025-12-29');
  });

  it('contacts a citizen within 5 hverdage of a referral received just before Christmas', () => {
    expect(addHverdage('2026-12-21', 5)).toBe('2026-12-29');
    expect(addHverdage('2026-12-21', 5, closed2026)).toBe('2026-12-30');
  });

  it('treats grundlovsdag as a hverdag unless the regelsæt closes it', () => {
    expect(addHverdage('2026-06-04', 1)).toBe('2026-06-05');
    expect(addHverdage('2026-06-04', 1, closed2026)).toBe('2026-06-08');
  });

  it('treats the Friday where Store bededag used to fall as an ordinary hverdag from 2024', () => {
    expect(addHverdage('2027-04-22', 1)).toBe('2027-04-23');
    expect(addHverdage('2024-04-25', 1)).toBe('2024-04-26');
    expect(addHverdage('2023-05-04', 1)).toBe('2023-05-08');
  });

  it('counts backwards for negative n', () => {
    expect(addHverdage('2026-04-07', -1)).toBe('2026-04-01');
    expect(addHverdage('2026-11-30', -1)).toBe('2026-11-27');
    expect(addHverdage('2027-01-05', -5, closed2026)).toBe('2026-12-23');
    expect(addHverdage('2026-06-08', -1, closed2026)).toBe('2026-06-04');
  });

  it('counts a large number of hverdage', () => {
    expect(addHverdage('2025-12-31', 254)).toBe('2026-12-31');
    expect(addHverdage('2026-12-31', -254)).toBe('2025-12-31');
  });

  it('throws on a fractional n or a malformed date', () => {
    expect(() => addHverdage('2026-11-23', 1.5)).toThrow(RangeError);
    expect(() => addHverdage('2026-11-23', Number.NaN)).toThrow(RangeError);
    expect(() => addHverdage('2026-11-31', 1)).toThrow(RangeError);
    expect(() => addHverdage('2026-11-23', 1, ['24-12-2026'])).toThrow(RangeError);
  });
});

describe('countHverdage', () => {
  it('counts the hverdage in (from, to]', () => {
    expect(countHverdage('2026-11-23', '2026-11-24')).toBe(1);
    expect(countHverdage('2026-11-23', '2026-11-30')).toBe(5);
    expect(countHverdage('2026-11-27', '2026-11-29')).toBe(0);
    expect(countHverdage('2026-12-21', '2026-12-31')).toBe(7);
    expect(countHverdage('2026-12-21', '2026-12-31', ['2026-12-24', '2026-12-31'])).toBe(5);
  });

  it('is 0 when to is not after from', () => {
    expect(countHverdage('2026-11-24', '2026-11-24')).toBe(0);
    expect(countHverdage('2026-11-30', '2026-11-23')).toBe(0);
  });

  it('counts whole years without walking them', () => {
    expect(countHverdage('2025-12-31', '2026-12-31')).toBe(254);
    expect(countHverdage('2022-12-31', '2023-12-31')).toBe(252); // 2023 still had Store bededag
    expect(countHverdage('2023-12-31', '2024-12-31')).toBe(254);
  });

  it('ignores duplicate closed days and closed days that are holidays or weekends', () => {
    expect(
      countHverdage('2026-12-21', '2026-12-31', ['2026-12-24', '2026-12-24', '2026-12-25', '2026-12-27']),
    ).toBe(6);
  });
});
