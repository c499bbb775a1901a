// The arithmetic behind the figures `npm run bench:workflow` prints: a wrong percentile, a counter read
// from the wrong series or a budget check that lets a run overrun would print plausible, wrong numbers.
import { describe, expect, it } from 'vitest';
import { mbPerCachedWorkflow, metricSum, openingOutlook, percentile, scaleTable, summarise, type ScaleRow } from '../../bench/workflow/figures';

describe('percentile and summarise', () => {
  it('take the nearest rank: the value at or below which the share q lies', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarise sorts a copy, so latencies can be given in the order they came', () => {
    const latencies = [30, 10, 20, 1000, 40];
    expect(summarise(latencies)).toEqual({ count: 5, p50: 30, p99: 1000, max: 1000 });
    expect(latencies).toEqual([30, 10, 20, 1000, 40]);
  });
});

describe('metricSum', () => {
  const exposition = [
    '# HELP temporal_sticky_cache_miss Count of times the sticky cache missed',
    '# TYPE temporal_sticky_cache_miss counter',
    'temporal_sticky_cache_miss{namespace="default",task_queue="bench-forloeb",worker_type="WorkflowWorker"} 25',
    'temporal_sticky_cache_miss{namespace="default",task_queue="bench-minimal",worker_type="WorkflowWorker"} 4',
    'temporal_sticky_cache_miss_total{namespace="default",task_queue="other"} 100',
    'temporal_sticky_cache_hit{namespace="default",task_queue="bench-forloeb"} 41',
    'temporal_sticky_cache_size 20',
  ].join('\n');

  it('adds the samples of exactly the named metric, not of a name it is the start of', () => {
    expect(metricSum(exposition, 'temporal_sticky_cache_miss')).toBe(29);
    expect(metricSum(exposition, 'temporal_sticky_cache_size')).toBe(20);
    expect(metricSum(exposition, 'temporal_sticky_cache_eviction')).toBe(0);
  });

  it('keeps to the series whose labels match', () => {
    expect(metricSum(exposition, 'temporal_sticky_cache_miss', { task_queue: 'bench-forloeb' })).toBe(25);
    expect(metricSum(exposition, 'temporal_sticky_cache_hit', { task_queue: 'bench-minimal' })).toBe(0);
  });
});

describe('openingOutlook', () => {
  const base = { elapsedSeconds: 600, opened: 10_000, total: 50_000, ratePerSecond: 20, reserveSeconds: 260, budgetSeconds: 45 * 60 };

  it('fits when what is left, at the rate so far, and the reserve end within the budget', () => {
    expect(openingOutlook({ ...base, ratePerSecond: 40 })).toEqual({ fits: true }); // 600 + 1,000 + 260 = 1,860 s
  });

  it('does not fit when they would end after it, and says when they would end', () => {
    expect(openingOutlook(base)).toEqual({ fits: false, projectedSeconds: 600 + 2000 + 260 });
  });

  it('a run that has opened everything fits, and one that opened nothing yet in no time does not', () => {
    expect(openingOutlook({ ...base, opened: 50_000, elapsedSeconds: 5000 })).toEqual({ fits: true });
    expect(openingOutlook({ ...base, opened: 0, ratePerSecond: 0 })).toEqual({ fits: false, projectedSeconds: Infinity });
  });
});

describe('mbPerCachedWorkflow', () => {
  it('divides the difference in RSS by the difference in cache size', () => {
    expect(mbPerCachedWorkflow({ cache: 100, rssMb: 500 }, { cache: 500, rssMb: 800 })).toBe(0.75);
  });

  it('refuses two runs with the same cache', () => {
    expect(() => mbPerCachedWorkflow({ cache: 100, rssMb: 500 }, { cache: 100, rssMb: 510 })).toThrow(/two different cache sizes/);
  });
});

describe('scaleTable', () => {
  const row: ScaleRow = { requested: 10_000, opened: 10_000, rssMb: 612.4, peakRssMb: 700, openSeconds: 500, commands: { count: 2000, p50: 45.2, p99: 310.7, errors: 0 }, replay: { events: 267, ms: 120.4 } };
  const table = (rows: ScaleRow[]) => scaleTable(rows, { command: 'npm run bench:workflow -- --mode scale', date: '2 December 2026', settings: '2 cores' });

  it('starts with the date and the command, then one row per size', () => {
    const lines = table([row]).trimEnd().split('\n');
    expect(lines[0]).toBe('Measured on 2 December 2026 with `npm run bench:workflow -- --mode scale` (2 cores).');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('| 10,000 | 612 MB (700 MB) | 500 s (20.0/s) | 2,000 | 45 ms | 311 ms | 120 ms (267 events) | – |');
  });

  it('shows a size stopped by its budget as the part it opened, with the reason, and one not run as dashes', () => {
    const stopped: ScaleRow = { ...row, requested: 50_000, opened: 31_200, commands: { ...row.commands, errors: 3 }, limitedBy: 'time: opening | too slow' };
    const notRun: ScaleRow = { requested: 90_000, opened: 0, rssMb: NaN, peakRssMb: NaN, openSeconds: NaN, commands: { count: 0, p50: NaN, p99: NaN, errors: 0 }, limitedBy: 'not run' };
    const lines = table([stopped, notRun]).trimEnd().split('\n');
    expect(lines[4]).toMatch(/^\| 31,200 of 50,000 \| .* \| 2,000, 3 failed \| .* \| time: opening \\\| too slow \|$/);
    expect(lines[5]).toBe('| 90,000 | – | – | – | – | – | – | not run |');
  });
});
