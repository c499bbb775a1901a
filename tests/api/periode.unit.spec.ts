// A report's period from its querystring: months, quarters and years end on their last day (leap
// years included), and the last year of weeks starts on a Monday 51 weeks before this week's.
import { describe, expect, it } from 'vitest';
import { lastYearOfWeeks, mondayOf, periodeOf } from '../../api/read-model/periode';
import { weekdayOf } from '../../domain/calendar';

const span = (q: Parameters<typeof periodeOf>[0]) => {
  const r = periodeOf(q);
  if (!r.ok) throw new Error(JSON.stringify(r.felter));
  return [r.periode.fra, r.periode.til];
};

describe('periodeOf', () => {
  it('gives a month, a quarter and a year their first and last day', () => {
    expect(span({ maaned: '2032-02' })).toEqual(['2032-02-01', '2032-02-29']);
    expect(span({ maaned: '2031-02' })).toEqual(['2031-02-01', '2031-02-28']);
    expect(span({ maaned: '2031-12' })).toEqual(['2031-12-01', '2031-12-31']);
    expect(span({ kvartal: '2031-K1' })).toEqual(['2031-01-01', '2031-03-31']);
    expect(span({ kvartal: '2031-K2' })).toEqual(['2031-04-01', '2031-06-30']);
    expect(span({ kvartal: '2031-K4' })).toEqual(['2031-10-01', '2031-12-31']);
    expect(span({ aar: '2031' })).toEqual(['2031-01-01', '2031-12-31']);
    expect(span({ fra: '2031-05-05', til: '2031-05-05' })).toEqual(['2031-05-05', '2031-05-05']);
  });

  it('bounds the span at three years', () => {
    expect(periodeOf({ fra: '2031-01-01', til: '2033-12-31' }).ok).toBe(true);
    expect(periodeOf({ fra: '2031-01-01', til: '2034-01-05' })).toEqual({ ok: false, felter: [{ felt: 'til', besked: 'perioden må højst være 3 år' }] });
  });
});

describe('lastYearOfWeeks', () => {
  it('starts on the Monday 51 weeks before this week’s and ends today', () => {
    const { fra, til } = lastYearOfWeeks('2031-03-12');
    expect(til).toBe('2031-03-12');
    expect(weekdayOf(fra)).toBe(1);
    expect(mondayOf('2031-03-12')).toBe('2031-03-10');
    expect(fra).toBe('2030-03-18'); // 2031-03-10 less 357 days
    expect(mondayOf('2031-03-16')).toBe('2031-03-10'); // a Sunday belongs to the week before it
  });
});
