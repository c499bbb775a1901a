// The real stack for the chaos and load runs, as separate processes on one machine: PostgreSQL
// (a fresh database on DATABASE_URL's server, or an embedded server in a temporary folder), a TCP
// proxy in front of it that the run cuts and restores, the Temporal dev server on its own SQLite
// file, the worker and the API. Every process runs in a process group of its own; `stop()` ends them
// all and removes the temporary folder, and an exit hook kills whatever is left if the run dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalCliPath } from '../config/binaries';
import { PROJECT_ROOT } from '../config/env';
import { writeWorkflowBundle } from '../worker/bundle';
import { freePort, waitForHttp, waitForPort } from '../scripts/ports';
import { devServerArgs } from '../scripts/temporal-dev-server';
import { startTestDatabase, type TestDatabase } from '../tests/support/database';
import { startTcpProxy, type TcpProxy } from '../tests/support/tcp-proxy';

export const say = (msg: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 23)}] ${msg}`);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Child = { name: string; proc: ChildProcess; exited: Promise<void> };

const isRunning = (proc: ChildProcess) => proc.exitCode === null && proc.signalCode === null;

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (!proc.pid) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // gone
    }
  }
}

export type StackOptions = {
  label: string;
  quiet?: boolean;
  /** Copy the processes' logs here before the temporary folder goes. */
  keepLogsIn?: string;
  /** The worker's entry point: worker/main.ts (default), or chaos/worker.ts with chaotic deliveries. */
  workerEntry?: string;
  /** Regelsæt files (name → content) the API and the worker load from their REGELSAET_DIR. */
  regelsaetFiles?: Record<string, string>;
};

export type Stack = {
  dir: string;
  /** The database itself (for the suite's own checks). */
  databaseUrl: string;
  /** Through the proxy: what the worker and the API use. */
  proxiedUrl: string;
  proxy: TcpProxy;
  temporalAddress: string;
  apiUrl: string;
  /** The environment the worker and the API run with (payload keys included). */
  env: NodeJS.ProcessEnv;
  /** Starts the worker; resolves once it polls (its 'worker started' line), or when it ends first. */
  startWorker: () => Promise<void>;
  /** Lines `chaos-delivery <mode>` the chaos worker printed, counted by mode. */
  deliveries: Map<string, number>;
  /** SIGKILL to the worker's process group; resolves once it has ended. */
  killWorker: () => Promise<void>;
  workerRunning: () => boolean;
  stopTemporal: () => Promise<void>;
  startTemporal: () => Promise<void>;
  /** Output of a child, for evidence when something breaks. */
  logOf: (name: string) => string;
  stop: () => Promise<void>;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), `forloeb-${options.label}-`));
  const children: Child[] = [];
  const logs = new Map<string, WriteStream>();
  let stopping = false;
  let database: TestDatabase | undefined;

  const logPath = (name: string) => join(dir, `${name}.log`);
  const logOf = (name: string) => (existsSync(logPath(name)) ? readFileSync(logPath(name), 'utf8') : '');

  function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Child {
    let log = logs.get(name);
    if (!log) {
      log = createWriteStream(logPath(name), { flags: 'a' });
      logs.set(name, log);
    }
    const out = log;
    const proc = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lineReader = () => {
      let rest = '';
      return (chunk: Buffer) => {
        out.write(chunk);
        if (!onLine) return;
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) onLine(line);
      };
    };
    proc.stdout?.on('data', lineReader());
    proc.stderr?.on('data', lineReader());
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const child = { name, proc, exited };
    children.push(child);
    return child;
  }

  async function stopChild(child: Child | undefined, timeoutMs: number): Promise<void> {
    if (!child || !isRunning(child.proc)) return;
    const timer = setTimeout(() => killGroup(child.proc, 'SIGKILL'), timeoutMs);
    child.proc.kill('SIGTERM');
    await child.exited;
    clearTimeout(timer);
    // Anything the child left in its group (e.g. postgres below embedded-main) goes too.
    killGroup(child.proc, 'SIGKILL');
  }

  const latest = (name: string) => [...children].reverse().find((c) => c.name === name);

  /** The last resort if the run dies: SIGKILL to every process group. */
  const killEverything = () => {
    for (const c of children) if (isRunning(c.proc)) killGroup(c.proc, 'SIGKILL');
  };
  process.once('exit', killEverything);

  try {
    // PostgreSQL: a fresh, migrated database, as the tests get one.
    database = await startTestDatabase();
    const databaseUrl = database.url;
    if (!options.quiet) say(`PostgreSQL: ${process.env.DATABASE_URL ? "a new database on DATABASE_URL's server" : 'embedded, in a temporary folder'}`);

    // The proxy that the worker and the API connect through.
    const target = new URL(databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const proxiedUrl = proxied.toString();

    // Temporal dev server on its own SQLite file and ports.
    const temporalPort = await freePort();
    const [httpPort, metricsPort] = [await freePort(), await freePort()];
    const temporalArgs = devServerArgs({ dbFile: join(dir, 'temporal.db'), port: temporalPort, httpPort, metricsPort });
    const cli = temporalCliPath();
    const startTemporal = async () => {
      startChild('temporal', cli, temporalArgs, process.env);
      await waitForPort(temporalPort, 30_000);
    };
    const stopTemporal = () => stopChild(latest('temporal'), 15_000);
    await startTemporal();
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    if (!options.quiet) say(`Temporal dev server on ${temporalAddress} (SQLite with WAL)`);

    // Worker and API, with the environment `npm start` gives them (own generated keys).
    const apiPort = await freePort();
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (k.startsWith('AUTH_') || k.startsWith('PAYLOAD_') || k === 'CPR_HASH_KEY' || k.startsWith('TEMPORAL_')) continue;
      base[k] = v;
    }
    const env: NodeJS.ProcessEnv = {
      ...base,
      DATABASE_URL: proxiedUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: 'forloeb',
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      // A chaos run beside another stack must not fight over the default metrics port.
      WORKER_METRICS_ADDRESS: 'off',
      PAYLOAD_KEYS: `chaos-1:${randomBytes(32).toString('base64')}`,
      PAYLOAD_KEY_ID: 'chaos-1',
      CPR_HASH_KEY: randomBytes(32).toString('base64'),
      // Bundled once here, so that a restarted worker polls again within about a second.
      WORKFLOW_BUNDLE_PATH: join(dir, 'workflow-bundle.js'),
    };
    await writeWorkflowBundle(env.WORKFLOW_BUNDLE_PATH!);
    const tsx = ['--import', 'tsx'];
    const deliveries = new Map<string, number>();
    // The worker and the API run the same regelsæt: the worker's read model needs their notice rules.
    let regelsaetDir: string | undefined;
    if (options.regelsaetFiles) {
      regelsaetDir = join(dir, 'regelsaet');
      mkdirSync(regelsaetDir);
      for (const [name, content] of Object.entries(options.regelsaetFiles)) writeFileSync(join(regelsaetDir, name), content);
    }
    const withRegelsaet = regelsaetDir ? { REGELSAET_DIR: regelsaetDir } : {};
    const workerEnv = { ...env, LOG_LEVEL: 'info', ...withRegelsaet };
    const startWorker = () =>
      new Promise<void>((resolve) => {
        const child = startChild('worker', process.execPath, [...tsx, options.workerEntry ?? 'worker/main.ts'], workerEnv, (line) => {
          if (line.includes('"msg":"worker started"')) resolve();
          const m = /^chaos-delivery (\S+)/.exec(line);
          if (m) deliveries.set(m[1]!, (deliveries.get(m[1]!) ?? 0) + 1);
        });
        void child.exited.then(() => resolve());
      });
    const workerStarted = startWorker();
    const api = startChild('api', process.execPath, [...tsx, 'api/server.ts'], { ...env, AUTH_DEV_MODE: '1', ...withRegelsaet });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health`, 90_000, () => isRunning(api.proc));
    await workerStarted;
    if (!options.quiet) say(`API on ${apiUrl}; worker and API reach PostgreSQL through the proxy on port ${proxy.port}`);

    const stop = async () => {
      if (stopping) return;
      stopping = true;
      for (const name of ['api', 'worker', 'temporal']) for (const c of children.filter((x) => x.name === name)) await stopChild(c, 10_000);
      await proxy.close().catch(() => {});
      await database?.stop().catch((err: unknown) => say(`could not stop or drop the database: ${(err as Error).message}`));
      await Promise.all([...logs.values()].map((log) => new Promise<void>((resolve) => log.end(() => resolve()))));
      if (options.keepLogsIn) {
        mkdirSync(options.keepLogsIn, { recursive: true });
        for (const name of logs.keys()) if (existsSync(logPath(name))) copyFileSync(logPath(name), join(options.keepLogsIn, `${name}.log`));
      }
      process.removeListener('exit', killEverything);
      rmSync(dir, { recursive: true, force: true });
    };

    return {
      dir,
      databaseUrl,
      proxiedUrl,
      proxy,
      temporalAddress,
      apiUrl,
      env,
      startWorker,
      deliveries,
      killWorker: async () => {
        const w = latest('worker');
        if (!w || !isRunning(w.proc)) return;
        killGroup(w.proc, 'SIGKILL');
        await w.exited;
      },
      workerRunning: () => {
        const w = latest('worker');
        return !!w && isRunning(w.proc);
      },
      stopTemporal,
      startTemporal,
      logOf,
      stop,
    };
  } catch (err) {
    stopping = true;
    killEverything();
    await Promise.all(children.map((c) => c.exited));
    await database?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', killEverything);
    throw err;
  }
}
