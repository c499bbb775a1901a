// The pure arithmetic of `npm run bench:workflow`: percentiles, the SDK's counters read from its
// Prometheus text, whether a run still fits its time budget, memory per cached workflow, and the
// scale table in the markdown of docs/benchmarks.md. No I/O, so tests/bench checks it directly.

/** The nearest-rank percentile (q in 0..1) of ascending values; NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export type LatencySummary = { count: number; p50: number; p99: number; max: number };

/** p50, p99 and the maximum of latencies given in any order. */
export function summarise(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
}

/**
 * The sum of a metric's samples in Prometheus text exposition, over the series whose labels include
 * `labels` (e.g. one task queue). `temporal_sticky_cache_miss` and `temporal_sticky_cache_hit` count
 * the workflow tasks that had to replay a history and those that found their workflow cached.
 */
export function metricSum(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const series = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => series[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

export type Outlook = { fits: true } | { fits: false; projectedSeconds: number };

/**
 * Whether opening `total` forløb still fits the budget: the time spent, the rest at the rate of
 * late, and `reserveSeconds` for what follows (the commands and the replay).
 */
export function openingOutlook(o: { elapsedSeconds: number; opened: number; total: number; ratePerSecond: number; reserveSeconds: number; budgetSeconds: number }): Outlook {
  if (o.opened >= o.total) return { fits: true };
  const projectedSeconds = o.elapsedSeconds + (o.ratePerSecond > 0 ? (o.total - o.opened) / o.ratePerSecond : Infinity) + o.reserveSeconds;
  return projectedSeconds <= o.budgetSeconds ? { fits: true } : { fits: false, projectedSeconds };
}

/** What one more cached workflow adds to the worker's RSS, from two runs that differ only in the cache size. */
export function mbPerCachedWorkflow(a: { cache: number; rssMb: number }, b: { cache: number; rssMb: number }): number {
  if (a.cache === b.cache) throw new Error('two different cache sizes are needed');
  return (b.rssMb - a.rssMb) / (b.cache - a.cache);
}

/** One size of `--mode scale`: what its run measured (a run stopped by its budget opened fewer). */
export type ScaleRow = {
  requested: number;
  opened: number;
  rssMb: number;
  peakRssMb: number;
  openSeconds: number;
  commands: { count: number; p50: number; p99: number; errors: number };
  replay?: { events: number; ms: number } | undefined;
  /** Why the run stopped short or left something out, in a few words. */
  limitedBy?: string | undefined;
};

const whole = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x: number) => (Number.isFinite(x) ? `${whole(x)} ms` : '–');
const mbOf = (x: number) => (Number.isFinite(x) ? `${whole(x)} MB` : '–');

/** The scale table as markdown, with the command that produced it and the date, to paste into docs/benchmarks.md. */
export function scaleTable(rows: readonly ScaleRow[], about: { command: string; date: string; settings: string }): string {
  const lines = [
    `Measured on ${about.date} with \`${about.command}\` (${about.settings}).`,
    '',
    '| open forløb | worker RSS (peak) | time to start them | commands | command p50 | command p99 | replay of the largest history | limited by |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const size = r.opened === r.requested ? whole(r.requested) : r.opened === 0 ? whole(r.requested) : `${whole(r.opened)} of ${whole(r.requested)}`;
    const rate = r.openSeconds > 0 ? ` (${(r.opened / r.openSeconds).toFixed(1)}/s)` : '';
    const start = Number.isFinite(r.openSeconds) ? `${whole(r.openSeconds)} s${rate}` : '–';
    const memory = Number.isFinite(r.rssMb) ? `${mbOf(r.rssMb)} (${mbOf(r.peakRssMb)})` : '–';
    const commands = r.commands.count > 0 ? `${whole(r.commands.count)}${r.commands.errors > 0 ? `, ${whole(r.commands.errors)} failed` : ''}` : '–';
    const replay = r.replay ? `${ms(r.replay.ms)} (${whole(r.replay.events)} events)` : '–';
    lines.push(
      `| ${size} | ${memory} | ${start} | ${commands} | ${ms(r.commands.p50)} | ${ms(r.commands.p99)} | ${replay} | ${(r.limitedBy ?? '–').replaceAll('|', '\\|')} |`,
    );
  }
  return lines.join('\n') + '\n';
}
