// `npm run bench:workflow`: measures the forløb workflow on the production path. It starts its own
// Temporal dev server (SQLite with WAL in a temporary folder, free ports) and runs the production
// worker (worker/worker.ts, the prebuilt bundle, the default cache and slots) in this process, with
// every payload encrypted by the AES codec of config/data-converter.ts under a throwaway key.
// publishEvents answers in memory unless --postgres gives it the real projection on a fresh database.
//
//   --mode lifecycle (default): N complete §140 lifecycles (26 Updates each), C in flight, then the
//     same load on a minimal workflow (bench/minimal.workflow.ts) as the baseline; prints both rates,
//     their ratio, Update latency, worker RSS and history lengths. With --postgres, how long the read
//     model takes to catch up after the last command; with --compare also the run without PostgreSQL.
//   --mode idle: N forløb left idle (visited, start booked in the future) and the worker's RSS; with
//     two cache sizes, one run of each in its own process and the memory of one cached workflow.
//   --mode spread: N open forløb, more than the cache holds, and commands at a fixed rate on random
//     ones (evictions and replays included), against the same load on forløb that all stay cached.
//   --mode scale: a spread run per size, each in its own process; prints and writes the scale table.
//
// The workflows run in the SDK's workflow thread, whose heap no script can collect, so the RSS read
// after a forced GC of the main thread still includes that thread's garbage.
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../scripts/cli';
import { cachedWorkflowsFor, workerSettings } from '../worker/options';
import { runIdle } from './workflow/idle';
import { runLifecycle } from './workflow/lifecycle';
import { runIdlePair, runScale } from './workflow/runs';
import { runSpread } from './workflow/spread';
import { forceGc, mb, rss, withStack } from './workflow/stack';

const startedAt = Date.now();
const MODES = ['lifecycle', 'idle', 'spread', 'scale'] as const;
type Mode = (typeof MODES)[number];

const cli = parseCli({
  usage: `Usage: npm run bench:workflow -- [--mode lifecycle|idle|spread|scale] [options]

Measures the forløb workflow on the production path: its own Temporal dev server, the production
worker in this process, payloads encrypted with the AES codec (a throwaway key), and publishEvents
in memory unless --postgres. See docs/benchmarks.md.

  --mode lifecycle     complete lifecycles, then the same load on a minimal workflow (default)
  --mode idle          idle forløb and the worker's RSS; two --cache sizes: MB per cached workflow
  --mode spread        commands on random forløb of --open N (more than the cache), beside the same
                       load on forløb that all stay cached
  --mode scale         a spread run per size of --sizes, each in its own process: the scale table

  --n N                lifecycle, idle: workflows (default 1,000; idle 10,000)
  --open N             spread: open forløb (default 10,000)
  --sizes N,N,…        scale: open forløb per row (default 1000,10000,50000)
  --commands M         spread, scale: commands per measured phase (default 2,000)
  --rate R             spread, scale: commands per second, sent on a fixed schedule (default 10)
  --concurrency C      workflows or commands in flight at most (default 50)
  --cache K[,K2]       the worker's maxCachedWorkflows (default from WORKER_MEMORY_MB: ${cachedWorkflowsFor(1024)}
                       at its default); idle takes two sizes, each run in its own process
  --no-encrypt         payloads unencrypted, as PAYLOAD_ENCRYPTION=off
  --postgres           the real projection activity on PostgreSQL (a new database on DATABASE_URL's
                       server, else an embedded one), and how long the read model takes to catch up
  --compare            lifecycle with --postgres: also the run without PostgreSQL, printed beside it
  --skip-baseline      lifecycle: no minimal-workflow baseline
  --baseline-first     lifecycle: the baseline before the forløb workflow
  --skip-cached        spread: no comparison with cached forløb (as each size of scale runs)
  --budget-minutes B   spread, scale: the time one run may take; it stops opening forløb when the
                       rest and its commands would not fit, and says so (default 45)
  --out FILE           scale: where the markdown table is written (default in the temporary folder)
  --json FILE          also write the run's figures as JSON (the idle and scale modes read them)`,
  options: {
    mode: { type: 'string' },
    n: { type: 'string' },
    open: { type: 'string' },
    sizes: { type: 'string' },
    commands: { type: 'string' },
    rate: { type: 'string' },
    concurrency: { type: 'string' },
    cache: { type: 'string' },
    'no-encrypt': { type: 'boolean' },
    postgres: { type: 'boolean' },
    compare: { type: 'boolean' },
    'skip-baseline': { type: 'boolean' },
    'baseline-first': { type: 'boolean' },
    'skip-cached': { type: 'boolean' },
    'budget-minutes': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
  },
});
const opts = cli.values;
const mode: Mode = cli.oneOf('mode', MODES) ?? 'lifecycle';

