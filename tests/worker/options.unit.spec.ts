// The worker's cache size follows its memory budget, with the per-forløb cost the idle benchmark
// measured: the default budget keeps 10,000 idle forløb within the 1.5 GB target.
import { describe, expect, it } from 'vitest';
import { MB_PER_CACHED_WORKFLOW, WORKER_BASE_MB, cachedWorkflowsFor, workerSettings } from '../../worker/options';

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
});
