// The watchdog's counters, on the worker's /metrics endpoint beside the SDK's own (worker/metrics.ts
// sets up the exporter): forloeb_watchdog_findings_total{kind} and forloeb_watchdog_repairs_total{outcome}.
import type { MetricCounter, MetricMeter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

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
