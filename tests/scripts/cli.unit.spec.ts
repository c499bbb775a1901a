// Every command-line script answers --help (exit 0, its usage and nothing else) and refuses a bad
// option or value (exit 2, a message naming it, nothing else), before it does anything. The scripts
// are the ones package.json's scripts run, so a new one is checked without being listed here.
//
// "Nothing done" is checked from the outside: DATABASE_URL and TEMPORAL_ADDRESS point at a socket
// this test listens on, which must see no connection; DATA_DIR and the temporary folder are fresh
// and must stay empty (apart from tsx's compile cache); ui/dist is not rebuilt; and the script prints
// nothing but the usage or the refusal, where any work it started would print a line of its own.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalNumber, readCommandLine, wholeNumber, wholeNumberList } from '../../scripts/cli';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The services the image runs: configured by the environment alone, with no command line to read. */
const SERVICES = new Set(['api/server.ts', 'worker/main.ts']);

/** Each script file package.json runs with node, and the node arguments before it. */
const clis = new Map<string, string[]>();
for (const command of Object.values(pkg.scripts)) {
  for (const m of command.matchAll(/\bnode((?: --import \S+)*) (\S+\.(?:ts|mjs))\b/g)) {
    if (!SERVICES.has(m[2]!)) clis.set(m[2]!, m[1]!.trim().split(' ').filter(Boolean));
  }
}

/** A value each script refuses, for the scripts that take values. */
const BAD_VALUES: Record<string, { args: string[]; names: string }[]> = {
  'scripts/reconcile.ts': [
    { args: ['--sample', 'x'], names: '--sample' },
    { args: ['--sample', '0'], names: '--sample' },
    { args: ['--sample'], names: '--sample' },
  ],
  'chaos/run.ts': [
    { args: ['--forloeb', '1.5'], names: '--forloeb' },
    { args: ['--load', '--duration', 'soon'], names: '--duration' },
  ],
  'bench/workflow.ts': [
    { args: ['--mode', 'fast'], names: '--mode' },
    { args: ['--n', '-3'], names: '--n' },
    { args: ['--mode', 'scale', '--sizes', '1000,,5000'], names: '--sizes' },
    { args: ['--mode', 'spread', '--rate', '0'], names: '--rate' },
    { args: ['--mode', 'spread', '--cache', '100,500'], names: '--cache' },
    { args: ['--open', '100'], names: '--open' },
    { args: ['--compare'], names: '--compare' },
    { args: ['--encrypt'], names: '--encrypt' },
  ],
  'scripts/build-ui.mjs': [{ args: ['--if-stale=yes'], names: '--if-stale' }],
  'scripts/ggop-intake.ts': [
    { args: [], names: '--folder' },
    { args: ['--folder', '.', '--concurrency', '0'], names: '--concurrency' },
  ],
};

let sandbox: string;
let listener: Server;
let connections = 0;
let port = 0;

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'cli-spec-'));
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  rmSync(sandbox, { recursive: true, force: true });
});

type Run = { code: number | null; stdout: string; stderr: string; dataDir: string; tmp: string };

function run(file: string, args: string[]): Promise<Run> {
  const dir = mkdtempSync(join(sandbox, 'run-'));
  const dataDir = join(dir, 'data');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_'))),
    DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/nothing`,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    TMPDIR: tmp,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...clis.get(file)!, file, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, dataDir, tmp });
    });
  });
}

const uiIndex = join(root, 'ui', 'dist', 'index.html');
const uiBuilt = () => (existsSync(uiIndex) ? statSync(uiIndex).mtimeMs : 0);

/** Asserts that the run left no trace: no connection, no data folder, no temporary file but tsx's cache. */
function expectNothingDone(r: Run, before: { connections: number; ui: number }): void {
  expect(connections, 'a connection to the database or Temporal address').toBe(before.connections);
  expect(existsSync(r.dataDir), 'DATA_DIR was created').toBe(false);
  expect(readdirSync(r.tmp).filter((entry) => !entry.startsWith('tsx-'))).toEqual([]);
  expect(uiBuilt(), 'ui/dist was rebuilt').toBe(before.ui);
}

describe('the command-line scripts', () => {
  it('are found in package.json: every npm script that runs a file of ours with node', () => {
    expect([...clis.keys()].sort()).toEqual(
      expect.arrayContaining(['scripts/projections-rebuild.ts', 'scripts/reconcile.ts', 'db/migrate-cli.ts', 'chaos/run.ts', 'scripts/start.ts', 'scripts/build-ui.mjs']),
    );
    for (const file of clis.keys()) expect(existsSync(join(root, file)), file).toBe(true);
  });

  describe.each([...clis.keys()])('%s', (file) => {
    it('answers --help with its usage and exit 0, doing nothing', async () => {
      const before = { connections, ui: uiBuilt() };
      const r = await run(file, ['--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage: (npm start|npm run [\w:]+|node \S+)/);
      expect(r.stdout.split('\n').filter((line) => line.startsWith('['))).toEqual([]); // no progress line of any script
      expect(r.stderr).toBe('');
      expectNothingDone(r, before);
    });

    it('refuses an unknown option with exit 2 and a message naming it, doing nothing', async () => {
      const before = { connections, ui: uiBuilt() };
      const r = await run(file, ['--no-such-option']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${file}: Unknown option '--no-such-option'`);
      expectNothingDone(r, before);
    });

    it('refuses a stray argument with exit 2', async () => {
      const r = await run(file, ['everything']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Unexpected argument 'everything'");
    });

    it.each(BAD_VALUES[file] ?? [])('refuses $args with exit 2 and names $names, doing nothing', async ({ args, names }) => {
      const before = { connections, ui: uiBuilt() };
      const r = await run(file, args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(names);
      expectNothingDone(r, before);
    });
  });
});

