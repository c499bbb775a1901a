// Before the browser tests: Debian's Chromium is there (installed with apt-get if missing; a failure
// fails the run) and ui/dist is built from the current sources. Skipped when the run names only
// other test folders or files (e.g. `npx vitest run tests/domain`).
// @ts-expect-error: a plain ES module without type declarations
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
// @ts-expect-error: a plain ES module without type declarations
import { buildUi } from '../../scripts/build-ui.mjs';

function browserTestsSelected(): boolean {
  const runIndex = process.argv.findIndex((a) => a === 'run' || a.endsWith('vitest') || a.endsWith('vitest.mjs'));
  const filters = process.argv.slice(runIndex + 1).filter((a) => !a.startsWith('-') && a !== 'run');
  return filters.length === 0 || filters.some((f) => f.includes('browser'));
}

export default async function setup(): Promise<void> {
  if (!browserTestsSelected()) return;
  ensureChromium();
  await buildUi({ ifStale: true });
}
