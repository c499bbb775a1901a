// A report's period: a month, a quarter, a year, or from–to; always Europe/Copenhagen local dates of
// the deadlines' due date, both ends included. One querystring shape for every report route, so a
// link to one table can be reused for another.
import { addCalendarDays, daysBetween, type LocalDate, weekdayOf } from '../../domain/calendar';
import type { PeriodeQuery } from '../contract';

/** The longest span a report covers; three years keeps a report of the whole kommune under a second. */
export const MAX_SPAN_DAYS = 3 * 366;

const EARLIEST = '1900-01-01';
const LATEST = '2999-12-31';

export type Periode = { fra: LocalDate; til: LocalDate };

const lastDayOfMonth = (year: number, month: number): LocalDate => {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
const firstDayOfMonth = (year: number, month: number): LocalDate => `${year}-${String(month).padStart(2, '0')}-01`;

/** The span a query names, or the problems with it as field errors (no form, two forms, til before fra, too long). */
export function periodeOf(q: PeriodeQuery): { ok: true; periode: Periode } | { ok: false; felter: { felt: string; besked: string }[] } {
  const forms = [q.fra !== undefined || q.til !== undefined, q.maaned !== undefined, q.kvartal !== undefined, q.aar !== undefined].filter(Boolean).length;
  if (forms === 0) return { ok: false, felter: [{ felt: 'fra', besked: 'angiv en periode: fra og til, maaned, kvartal eller aar' }] };
  if (forms > 1) return { ok: false, felter: [{ felt: 'fra', besked: 'angiv kun én periode: fra og til, maaned, kvartal eller aar' }] };
  let periode: Periode;
  if (q.maaned !== undefined) {
    const [y, m] = q.maaned.split('-').map(Number) as [number, number];
    periode = { fra: firstDayOfMonth(y, m), til: lastDayOfMonth(y, m) };
  } else if (q.kvartal !== undefined) {
    const y = Number(q.kvartal.slice(0, 4));
    const k = Number(q.kvartal.slice(6));
    periode = { fra: firstDayOfMonth(y, 3 * k - 2), til: lastDayOfMonth(y, 3 * k) };
  } else if (q.aar !== undefined) {
    periode = { fra: `${q.aar}-01-01`, til: `${q.aar}-12-31` };
  } else {
    const felter = [
      ...(q.fra === undefined ? [{ felt: 'fra', besked: 'skal udfyldes sammen med til' }] : []),
      ...(q.til === undefined ? [{ felt: 'til', besked: 'skal udfyldes sammen med fra' }] : []),
    ];
    if (felter.length > 0) return { ok: false, felter };
    periode = { fra: q.fra!, til: q.til! };
  }
  // PostgreSQL has no year 0, and no report looks that far: keep the dates to years a forløb can have.
  if (periode.fra < EARLIEST) return { ok: false, felter: [{ felt: 'fra', besked: 'skal ligge i år 1900 eller senere' }] };
  if (periode.til > LATEST) return { ok: false, felter: [{ felt: 'til', besked: 'skal ligge i år 2999 eller tidligere' }] };
  if (periode.til < periode.fra) return { ok: false, felter: [{ felt: 'til', besked: 'kan ikke ligge før fra' }] };
  if (daysBetween(periode.fra, periode.til) >= MAX_SPAN_DAYS) return { ok: false, felter: [{ felt: 'til', besked: 'perioden må højst være 3 år' }] };
  return { ok: true, periode };
}

/** The Monday of the week a date lies in. */
export const mondayOf = (date: LocalDate): LocalDate => addCalendarDays(date, 1 - weekdayOf(date));

/** The 52 weeks up to and including the week of `today`: from its Monday 51 weeks back to `today`. */
export function lastYearOfWeeks(today: LocalDate): Periode {
  return { fra: addCalendarDays(mondayOf(today), -51 * 7), til: today };
}
