// The klagevejledning's date: the last day a complaint about a decision can be received.
import { addCalendarDays } from '../calendar/local-date';
import type { LocalDate } from '../calendar/local-date';
import { isHverdag } from '../calendar/hverdage';

/**
 * The decision's date (a Copenhagen calendar date) plus the complaint body's weeks. A time limit that
 * ends on a Saturday, a Sunday, a public holiday or a day the municipality keeps closed runs to the
 * next hverdag, so the citizen always has a day on which the kommune receives post.
 */
export function complaintDeadline(decidedOn: LocalDate, withinWeeks: number, closedDays: readonly LocalDate[] = []): LocalDate {
  let date = addCalendarDays(decidedOn, withinWeeks * 7);
  while (!isHverdag(date, closedDays)) date = addCalendarDays(date, 1);
  return date;
}
