// The forløb system's own counters, on the same /metrics endpoint as the SDK's (WORKER_METRICS_ADDRESS):
// they are made from the SDK runtime's metric meter, which the worker process installs with the
// Prometheus exporter. Activities count through these, e.g.
//   watchdogMetrics().findings.add(1, { kind: 'timer-overdue' })
//   watchdogMetrics().repairs.add(1, { outcome: 'failed' })
// Without an exporter (WORKER_METRICS_ADDRESS=off, or outside a worker) the SDK drops the values.

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

// The watchdog's counters live beside the watchdog, which counts in them; the worker hands them over.
export { watchdogMetrics, type WatchdogMetrics } from '../activities/watchdog/metrics';
