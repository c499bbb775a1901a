// What a cold workflow task costs: a worker that has just started (or evicted a forløb) must build
// the forløb's workflow and replay its whole history before it can answer the new task. This replays
// the recorded histories (tests/replay/histories) with the production bundle, each many times in
// turn, and prints how long one replay took, per history. worker/worker.ts sizes
// maxConcurrentWorkflowTaskExecutions from it (see docs/operations.md, "Temporal settings").
//
//   npm run bench:cold-task               # 20 rounds
//   npm run bench:cold-task -- --rounds 50
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { parseCli } from '../scripts/cli';
import { writeWorkflowBundle } from '../worker/bundle';

const cli = parseCli({
  usage: `Usage: npm run bench:cold-task [-- --rounds N]

Replays the recorded histories (tests/replay/histories) with the production bundle, each --rounds
times (default 20), and prints how long one cold replay took per history.`,
  options: { rounds: { type: 'string' } },
});
const rounds = cli.wholeNumber('rounds', 1) ?? 20;

Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });

const dir = fileURLToPath(new URL('../tests/replay/histories/', import.meta.url));
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const history = proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
    return { name: f.replace(/\.json$/, ''), history, events: history.events?.length ?? 0 };
  });

const tmp = mkdtempSync(join(tmpdir(), 'forloeb-cold-task-'));
try {
  const codePath = join(tmp, 'bundle.js');
  await writeWorkflowBundle(codePath);

  // Every replay gets its own workflow id, so each one is a workflow the worker has never seen.
  async function* all() {
    for (let round = 0; round < rounds; round++) for (const h of histories) yield { workflowId: `${h.name}-${round}`, history: h.history };
  }
  const took = new Map<string, number[]>(histories.map((h) => [h.name, []]));
  let last = performance.now();
  let first = true;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath }, replayName: 'cold-task' }, all())) {
    const now = performance.now();
    if (result.error) throw result.error;
    // The first replay also pays for loading the bundle into the worker thread: not a task's cost.
    if (!first) took.get(result.workflowId.replace(/-\d+$/, ''))!.push(now - last);
    first = false;
    last = now;
  }

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
  console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${rounds} rounds`);
  console.log('history                    events  p50 ms  p95 ms  max ms  ms/event (p50)');
  for (const h of histories) {
    const xs = took.get(h.name)!;
    console.log(
      `${h.name.padEnd(26)} ${String(h.events).padStart(6)} ${pct(xs, 50).toFixed(0).padStart(7)} ${pct(xs, 95).toFixed(0).padStart(7)} ${Math.max(...xs).toFixed(0).padStart(7)} ${(pct(xs, 50) / h.events).toFixed(2).padStart(15)}`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
