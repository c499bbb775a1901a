// Counting a regelsæt period from an anchor date. Day 1 is the day after the anchor (decision A6).
import { addHverdage } from '../calendar/hverdage';
import { addCalendarDays, type LocalDate } from '../calendar/local-date';
import type { Period } from './regelsaet.schema';

export function addPeriod(anchor: LocalDate, period: Period, closedDays: readonly LocalDate[] = []): LocalDate {
  switch (period.unit) {
    case 'kalenderdage':
      return addCalendarDays(anchor, period.amount);
    case 'hverdage':
      return addHverdage(anchor, period.amount, closedDays);
    case 'maaneder':
      return addMonths(anchor, period.amount);
  }
}

export function subtractPeriod(due: LocalDate, period: Period, closedDays: readonly LocalDate[] = []): LocalDate {
  switch (period.unit) {
    case 'kalenderdage':
      return addCalendarDays(due, -period.amount);
    case 'hverdage':
      return addHverdage(due, -period.amount, closedDays);
    case 'maaneder':
      return addMonths(due, -period.amount);
  }
}

/** Calendar months; a day that does not exist in the target month falls on its last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