/** The options that mean something in some modes only; given in another, they are refused rather than ignored. */
const MODES_OF: Partial<Record<keyof typeof opts, readonly Mode[]>> = {
  n: ['lifecycle', 'idle'],
  open: ['spread'],
  sizes: ['scale'],
  commands: ['spread', 'scale'],
  rate: ['spread', 'scale'],
  compare: ['lifecycle'],
  'skip-baseline': ['lifecycle'],
  'baseline-first': ['lifecycle'],
  'skip-cached': ['spread'],
  'budget-minutes': ['spread', 'scale'],
  out: ['scale'],
};
for (const [name, modes] of Object.entries(MODES_OF)) {
  if (opts[name as keyof typeof opts] !== undefined && !modes.includes(mode)) cli.fail(`--${name} is for --mode ${modes.join(' and ')}, not ${mode}`);
}
const N = cli.wholeNumber('n', 1) ?? (mode === 'idle' ? 10_000 : 1_000);
const OPEN = cli.wholeNumber('open', 1) ?? 10_000;
const SIZES = cli.wholeNumberList('sizes', 1) ?? [1_000, 10_000, 50_000];
const COMMANDS = cli.wholeNumber('commands', 1) ?? 2_000;
const RATE = cli.decimalNumber('rate') ?? 10;
if (RATE <= 0) cli.fail(`--rate takes a number > 0, not '${opts.rate}'`);
const C = cli.wholeNumber('concurrency', 1) ?? 50;
const BUDGET_MINUTES = cli.decimalNumber('budget-minutes') ?? 45;
if (BUDGET_MINUTES <= 0) cli.fail(`--budget-minutes takes a number > 0, not '${opts['budget-minutes']}'`);
const caches = cli.wholeNumberList('cache', 1);
if (caches && caches.length > (mode === 'idle' ? 2 : 1)) cli.fail(`--cache takes ${mode === 'idle' ? 'one or two sizes' : 'one size'} in ${mode} mode, not '${opts.cache}'`);
if (caches?.length === 2 && caches[0] === caches[1]) cli.fail(`--cache needs two different sizes, not '${opts.cache}'`);
if (mode === 'idle' && caches?.length === 2 && N < Math.max(...caches)) cli.fail(`--n must be at least the larger --cache, so that both caches are full; not ${N}`);
if (opts.compare && !opts.postgres) cli.fail('--compare compares with --postgres: give both');
if (opts['skip-baseline'] && opts['baseline-first']) cli.fail('--skip-baseline and --baseline-first exclude each other');

const encrypt = !opts['no-encrypt'];
const postgres = opts.postgres === true;
const settings = workerSettings();
const CACHE = caches?.[0] ?? settings.maxCachedWorkflows;
const slots = settings.maxConcurrentWorkflowTasks;
const script = fileURLToPath(import.meta.url);

/** The options a run in its own process gets from this one (the idle pair and scale modes). */
const childArgs = [
  '--concurrency', String(C),
  ...(opts.n ? ['--n', String(N)] : []),
  ...(mode === 'scale' ? ['--commands', String(COMMANDS), '--rate', String(RATE), '--budget-minutes', String(BUDGET_MINUTES)] : []),
  ...(mode === 'scale' && caches ? ['--cache', String(CACHE)] : []),
  ...(encrypt ? [] : ['--no-encrypt']),
  ...(postgres ? ['--postgres'] : []),
];

const describeSettings = () =>
  `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${mb(totalmem()).toLocaleString('en-US')} MB RAM, Node ${process.version}; ` +
  `maxCachedWorkflows ${caches?.join(' and ') ?? `${CACHE} (the default)`}, ${slots} workflow task slots, payload encryption ${encrypt ? 'on (AES-GCM codec)' : 'off'}, ` +
  `publishEvents ${postgres ? (opts.compare ? 'in memory, then on PostgreSQL' : 'on PostgreSQL') : 'in memory'}`;

console.log(`bench:workflow — ${mode} mode`);
console.log(`  ${describeSettings()}`);
if (mode === 'spread' && OPEN <= CACHE) console.log(`  note: --open ${OPEN} is no larger than the cache (${CACHE}): nothing will be evicted`);

if (mode === 'scale') {
  const date = new Date().toISOString().slice(0, 10);
  await runScale(
    script,
    {
      sizes: SIZES,
      out: opts.out ?? join(tmpdir(), `bench-workflow-scale-${date}.md`),
      command: `npm run bench:workflow -- ${process.argv.slice(2).join(' ')}`,
      settings: `${describeSettings()}; ${COMMANDS.toLocaleString('en-US')} commands at ${RATE}/s on random forløb per size, at most ${C} in flight; a budget of ${BUDGET_MINUTES} min per size`,
    },
    childArgs,
  );
} else if (mode === 'idle' && caches?.length === 2) {
  await runIdlePair(script, [caches[0]!, caches[1]!], childArgs);
} else {
  console.log(`  Temporal dev server (SQLite, WAL) started by this script; the worker in this process; forced GC ${forceGc ? 'available' : 'not available'}`);
  const figures = await withStack({ encrypt, postgres, cache: CACHE, workflowTaskSlots: slots }, async (stack) => {
    console.log(`  PostgreSQL: ${stack.readModel ? stack.readModel.where : 'none (publishEvents in memory)'}`);
    console.log(`  worker RSS at rest (bundle loaded): ${mb(rss())} MB\n`);
    if (mode === 'lifecycle') {
      await runLifecycle(stack, {
        n: N,
        concurrency: C,
        cache: CACHE,
        workflowTaskSlots: slots,
        postgres,
        compare: opts.compare === true,
        baseline: opts['skip-baseline'] ? 'skip' : opts['baseline-first'] ? 'first' : 'last',
      });
      return undefined;
    }
    if (mode === 'idle') return runIdle(stack, { n: N, concurrency: C, cache: CACHE });
    return runSpread(stack, { open: OPEN, commands: COMMANDS, rate: RATE, concurrency: C, cache: CACHE, cached: !opts['skip-cached'], budgetSeconds: BUDGET_MINUTES * 60, startedAt });
  });
  if (opts.json) writeFileSync(opts.json, JSON.stringify(figures ?? {}, null, 2));
}