describe('readCommandLine and the value checks (scripts/cli.ts)', () => {
  const spec = { usage: 'Usage: x', options: { sample: { type: 'string' }, load: { type: 'boolean', default: false } } } as const;

  it('returns the values, with defaults, and no help flag', () => {
    expect(readCommandLine(spec, ['--sample', '5'])).toEqual({ kind: 'run', values: { sample: '5', load: false } });
    expect(readCommandLine(spec, ['--load', '--sample=7'])).toEqual({ kind: 'run', values: { sample: '7', load: true } });
  });

  it('answers --help and -h with the usage, even next to other options', () => {
    expect(readCommandLine(spec, ['--sample', '5', '--help'])).toEqual({ kind: 'help', text: 'Usage: x' });
    expect(readCommandLine(spec, ['-h'])).toEqual({ kind: 'help', text: 'Usage: x' });
  });

  it('refuses unknown options, stray arguments, missing values and values given to a switch', () => {
    for (const args of [['--smaple', '5'], ['5'], ['--sample'], ['--load=no']]) {
      const line = readCommandLine(spec, args);
      expect(line.kind, args.join(' ')).toBe('error');
    }
  });

  it('a script cannot take --help for something else', () => {
    expect(() => readCommandLine({ usage: '', options: { help: { type: 'string' } } }, [])).toThrow(/--help/);
  });

  it('wholeNumber takes digits at or above the minimum, and nothing else', () => {
    expect(wholeNumber('n', '12', 1)).toEqual({ value: 12 });
    expect(wholeNumber('n', undefined, 1)).toEqual({ value: undefined });
    for (const text of ['0', '', 'x', '1.5', '-3', '1e3', ' 2', '99999999999999999999']) {
      expect(wholeNumber('n', text, 1), text).toEqual({ error: expect.stringContaining('--n takes a whole number ≥ 1') });
    }
  });

  it('wholeNumberList takes whole numbers at or above the minimum separated by commas, and nothing else', () => {
    expect(wholeNumberList('sizes', '1000,10000,50000', 1)).toEqual({ value: [1000, 10000, 50000] });
    expect(wholeNumberList('sizes', '7', 1)).toEqual({ value: [7] });
    expect(wholeNumberList('sizes', undefined, 1)).toEqual({ value: undefined });
    for (const text of ['', '1000,', ',5', '1000,,5', '1000, 5', '1000;5', '0,5', '1e3']) {
      expect(wholeNumberList('sizes', text, 1), text).toEqual({ error: expect.stringContaining('--sizes takes whole numbers ≥ 1 separated by commas') });
    }
  });

  it('decimalNumber takes plain decimals at or above the minimum, and nothing else', () => {
    expect(decimalNumber('interval', '2.5')).toEqual({ value: 2.5 });
    expect(decimalNumber('interval', '0')).toEqual({ value: 0 });
    for (const text of ['', 'soon', '-1', 'Infinity', '0x10', '.5']) {
      expect(decimalNumber('interval', text), text).toEqual({ error: expect.stringContaining('--interval takes a number ≥ 0') });
    }
  });
});
