// The worker's cache size follows its memory budget, with the per-forløb cost the idle benchmark
// measured: the default budget keeps 10,000 idle forløb within the 1.5 GB target.
import { describe, expect, it } from 'vitest';
import { MB_PER_CACHED_WORKFLOW, WORKER_BASE_MB, cachedWorkflowsFor, workerSettings } from '../../worker/options';

// `npm run bench:cold-task`: the p95 of one cold replay of a whole lifecycle (~400 events) on this
// 2-core machine while busy, and Temporal's default workflow task timeout.
const COLD_TASK_P95_MS = 590;
const WORKFLOW_TASK_TIMEOUT_MS = 10_000;

describe('worker settings', () => {
  it('keeps as many forløb cached as fit in the memory budget', () => {
    expect(cachedWorkflowsFor(1024)).toBe(92);
    expect(cachedWorkflowsFor(1536)).toBe(238);
    for (const budget of [1024, 1536, 4096]) {
      expect(WORKER_BASE_MB + cachedWorkflowsFor(budget) * MB_PER_CACHED_WORKFLOW).toBeLessThanOrEqual(budget);
    }
  });

  it('defaults to a 1 GB budget, whose cache the idle benchmark measured at under 1.5 GB with 10,000 forløb', () => {
    const settings = workerSettings({});
    expect(settings.memoryMb).toBe(1024);
    // bench:workflow --mode idle: 10,000 idle forløb with 100 cached took 993 MB.
    expect(settings.maxCachedWorkflows).toBeLessThanOrEqual(100);
  });

  it('refuses a budget below what the worker needs, naming the variable', () => {
    expect(() => workerSettings({ WORKER_MEMORY_MB: '512' })).toThrow(/WORKER_MEMORY_MB: skal være mindst 875/);
    expect(() => workerSettings({ WORKER_MEMORY_MB: 'meget' })).toThrow(/WORKER_MEMORY_MB/);
  });

  it('takes no more cold workflow tasks at once than one thread replays within half the task timeout', () => {
    const { maxConcurrentWorkflowTasks } = workerSettings({});
    expect(maxConcurrentWorkflowTasks * COLD_TASK_P95_MS).toBeLessThanOrEqual(WORKFLOW_TASK_TIMEOUT_MS / 2);
    // ...and fewer than the SDK's default of 40, which took the chaos run's restarted workers down.
    expect(maxConcurrentWorkflowTasks).toBeLessThan(40);
    expect(maxConcurrentWorkflowTasks).toBeGreaterThanOrEqual(2);
  });

  it('takes the number of workflow tasks from WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', () => {
    expect(workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '3' }).maxConcurrentWorkflowTasks).toBe(3);
    expect(workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20', WORKER_MEMORY_MB: '2048' }).maxConcurrentWorkflowTasks).toBe(20);
  });

  it('refuses a number of workflow tasks that is no whole number, below 2, or more than the cache holds', () => {
    expect(() => workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 'mange' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: skal være et helt tal/);
    expect(() => workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '2.5' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: skal være et helt tal/);
    expect(() => workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: skal være mindst 2/);
    const cached = cachedWorkflowsFor(1024);
    expect(() => workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(cached) })).not.toThrow();
    expect(() => workerSettings({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(cached + 1) })).toThrow(new RegExp(`WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: må højst være ${cached}`));
  });

  it('exports metrics on 127.0.0.1:9464 unless told otherwise, and not at all when off', () => {
    expect(workerSettings({}).metricsAddress).toBe('127.0.0.1:9464');
    expect(workerSettings({ WORKER_METRICS_ADDRESS: '0.0.0.0:9100' }).metricsAddress).toBe('0.0.0.0:9100');
    expect(workerSettings({ WORKER_METRICS_ADDRESS: '[::]:9464' }).metricsAddress).toBe('[::]:9464');
    expect(workerSettings({ WORKER_METRICS_ADDRESS: 'off' }).metricsAddress).toBeNull();
  });

  it('refuses a metrics address the exporter cannot bind, naming the variable', () => {
    // The SDK binds a socket address: a host name fails only when the worker starts, so it is refused here.
    for (const bad of ['localhost:9464', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '::1:9464', '[127.0.0.1]:9464', 'on', '']) {
      expect(() => workerSettings({ WORKER_METRICS_ADDRESS: bad }), bad).toThrow(/WORKER_METRICS_ADDRESS: skal være ip:port .* eller off/);
    }
  });
});
