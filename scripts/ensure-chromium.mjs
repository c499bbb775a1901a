// Makes sure Debian's Chromium is installed for the browser tests (tests/browser/). Playwright's own
// browser download is not used: the tests drive /usr/bin/chromium through playwright-core. When the
// binary is missing, it is installed with apt-get (as root, non-interactive). Exits non-zero with a
// clear message when that is not possible, so the browser tests fail instead of being skipped.
// Usable as a script (`node scripts/ensure-chromium.mjs`) and as a module (`ensureChromium()`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Returns the path of the Chromium binary; throws with a reason when it cannot be installed. */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `[ensure-chromium] ${CHROMIUM_PATH} is missing and this process is not root, so it cannot run apt-get. ` +
        'Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  console.log(`[ensure-chromium] ${CHROMIUM_PATH} is missing: installing Debian's chromium with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  } catch (err) {
    throw new Error(`[ensure-chromium] apt-get could not install chromium: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`[ensure-chromium] apt-get finished but ${CHROMIUM_PATH} is still missing`);
  console.log(`[ensure-chromium] installed ${CHROMIUM_PATH}`);
  return CHROMIUM_PATH;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(`[ensure-chromium] using ${ensureChromium()}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
