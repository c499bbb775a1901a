// The API and the worker check the municipality's regelsæt files before anything else: a bad file
// stops the start with its file, field path and reason, before a database is needed (DATABASE_URL
// points at a port where nothing listens). The worker loads them too: its read model computes each
// forløb's next notice moment from its regelsæt's rules, and the watchdog reads that moment.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/regelsaet/${name}`, import.meta.url));

type Run = { code: number | null; stdout: string; stderr: string };

/** Starts `node --import tsx <entry>` and waits for it to end (it must, within the timeout). */
function start(entry: string, env: Record<string, string>, unset: readonly string[] = [], timeoutMs = 30_000): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.includes(name)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: projectRoot,
      env: { ...inherited, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`${entry} did not stop within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const startApi = (env: Record<string, string>) => start('api/server.ts', env);

const folders: string[] = [];
function folderWith(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'regelsaet-start-'));
  folders.push(dir);
  for (const file of files) copyFileSync(fixture(file), join(dir, file.split('/').pop()!));
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const noDatabase = 'postgres://127.0.0.1:1/none';

describe('starting the API with REGELSAET_DIR', () => {
  it('stops at once on a bad regelsæt file, printing the file, the field path and the reason', async () => {
    const dir = folderWith('invalid-unit/aarhus.yaml');
    const run = await startApi({ REGELSAET_DIR: dir, DATABASE_URL: noDatabase });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.stderr).toContain(
      `${join(dir, 'aarhus.yaml')}: deadlines.0.period.unit: Invalid option: expected one of "kalenderdage"|"hverdage"|"maaneder"`,
    );
    // It never got as far as the database.
    expect(run.stdout + run.stderr).not.toMatch(/ECONNREFUSED|migrat/i);
  });

  it("stops on a file that reuses a built-in regelsæt's id", async () => {
    const dir = folderWith('duplicate-builtin/sonderborg.yaml');
    const run = await startApi({ REGELSAET_DIR: dir, DATABASE_URL: noDatabase });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${join(dir, 'sonderborg.yaml')}: id: 'sonderborg-sul140' is already used by a built-in regelsæt`);
  });

  it('gets past a good folder: the files are loaded, and the start goes on (to fail later, without a database)', async () => {
    const dir = folderWith('valid/aarhus-sul140.yaml', 'valid/odense-sel86-1.json');
    const run = await startApi({ REGELSAET_DIR: dir, DATABASE_URL: noDatabase });
    expect(run.stderr).not.toContain('Invalid regelsæt configuration');
    const loaded = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; id?: string })
      .filter((entry) => entry.msg === 'regelsæt loaded')
      .map((entry) => entry.id);
    expect(loaded.sort()).toEqual(['aarhus-sul140', 'odense-sel86-1']);
    expect(run.code).not.toBe(0);
  });
});

describe('starting the worker with REGELSAET_DIR', () => {
  // Without payload keys the worker stops after the regelsæt, before it connects to anything.
  const worker = (env: Record<string, string>) => start('worker/main.ts', { DATABASE_URL: noDatabase, PAYLOAD_ENCRYPTION: 'on', ...env }, ['PAYLOAD_KEYS']);
  const loadedIds = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; id?: string })
      .filter((entry) => entry.msg === 'regelsæt loaded')
      .map((entry) => entry.id)
      .sort();

  it('stops at once on a bad regelsæt file, as the API does', async () => {
    const dir = folderWith('invalid-unit/aarhus.yaml');
    const run = await worker({ REGELSAET_DIR: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${join(dir, 'aarhus.yaml')}: deadlines.0.period.unit:`);
  });

  it('loads the same files as the API', async () => {
    const dir = folderWith('valid/aarhus-sul140.yaml', 'valid/odense-sel86-1.json');
    const run = await worker({ REGELSAET_DIR: dir });
    expect(run.stderr).not.toContain('Invalid regelsæt configuration');
    expect(loadedIds(run.stdout)).toEqual(['aarhus-sul140', 'odense-sel86-1']);
  });
});
