// The CI-sized chaos run (`npm run chaos` with its defaults: 100 forløb, 20 worker kills, one
// Temporal server restart, one database outage, duplicated and reordered deliveries, notices falling
// due during the run) as part of `npm test`. It runs as a child process, as `npm run chaos` does, and
// fails on any breached invariant; the run's summary is printed either way.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'chaos/run.ts', ...args], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run chaos (CI size)', () => {
  // No retry: a run that breaks an invariant fails the suite. The stopped forløb that a known SDK
  // grouping issue used to cause once in about three runs are now avoided by the workflow (only its
  // main loop issues commands) and, should one still stop, found and repaired by the watchdog.
  it('keeps every invariant under worker kills, a server restart, a database outage and chaotic deliveries', { timeout: 600_000 }, async () => {
    const started = Date.now();
    const { code, output } = await runChaos([]);
    const summary = output.slice(output.indexOf('=== chaos summary ==='));
    console.log(`${output.split('\n').filter((l) => /HOLDS|BREACH/.test(l)).join('\n')}\n${summary}\n(chaos spec: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    expect(output, output.slice(-6000)).toMatch(/invariants: \d+ hold, 0 breached/);
    for (const invariant of ['0. caught up', '0. every workflow answers', '0. the clients finished', '1. every command', '1b. no forløb', '2. read model', '2b.', '3. every due', '4. no workflow', '4b. every history', '5. no 5xx']) {
      expect(output).toMatch(new RegExp(`HOLDS +${invariant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    // The faults the issue asks for all happened.
    expect(output).toMatch(/worker kills: 2\d/);
    expect(output).toMatch(/Temporal dev server SIGTERM/);
    expect(output).toMatch(/PostgreSQL unreachable through the proxy/);
    expect(output).toMatch(/notices whose moment came during the run: [1-9]/);
    expect(code).toBe(0);
  });
});
