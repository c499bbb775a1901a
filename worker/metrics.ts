// The forløb system's own counters, on the same /metrics endpoint as the SDK's (WORKER_METRICS_ADDRESS):
// they are made from the SDK runtime's metric meter, which the worker process installs with the
// Prometheus exporter. Activities count through these, e.g.
//   watchdogMetrics().findings.add(1, { kind: 'timer-overdue' })
//   watchdogMetrics().repairs.add(1, { outcome: 'failed' })
// Without an exporter (WORKER_METRICS_ADDRESS=off, or outside a worker) the SDK drops the values.
import type { MetricCounter, MetricMeter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

/**
 * Histogram buckets (ms) for the SDK's task latencies, replacing its defaults where those cannot
 * show what the alerts ask: its workflow task execution buckets end at 1 s, so a task nearing the
 * 10 s workflow task timeout (a cold replay on a busy worker) would show only as "> 1 s"; its
 * schedule-to-start buckets jump from 1 s to 5 s to 10 s. These bracket the timeout finely.
 */
export const HISTOGRAM_BUCKETS_MS: Record<string, number[]> = {
  workflow_task_execution_latency: [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 7_500, 10_000, 30_000],
  workflow_task_replay_latency: [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 7_500, 10_000, 30_000],
  workflow_task_schedule_to_start_latency: [10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000],
  activity_schedule_to_start_latency: [10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000],
};

export type WatchdogMetrics = {
  /** `forloeb_watchdog_findings_total{kind}`: forløb the watchdog found in a state it should not be in. */
  findings: MetricCounter;
  /** `forloeb_watchdog_repairs_total{outcome}`: repairs it attempted; `outcome="failed"` needs a person. */
  repairs: MetricCounter;
};

// The SDK's meter makes a new instrument on every createCounter, and two instruments of one name
// are exported as two series with the same labels, each with its own part of the count (which
// Prometheus refuses). So each meter gets its counters once, here.
const made = new WeakMap<MetricMeter, WatchdogMetrics>();

/**
 * The watchdog's counters, made once per meter. The default is the runtime's meter, so call this
 * only after worker/process.ts has installed the runtime (in an activity, or later in the process).
 * Keep the default in activities too: `Context.current().metricMeter` is composed anew for every
 * activity execution, so counters made from it would be made again each time (duplicate series).
 */
export function watchdogMetrics(meter: MetricMeter = Runtime.instance().metricMeter): WatchdogMetrics {
  let metrics = made.get(meter);
  if (!metrics) {
    metrics = {
      findings: meter.createCounter('forloeb_watchdog_findings_total', '1', 'Forløb the watchdog found stuck or out of step, by kind'),
      repairs: meter.createCounter('forloeb_watchdog_repairs_total', '1', 'Repairs the watchdog attempted, by outcome'),
    };
    made.set(meter, metrics);
  }
  return metrics;
}
