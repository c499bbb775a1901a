import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  LocalTime,
  addCalendarDays,
  copenhagenDateOf,
  copenhagenInstant,
  endOfCopenhagenDay,
} from '../../domain/calendar';

const iso = (instant: Date): string => instant.toISOString();

describe('copenhagenInstant', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(iso(copenhagenInstant('2026-01-10', '12:00'))).toBe('2026-01-10T11:00:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '12:00'))).toBe('2026-03-29T10:00:00.000Z');
    expect(iso(copenhagenInstant('2026-07-01', '08:15'))).toBe('2026-07-01T06:15:00.000Z');
    expect(iso(copenhagenInstant('2026-10-25', '12:00'))).toBe('2026-10-25T11:00:00.000Z');
  });

  it('defaults to midnight', () => {
    expect(iso(copenhagenInstant('2026-01-10'))).toBe('2026-01-09T23:00:00.000Z');
    expect(iso(copenhagenInstant('2026-06-05'))).toBe('2026-06-04T22:00:00.000Z');
  });

  it('moves a time in the spring-forward gap to the first valid instant (03:00 summer time)', () => {
    expect(iso(copenhagenInstant('2026-03-29', '01:59'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '02:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '02:30'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '02:59'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '03:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(copenhagenInstant('2026-03-29', '03:01'))).toBe('2026-03-29T01:01:00.000Z');
  });

  it('takes the first of the two instants in the repeated autumn hour', () => {
    expect(iso(copenhagenInstant('2026-10-25', '01:59'))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(copenhagenInstant('2026-10-25', '02:00'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(copenhagenInstant('2026-10-25', '02:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(copenhagenInstant('2026-10-25', '03:00'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses a malformed time or date', () => {
    for (const time of ['24:00', '7:00', '12:60', '12:00:00', '']) {
      expect(() => copenhagenInstant('2026-01-10', time)).toThrow(RangeError);
    }
    expect(() => copenhagenInstant('2026-02-30', '12:00')).toThrow(RangeError);
  });
});

describe('LocalTime', () => {
  it('accepts HH:MM from 00:00 to 23:59 only', () => {
    expect(LocalTime.safeParse('00:00').success).toBe(true);
    expect(LocalTime.safeParse('23:59').success).toBe(true);
    expect(LocalTime.safeParse('24:00').success).toBe(false);
    expect(LocalTime.safeParse('9:00').success).toBe(false);
  });
});

describe('endOfCopenhagenDay', () => {
  it('is the next local midnight', () => {
    expect(iso(endOfCopenhagenDay('2026-10-24'))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(endOfCopenhagenDay('2026-10-25'))).toBe('2026-10-25T23:00:00.000Z');
    expect(iso(endOfCopenhagenDay('2026-03-28'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(endOfCopenhagenDay('2026-03-29'))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(endOfCopenhagenDay('2026-12-31'))).toBe('2026-12-31T23:00:00.000Z');
  });

  it('makes the changeover days 23 and 25 hours long', () => {
    const hours = (date: string): number =>
      (endOfCopenhagenDay(date).getTime() - copenhagenInstant(date).getTime()) / 3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-06-15')).toBe(24);
  });
});

describe('copenhagenDateOf', () => {
  it('gives the Copenhagen calendar date of an instant', () => {
    expect(copenhagenDateOf(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(copenhagenDateOf(new Date('2026-06-30T21:59:59.999Z'))).toBe('2026-06-30');
    expect(copenhagenDateOf(new Date('2026-01-10T22:59:59.999Z'))).toBe('2026-01-10');
    expect(copenhagenDateOf(new Date('2026-01-10T23:00:00.000Z'))).toBe('2026-01-11');
    expect(copenhagenDateOf(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
  });

  it('refuses an invalid Date', () => {
    expect(() => copenhagenDateOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('round trips', () => {
  const date = fc
    .integer({ min: 0, max: 21 * 366 })
    .map((days) => addCalendarDays('2020-01-01', days));
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([hours, minutes]) => `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);

  it('an instant placed on a date falls on that date', () => {
    fc.assert(
      fc.property(date, time, (day, clock) => {
        expect(copenhagenDateOf(copenhagenInstant(day, clock))).toBe(day);
      }),
      { numRuns: 300 },
    );
  });

  it('every instant lies in the Copenhagen day it is dated to', () => {
    const instant = fc
      .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-12-31T00:00:00Z') })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, (at) => {
        const day = copenhagenDateOf(at);
        expect(copenhagenInstant(day).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime()).toBeLessThan(endOfCopenhagenDay(day).getTime());
      }),
      { numRuns: 300 },
    );
  });
});
