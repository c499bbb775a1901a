import { danishPublicHolidays, isPublicHoliday } from './holidays';
import { fromEpochDay, toEpochDay, weekdayOfEpochDay, yearOf } from './local-date';
import type { LocalDate } from './local-date';

/**
 * Hverdage (decision A5): Monday to Friday, minus Danish public holidays, minus the
 * days the regelsæt keeps closed (for example grundlovsdag, 24 and 31 December).
 * Counting (decision A6): day 1 is the day after the anchor date.
 */

const NO_CLOSED_DAYS: readonly LocalDate[] = [];

function closedDaySet(closedDays: readonly LocalDate[]): ReadonlySet<number> {
  // toEpochDay throws on a malformed date, so a typo in a closed day cannot pass silently.
  return new Set(closedDays.map(toEpochDay));
}

function isHverdagEpochDay(epochDay: number, closed: ReadonlySet<number>): boolean {
  return weekdayOfEpochDay(epochDay) <= 5 && !closed.has(epochDay) && !isPublicHoliday(fromEpochDay(epochDay));
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`number of hverdage must be an integer, got ${n}`);
}

/** Whether a date is a hverdag: Monday–Friday, not a public holiday, not a closed day. */
export function isHverdag(date: LocalDate, closedDays: readonly LocalDate[] = NO_CLOSED_DAYS): boolean {
  return isHverdagEpochDay(toEpochDay(date), closedDaySet(closedDays));
}

/**
 * The n-th hverdag after `date` (n > 0), the |n|-th hverdag before it (n < 0), or
 * `date` itself (n = 0). The anchor date itself is never counted.
 */
export function addHverdage(date: LocalDate, n: number, closedDays: readonly LocalDate[] = NO_CLOSED_DAYS): LocalDate {
  assertCount(n);
  let epochDay = toEpochDay(date);
  if (n === 0) return date;
  const closed = closedDaySet(closedDays);
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    epochDay += step;
    if (isHverdagEpochDay(epochDay, closed)) remaining -= 1;
  }
  return fromEpochDay(epochDay);
}

/** Monday–Friday days in the day numbers up to and including `epochDay`, counted from a fixed Monday. */
function weekdaysThrough(epochDay: number): number {
  const sinceMonday = epochDay + 3; // day number −3 (1969-12-29) was a Monday
  const weeks = Math.floor(sinceMonday / 7);
  const dayInWeek = sinceMonday - weeks * 7; // 0 = Monday … 6 = Sunday
  return weeks * 5 + Math.min(dayInWeek + 1, 5);
}

/**
 * The number of hverdage in (from, to]: after `from`, up to and including `to`.
 * 0 when `to` is not after `from`. Computed without walking the days: the weekdays
 * in the range, less the public holidays and closed days that fall on one of them.
 */
export function countHverdage(
  from: LocalDate,
  to: LocalDate,
  closedDays: readonly LocalDate[] = NO_CLOSED_DAYS,
): number {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  const closed = closedDaySet(closedDays);
  if (end <= start) return 0;
  const inRangeWeekday = (epochDay: number): boolean =>
    epochDay > start && epochDay <= end && weekdayOfEpochDay(epochDay) <= 5;

  let count = weekdaysThrough(end) - weekdaysThrough(start);
  for (let year = yearOf(fromEpochDay(start + 1)); year <= yearOf(to); year += 1) {
    for (const holiday of danishPublicHolidays(year)) {
      if (inRangeWeekday(toEpochDay(holiday.date))) count -= 1;
    }
  }
  for (const epochDay of closed) {
    if (inRangeWeekday(epochDay) && !isPublicHoliday(fromEpochDay(epochDay))) count -= 1;
  }
  return count;
}
