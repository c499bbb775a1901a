import { addCalendarDays, epochDayOf, formatParts, toEpochDay } from './local-date';
import type { LocalDate } from './local-date';

/**
 * Conversions between instants and Europe/Copenhagen wall-clock time.
 *
 * They read the time-zone rules through `Intl.DateTimeFormat` (the runtime's ICU
 * data), which is deterministic and available inside the workflow sandbox; they never
 * read the clock or the process's own time zone.
 */

/** A wall-clock time of day written HH:MM (00:00–23:59); its schema is in local-time.schema.ts. */
export type LocalTime = string;
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const TIME_ZONE = 'Europe/Copenhagen';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

let formatter: Intl.DateTimeFormat | undefined;

function copenhagenFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return formatter;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockOf(epochMs: number): WallClock {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of copenhagenFormatter().formatToParts(epochMs)) values[part.type] = part.value;
  const number = (type: Intl.DateTimeFormatPartTypes): number => {
    const value = Number(values[type]);
    if (!Number.isInteger(value)) throw new RangeError(`cannot read the ${type} of a Copenhagen time`);
    return value;
  };
  if (values.era !== 'AD') throw new RangeError('instant is before year 1');
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    hour: number('hour'),
    minute: number('minute'),
    second: number('second'),
  };
}

/** The Copenhagen wall-clock time at an instant, written as milliseconds as if it were UTC. */
function wallClockMs(epochMs: number): number {
  const wall = wallClockOf(epochMs);
  return epochDayOf(wall) * DAY_MS + wall.hour * HOUR_MS + wall.minute * MINUTE_MS + wall.second * 1000;
}

/** Copenhagen's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetAt(epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallClockMs(wholeSecond) - wholeSecond;
}

function assertInstant(instant: Date): number {
  const epochMs = instant.getTime();
  if (Number.isNaN(epochMs)) throw new RangeError('invalid Date');
  return epochMs;
}

/** The Copenhagen calendar date at an instant. */
export function copenhagenDateOf(instant: Date): LocalDate {
  return formatParts(wallClockOf(assertInstant(instant)));
}

function timeOfDayMs(time: LocalTime): number {
  if (!LOCAL_TIME_PATTERN.test(time)) throw new RangeError(`${JSON.stringify(time)} is not a time of day written HH:MM`);
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * HOUR_MS + minutes * MINUTE_MS;
}

/**
 * The instant at which the Copenhagen wall clock shows `time` (HH:MM, default 00:00)
 * on `date`.
 * - In the spring-forward gap (a time that does not exist) it is the first instant
 *   after the gap, i.e. the moment of the change (02:30 → 03:00 summer time).
 * - In the repeated autumn hour it is the first of the two instants (summer time).
 */
export function copenhagenInstant(date: LocalDate, time: LocalTime = '00:00'): Date {
  const wall = toEpochDay(date) * DAY_MS + timeOfDayMs(time);
  // Copenhagen changes its offset at most once in any two days, so the offsets one
  // day either side are the only ones that can apply.
  const offsetBefore = offsetAt(wall - DAY_MS);
  const offsetAfter = offsetAt(wall + DAY_MS);
  const matches = [wall - offsetBefore, wall - offsetAfter].filter((epochMs) => wallClockMs(epochMs) === wall);
  if (matches.length > 0) return new Date(Math.min(...matches));

  // The wall time falls in a gap: find the moment the offset changed. It lies after
  // `wall - offsetAfter` and at or before `wall - offsetBefore`.
  let before = wall - offsetAfter;
  let after = wall - offsetBefore;
  if (offsetAt(after) !== offsetAfter || after <= before) {
    throw new RangeError(`cannot place ${date} ${time} in ${TIME_ZONE}`);
  }
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (offsetAt(middle) === offsetAfter) after = middle;
    else before = middle;
  }
  return new Date(after);
}

/**
 * The end of a Copenhagen day: the instant of the following local midnight. A deadline
 * "by the end of that day" is met by anything strictly before it.
 */
export function endOfCopenhagenDay(date: LocalDate): Date {
  return copenhagenInstant(addCalendarDays(date, 1), '00:00');
}
