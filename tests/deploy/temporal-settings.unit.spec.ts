// The Temporal server settings of the deployment (deploy/temporal/dynamicconfig.yaml) and of every
// dev server the project starts (scripts/temporal-dev-server.ts) are the same, so the chaos run and
// `npm start` exercise the configuration that production gets.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DYNAMIC_CONFIG, devServerArgs } from '../../scripts/temporal-dev-server';

const deployed = parse(readFileSync(fileURLToPath(new URL('../../deploy/temporal/dynamicconfig.yaml', import.meta.url)), 'utf8')) as Record<
  string,
  { value: unknown; constraints: object }[]
>;

describe('Temporal server settings', () => {
  it('gives the dev servers exactly the dynamic configuration of the deployment', () => {
    const unconstrained = Object.fromEntries(Object.entries(deployed).map(([key, entries]) => [key, entries.find((e) => Object.keys(e.constraints ?? {}).length === 0)?.value]));
    expect(DYNAMIC_CONFIG).toEqual(unconstrained);
  });

  it('caps the backoff of a workflow task retried after crashes at seconds, not the default 10 minutes', () => {
    const cap = String(DYNAMIC_CONFIG['history.workflowTaskRetryMaxInterval']);
    const seconds = /^(\d+)s$/.exec(cap);
    expect(seconds, cap).not.toBeNull();
    expect(Number(seconds![1])).toBeLessThanOrEqual(30);
  });

  it('passes each setting to the dev server as a JSON value', () => {
    const args = devServerArgs({ dbFile: 'temporal.db', port: 1, httpPort: 2, metricsPort: 3 });
    const values = args.flatMap((a, i) => (args[i - 1] === '--dynamic-config-value' ? [a] : []));
    expect(values).toEqual(Object.entries(DYNAMIC_CONFIG).map(([k, v]) => `${k}=${JSON.stringify(v)}`));
    expect(args).toContain('--headless');
    expect(devServerArgs({ dbFile: 'x', port: 1, httpPort: 2, metricsPort: 3, uiPort: 4 })).not.toContain('--headless');
  });
});
