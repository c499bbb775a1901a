// Builds the web UI (ui/) into ui/dist with Vite. `--if-stale` builds only when ui/dist is missing or
// older than the sources (ui/, the API's contract and the domain it reuses, package-lock.json). Runs from
// npm's postinstall, before `npm start`, and before the browser tests. Where the sources or Vite are
// not installed (`npm ci --omit=dev`: Vite is a dev dependency; the image builds ui/dist in a build
// stage instead), it says so and does nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from './cli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const uiDir = join(root, 'ui');
const distIndex = join(uiDir, 'dist', 'index.html');
const SOURCES = [uiDir, join(root, 'api', 'contract'), join(root, 'domain'), join(root, 'package-lock.json')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether ui/dist is missing or older than any source. */
export function uiIsStale() {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

export async function buildUi({ ifStale = false } = {}) {
  if (!existsSync(join(uiDir, 'index.html'))) {
    console.log('[build-ui] no ui/ sources here: nothing to build');
    return false;
  }
  if (ifStale && !uiIsStale()) {
    console.log('[build-ui] ui/dist is up to date');
    return false;
  }
  let vite;
  try {
    vite = await import('vite');
  } catch (err) {
    // Only a missing Vite is expected; a broken one must fail the build, not be mistaken for absent.
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    console.log('[build-ui] Vite is not installed (a production install without dev dependencies): not building ui/dist');
    return false;
  }
  const started = Date.now();
  await vite.build({ configFile: join(uiDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`[build-ui] built ui/dist in ${Date.now() - started} ms`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseCli({
    usage: `Usage: npm run build:ui [-- --if-stale]

Builds the web UI (ui/) into ui/dist with Vite.

  --if-stale   only when ui/dist is missing or older than its sources`,
    options: { 'if-stale': { type: 'boolean', default: false } },
  });
  buildUi({ ifStale: values['if-stale'] }).catch((err) => {
    console.error(`[build-ui] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  });
}
