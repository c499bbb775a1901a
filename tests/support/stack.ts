// The real stack through `npm start` for end-to-end tests: its own data folder and ports, the
// embedded PostgreSQL as on a fresh machine, development sign-in, and a clean stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { PROJECT_ROOT } from '../../config/env';
import type { Role } from '../../domain/regelsaet';
import { descendantsOf, isAlive } from './processes';

export type StackPorts = { api: number; temporal: number; ui: number; pg: number };
export type Stack = { proc: ChildProcess; output: () => string; api: string };

/** A first start builds the web UI and initialises PostgreSQL; on 2 busy cores that takes a while. */
const READY_TIMEOUT_MS = 150_000;

/**
 * `npm start` on `dataDir` with its own ports; resolves once it prints that it is ready. The stack
 * uses its own embedded PostgreSQL, Temporal dev server and development sign-in, as on a fresh
 * machine, unless `extraEnv` names DATABASE_URL, TEMPORAL_ADDRESS, AUTH_* or OIDC_* itself.
 */
export function startStack(dataDir: string, ports: StackPorts, extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_PG_PORT: String(ports.pg),
    LOG_LEVEL: 'warn',
    // Stacks of several test files may run side by side: none claims the default metrics port.
    WORKER_METRICS_ADDRESS: 'off',
    ...extraEnv,
  };
  for (const name of Object.keys(env)) {
    const ownSetting = name === 'DATABASE_URL' || name === 'TEMPORAL_ADDRESS' || name.startsWith('AUTH_') || name.startsWith('OIDC_');
    if (ownSetting && !(name in extraEnv)) delete env[name];
  }
  const proc = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in time:\n${out}`)), READY_TIMEOUT_MS);
    const check = setInterval(() => {
      if (out.includes('[start] ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ proc, output: () => out, api: `http://127.0.0.1:${ports.api}` });
      }
    }, 100);
    proc.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

/** SIGTERM to `npm start`; answers its exit code and every process of the stack still alive after. */
export async function stopStack(stack: Stack): Promise<{ code: number | null; tree: number[]; leftovers: number[] }> {
  const { proc } = stack;
  const tree = descendantsOf(proc.pid!);
  const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve(proc.exitCode) : new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill('SIGTERM');
  const code = await exited;
  for (let i = 0; i < 50 && tree.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
  return { code, tree, leftovers: tree.filter(isAlive) };
}

export type User = { rolle: Role; kommune: string; enhed?: string };

/** A small HTTP client for one signed-in development user. */
export async function signIn(api: string, user: User) {
  const res = await fetch(`${api}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (res.status !== 200) throw new Error(`dev token: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/**
 * The stack for one test file: started before its tests in a new data folder, stopped after them
 * (failing the file if a process is left behind), and the folder removed.
 */
export function useStack(name: string, ports: StackPorts): () => Stack {
  const dataDir = mkdtempSync(join(tmpdir(), `forloeb-${name}-`));
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(dataDir, ports);
  }, 180_000);
  afterAll(async () => {
    if (stack) {
      const { leftovers } = await stopStack(stack);
      expect(leftovers).toEqual([]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!stack) throw new Error('the stack has not started');
    return stack;
  };
}
