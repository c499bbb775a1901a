import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    // The browser tests need Debian's Chromium and a built ui/dist (tests/browser/global-setup.ts).
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Workflow and e2e tests start servers; running files one at a time keeps a 2-core machine predictable.
    fileParallelism: false,
  },
});
