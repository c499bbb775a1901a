import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import {
  addCalendarDays,
  addHverdage,
  countHverdage,
  danishPublicHolidays,
  daysBetween,
  easterSunday,
  isHverdag,
  weekdayOf,
} from '../../domain/calendar';

// An oracle written independently of the implementation: it steps through days with
// UTC `Date`s and finds Easter with Oudin's algorithm (the implementation uses the
// anonymous Gregorian one).

const DAY_MS = 86_400_000;

function utcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function shift(date: string, days: number): string {
  return isoDate(utcMs(date) + days * DAY_MS);
}

function oudinEaster(year: number): string {
  const g = year % 19;
  const c = Math.trunc(year / 100);
  const h = (c - Math.trunc(c / 4) - Math.trunc((8 * c + 13) / 25) + 19 * g + 15) % 30;
  const i = h - Math.trunc(h / 28) * (1 - Math.trunc(29 / (h + 1)) * Math.trunc((21 - g) / 11));
  const j = (year + Math.trunc(year / 4) + i + 2 - c + Math.trunc(c / 4)) % 7;
  const l = i - j;
  const month = 3 + Math.trunc((l + 40) / 44);
  const day = l + 28 - 31 * Math.trunc(month / 4);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function oracleHolidays(year: number): string[] {
  const easter = oudinEaster(year);
  const offsets = year <= 2023 ? [-3, -2, 0, 1, 26, 39, 49, 50] : [-3, -2, 0, 1, 39, 49, 50];
  return [`${year}-01-01`, ...offsets.map((days) => shift(easter, days)), `${year}-12-25`, `${year}-12-26`].sort();
}

const ORACLE_YEARS = { first: 2019, last: 2045 };
const oracleHolidaySet = new Set<string>();
for (let year = ORACLE_YEARS.first; year <= ORACLE_YEARS.last; year += 1) {
  for (const date of oracleHolidays(year)) oracleHolidaySet.add(date);
}

function oracleIsHverdag(date: string, closed: readonly string[]): boolean {
  const year = Number(date.slice(0, 4));
  if (year < ORACLE_YEARS.first || year > ORACLE_YEARS.last) throw new Error(`oracle has no holidays for ${year}`);
  const weekday = new Date(utcMs(date)).getUTCDay(); // 0 = Sunday
  return weekday !== 0 && weekday !== 6 && !oracleHolidaySet.has(date) && !closed.includes(date);
}

function oracleAddHverdage(date: string, n: number, closed: readonly string[]): string {
  let current = date;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    current = shift(current, Math.sign(n));
    if (oracleIsHverdag(current, closed)) remaining -= 1;
  }
  return current;
}

function oracleCount(from: string, to: string, closed: readonly string[]): number {
  let count = 0;
  for (let current = shift(from, 1); current <= to; current = shift(current, 1)) {
    if (oracleIsHverdag(current, closed)) count += 1;
  }
  return count;
}

const date = fc
  .integer({ min: utcMs('2020-01-01') / DAY_MS, max: utcMs('2040-12-31') / DAY_MS })
  .map((day) => isoDate(day * DAY_MS));

/** A date together with up to 8 closed days near it (duplicates allowed), some of them weekends or holidays. */
const dateWithClosedDays = date.chain((anchor) =>
  fc.tuple(
    fc.constant(anchor),
    fc.array(
      fc.integer({ min: -90, max: 90 }).map((days) => shift(anchor, days)),
      { maxLength: 8 },
    ),
  ),
);

const count = fc.integer({ min: 0, max: 60 });

describe('holiday list 2020–2040', () => {
  it('agrees with Oudin’s Easter algorithm in every year', () => {
    for (let year = 2020; year <= 2040; year += 1) {
      expect(easterSunday(year)).toBe(oudinEaster(year));
      expect(danishPublicHolidays(year).map((holiday) => holiday.date)).toEqual(oracleHolidays(year));
    }
  });

  it('agrees with the date-holidays package’s public holidays for DK in every year', () => {
    const library = new Holidays('DK');
    for (let year = 2020; year <= 2040; year += 1) {
      const publicDays = library
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10));
      expect(danishPublicHolidays(year).map((holiday) => holiday.date)).toEqual(publicDays);
    }
  });

  it('has 11 holidays up to 2023 and 10 from 2024, all distinct and sorted', () => {
    for (let year = 2020; year <= 2040; year += 1) {
      const dates = danishPublicHolidays(year).map((holiday) => holiday.date);
      expect(dates).toHaveLength(year <= 2023 ? 11 : 10);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((holidayDate) => holidayDate.startsWith(`${year}-`))).toBe(true);
    }
  });
});

describe('calendar-day arithmetic against UTC Date arithmetic', () => {
  it('addCalendarDays, daysBetween and weekdayOf agree', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (anchor, days) => {
        const moved = addCalendarDays(anchor, days);
        expect(moved).toBe(shift(anchor, days));
        expect(daysBetween(anchor, moved)).toBe(days);
        expect(weekdayOf(anchor)).toBe(((new Date(utcMs(anchor)).getUTCDay() + 6) % 7) + 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('addHverdage and countHverdage properties', () => {
  it('lands on a hverdag after the anchor for n ≥ 1', () => {
    fc.assert(
      fc.property(dateWithClosedDays, fc.integer({ min: 1, max: 60 }), ([anchor, closed], n) => {
        const result = addHverdage(anchor, n, closed);
        expect(isHverdag(result, closed)).toBe(true);
        expect(result > anchor).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(dateWithClosedDays, ([anchor, closed]) => {
        let previous = addHverdage(anchor, 0, closed);
        for (let n = 1; n <= 60; n += 1) {
          const next = addHverdage(anchor, n, closed);
          expect(next > previous).toBe(true);
          previous = next;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with a day-by-day count, forwards and backwards', () => {
    fc.assert(
      fc.property(dateWithClosedDays, fc.integer({ min: -60, max: 60 }), ([anchor, closed], n) => {
        expect(addHverdage(anchor, n, closed)).toBe(oracleAddHverdage(anchor, n, closed));
      }),
      { numRuns: 500 },
    );
  });

  it('is undone by the negative count when the anchor is a hverdag', () => {
    fc.assert(
      fc.property(dateWithClosedDays, count, ([anchor, closed], n) => {
        fc.pre(isHverdag(anchor, closed));
        expect(addHverdage(addHverdage(anchor, n, closed), -n, closed)).toBe(anchor);
      }),
      { numRuns: 300 },
    );
  });

  it('counts back what it added: countHverdage(d, addHverdage(d, n)) = n', () => {
    fc.assert(
      fc.property(dateWithClosedDays, count, ([anchor, closed], n) => {
        expect(countHverdage(anchor, addHverdage(anchor, n, closed), closed)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('countHverdage agrees with a day-by-day count, also across years', () => {
    fc.assert(
      fc.property(dateWithClosedDays, fc.integer({ min: -30, max: 800 }), ([from, closed], days) => {
        const to = shift(from, days);
        expect(countHverdage(from, to, closed)).toBe(oracleCount(from, to, closed));
      }),
      { numRuns: 300 },
    );
  });
});
