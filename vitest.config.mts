import { defineConfig } from 'vitest/config';

// One project per kind of test (docs/tests.md), each with its own npm script (`npm run test:unit`, …);
// `npm test` runs them all, one kind after the other (groupOrder). The kinds that start servers —
// PostgreSQL, Temporal, `npm start`, Chromium — run their files one at a time
// (fileParallelism: false), which keeps a 2-core machine predictable and their ports apart.
const startsServers = { fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Pure modules, no server: the domain's rules, the UI's pure modules, settings, CLIs, docs, lint.
          include: ['tests/**/*.unit.spec.ts'],
          // Some bundle the workflow code or start a CLI: slow on a loaded machine, though no server.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration',
          // PostgreSQL (*.int), the API through inject (*.api), the workflow on the time-skipping
          // server (*.workflow), `npm start` over HTTP and the watchdog on a dev server (*.e2e), and
          // the recorded histories replayed against today's workflow code.
          include: ['tests/**/*.{int,api,workflow,e2e}.spec.ts', 'tests/replay/*.spec.ts'],
          ...startsServers,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/**/*.browser.spec.ts'],
          // Checks that Chromium is installed (`npm run setup:browser`) and builds ui/dist if stale.
          globalSetup: ['tests/browser/global-setup.ts'],
          ...startsServers,
          sequence: { groupOrder: 3 },
        },
      },
      {
        test: {
          name: 'chaos',
          // The CI-sized `npm run chaos`; its invariants' own unit tests are in the unit project.
          include: ['tests/chaos/chaos.spec.ts'],
          ...startsServers,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
