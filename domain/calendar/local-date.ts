/**
 * Calendar dates without a time or a time zone, written `YYYY-MM-DD`.
 *
 * All arithmetic works on whole day numbers computed from the date's parts, never
 * on a `Date` in the process's local time, so results do not depend on the time
 * zone the process runs in or on daylight-saving changes.
 */

export const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written `YYYY-MM-DD`; the schema that checks one is in local-date.schema.ts. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type DateParts = { year: number; month: number; day: number };

const MIN_YEAR = 0;
const MAX_YEAR = 9999;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function matchParts(value: string): DateParts | undefined {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Whether `value` is a date that exists, written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  return matchParts(value) !== undefined;
}

function partsOf(date: LocalDate): DateParts {
  const parts = matchParts(date);
  if (!parts) throw new RangeError(`${JSON.stringify(date)} is not a calendar date written YYYY-MM-DD`);
  return parts;
}

/** The year of a date. */
export function yearOf(date: LocalDate): number {
  return partsOf(date).year;
}

/**
 * Days since 1970-01-01 (negative before), from the date's parts alone.
 * Proleptic Gregorian calendar; the era-based method of H. Hinnant's days_from_civil.
 */
export function toEpochDay(date: LocalDate): number {
  return epochDayOf(partsOf(date));
}

export function epochDayOf({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400; // 0..399
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // from 1 March
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The date of a day number from {@link toEpochDay}. */
export function fromEpochDay(epochDay: number): LocalDate {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`day number must be an integer, got ${epochDay}`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097; // 0..146096
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatParts({ year, month, day });
}

export function formatParts({ year, month, day }: DateParts): LocalDate {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`year ${year} is outside ${MIN_YEAR}..${MAX_YEAR}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`number of days must be an integer, got ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** Calendar days from `from` to `to` (`to` − `from`; negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** The ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): Weekday {
  return ((((((epochDay + 3) % 7) + 7) % 7) + 1) as Weekday);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfEpochDay(toEpochDay(date));
}
