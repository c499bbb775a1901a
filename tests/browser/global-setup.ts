// Before the browser tests (the browser project of vitest.config.mts, so only when a browser test
// runs): Chromium must be there — installing it is a setup step (`npm run setup:browser`), not the
// tests' — and ui/dist is built from the current sources, as `npm start` would build it.
// @ts-expect-error: a plain ES module without type declarations
import { chromiumPath } from '../../scripts/setup-browser.mjs';
// @ts-expect-error: a plain ES module without type declarations
import { buildUi } from '../../scripts/build-ui.mjs';

export default async function setup(): Promise<void> {
  chromiumPath();
  await buildUi({ ifStale: true });
}
