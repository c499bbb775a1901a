// One measurement of `npm run bench:workflow` in a process of its own, for the modes that compare
// worker memory (idle at two cache sizes, scale at several sizes): a worker's RSS never shrinks back,
// so each figure needs a fresh process. The child is this script again with `--json FILE`; its
// output goes to the terminal as it runs, and its figures come back from the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ChildOutcome<T> = { ok: true; figures: T } | { ok: false; reason: string; interrupted: boolean };

/** Runs `script` with `args` and `--json` in a new Node process (the same Node flags as this one). */
export async function childRun<T>(script: string, args: readonly string[]): Promise<ChildOutcome<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-workflow-child-'));
  const file = join(dir, 'figures.json');
  try {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args, '--json', file], { stdio: 'inherit' });
    // A Ctrl-C reaches the child from the terminal too; a signal sent to this process alone is passed on.
    let interrupted = false;
    const forward = (signal: NodeJS.Signals) => {
      interrupted = true;
      child.kill(signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    process.off('SIGINT', forward).off('SIGTERM', forward);
    if (exit.code !== 0) return { ok: false, interrupted, reason: exit.signal ? `the run ended by ${exit.signal}` : `the run failed (exit code ${exit.code})` };
    return { ok: true, figures: JSON.parse(readFileSync(file, 'utf8')) as T };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
