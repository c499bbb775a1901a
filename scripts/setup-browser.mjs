// The browser that the browser tests and `npm run bench:ui` drive: Debian's Chromium through
// playwright-core (Playwright's own browser download is not used). `npm run setup:browser` installs
// it with apt-get when it is missing; the tests only look for it (chromiumPath) and, without it,
// fail with a message that names that command. Set CHROMIUM_PATH to use another binary.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCli } from './cli.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The Chromium binary's path; throws, naming the setup command, when there is none. */
export function chromiumPath() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  throw new Error(
    `Chromium is missing at ${CHROMIUM_PATH}, and the browser tests need it. Install it with \`npm run setup:browser\` ` +
      "(Debian's chromium package, through apt-get), or set CHROMIUM_PATH to a Chromium binary.",
  );
}

/** Installs Debian's chromium package unless the binary is there; answers its path. */
function installChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is ${CHROMIUM_PATH}, and there is no such file; apt-get installs only /usr/bin/chromium`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']];
  if (!isRoot) {
    throw new Error(`${CHROMIUM_PATH} is missing, and only root can install it. Run: sudo ${apt.map((c) => c.join(' ')).join(' && sudo ')}`);
  }
  console.log(`[setup-browser] ${CHROMIUM_PATH} is missing: installing Debian's chromium with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [command, ...args] of apt) execFileSync(command, args, { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get finished, but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  parseCli({
    usage: `Usage: npm run setup:browser

Installs Debian's chromium package with apt-get (as root) unless ${CHROMIUM_PATH} is there; the
browser tests (tests/browser/) and npm run bench:ui drive it. CHROMIUM_PATH names another binary,
which must then exist. Takes no options.`,
    options: {},
  });
  try {
    console.log(`[setup-browser] Chromium: ${installChromium()}`);
  } catch (err) {
    console.error(`[setup-browser] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
