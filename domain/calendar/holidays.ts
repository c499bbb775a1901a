import { addCalendarDays, formatParts, yearOf } from './local-date';
import type { LocalDate } from './local-date';

/**
 * Danish public holidays (helligdage), computed from Easter.
 *
 * Why not the `date-holidays` package: it gives the right days for DK, but it ships
 * the rules of every country plus moment-timezone and astronomia. That is about
 * 1.5 MB minified (2.1 MB unminified), and it made the Temporal workflow bundle
 * about 6.9 MB larger, for eleven dates a year that follow from Easter. The tests
 * use it instead, as an independent check of these dates.
 *
 * Only the days that are public holidays by law are here. Grundlovsdag, juleaften
 * and nytårsaften are not: a municipality that keeps them closed lists them as
 * closed days in its regelsæt.
 */

export type PublicHoliday = { date: LocalDate; name: string };

/** Store bededag is a public holiday up to and including 2023; it was abolished from 2024. */
const LAST_YEAR_WITH_STORE_BEDEDAG = 2023;

/** Easter Sunday in the Gregorian calendar: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatParts({ year, month, day });
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`year must be an integer in 0..9999, got ${year}`);
  }
}

type YearHolidays = { list: readonly PublicHoliday[]; dates: ReadonlySet<LocalDate> };

// A pure function of the year, so caching it is safe inside the workflow sandbox.
const cache = new Map<number, YearHolidays>();

function holidaysOf(year: number): YearHolidays {
  const cached = cache.get(year);
  if (cached) return cached;
  assertYear(year);
  const easter = easterSunday(year);
  const fromEaster = (days: number, name: string): PublicHoliday => ({ date: addCalendarDays(easter, days), name });
  const fixed = (month: number, day: number, name: string): PublicHoliday => ({
    date: formatParts({ year, month, day }),
    name,
  });
  const list: PublicHoliday[] = [
    fixed(1, 1, 'Nytårsdag'),
    fromEaster(-3, 'Skærtorsdag'),
    fromEaster(-2, 'Langfredag'),
    fromEaster(0, 'Påskedag'),
    fromEaster(1, '2. påskedag'),
    ...(year <= LAST_YEAR_WITH_STORE_BEDEDAG ? [fromEaster(26, 'Store bededag')] : []),
    fromEaster(39, 'Kristi himmelfartsdag'),
    fromEaster(49, 'Pinsedag'),
    fromEaster(50, '2. pinsedag'),
    fixed(12, 25, 'Juledag'),
    fixed(12, 26, '2. juledag'),
  ];
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const entry: YearHolidays = {
    list: Object.freeze(list.map((holiday) => Object.freeze(holiday))),
    dates: new Set(list.map((holiday) => holiday.date)),
  };
  cache.set(year, entry);
  return entry;
}

/** The Danish public holidays of a year, with their Danish names, sorted by date. */
export function danishPublicHolidays(year: number): PublicHoliday[] {
  return holidaysOf(year).list.map((holiday) => ({ ...holiday }));
}

/** Whether a date is a Danish public holiday. */
export function isPublicHoliday(date: LocalDate): boolean {
  return holidaysOf(yearOf(date)).dates.has(date);
}
