// The modes made of several runs, each in a process of its own (child-run.ts): idle at two cache
// sizes, whose difference is the memory of one cached workflow, and the scale table, one spread run
// per size.
import { writeFileSync } from 'node:fs';
import { childRun } from './child-run';
import { mbPerCachedWorkflow, scaleTable, type ScaleRow } from './figures';
import type { IdleFigures } from './idle';
import type { SpreadFigures } from './spread';

/** `--mode idle --cache A,B`: one idle run per cache size, then the MB one cached workflow adds. */
export async function runIdlePair(script: string, caches: readonly [number, number], args: readonly string[]): Promise<void> {
  const figures: IdleFigures[] = [];
  for (const cache of caches) {
    console.log(`\n=== idle, cache ${cache}, in a process of its own ===`);
    const outcome = await childRun<IdleFigures>(script, [...args, '--mode', 'idle', '--cache', String(cache)]);
    if (!outcome.ok) throw new Error(`the idle run with cache ${cache}: ${outcome.reason}`);
    figures.push(outcome.figures);
  }
  const [a, b] = figures as [IdleFigures, IdleFigures];
  console.log(`\n  ${a.n} idle forløb: worker RSS ${a.rssMb} MB with cache ${a.cache}, ${b.rssMb} MB with cache ${b.cache}`);
  console.log(`  per cached workflow: ${mbPerCachedWorkflow({ cache: a.cache, rssMb: a.rssMb }, { cache: b.cache, rssMb: b.rssMb }).toFixed(2)} MB (target ≤ 1 MB)`);
}

export type ScaleOptions = { sizes: readonly number[]; out: string; command: string; settings: string };

const LONG_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * `--mode scale`: a spread run (without the cached comparison) per size, each in a fresh process with
 * a fresh dev server. A size stopped by its budget, or failed, ends the table: a larger one would
 * stop sooner. Prints the markdown table and writes it to `out`.
 */
export async function runScale(script: string, o: ScaleOptions, args: readonly string[]): Promise<void> {
  const rows: ScaleRow[] = [];
  const notRun = (size: number, limitedBy: string): ScaleRow => ({ requested: size, opened: 0, rssMb: NaN, peakRssMb: NaN, openSeconds: NaN, commands: { count: 0, p50: NaN, p99: NaN, errors: 0 }, limitedBy });
  for (const [i, size] of o.sizes.entries()) {
    console.log(`\n=== scale: ${size} open forløb, in a process of its own ===`);
    const outcome = await childRun<SpreadFigures>(script, [...args, '--mode', 'spread', '--open', String(size), '--skip-cached']);
    const f = outcome.ok ? outcome.figures : undefined;
    if (!f) rows.push(notRun(size, outcome.ok ? '' : outcome.reason));
    else {
      rows.push({
        requested: f.requested,
        opened: f.opened,
        rssMb: f.rssMb,
        peakRssMb: f.peakRssMb,
        openSeconds: f.openSeconds,
        commands: { count: f.spread.sent, p50: f.spread.p50, p99: f.spread.p99, errors: f.spread.errors },
        replay: f.replay,
        limitedBy: f.limitedBy,
      });
    }
    if (!f || f.opened < f.requested) {
      const why = f ? `${size} stopped at ${f.opened}` : `${size} did not finish`;
      for (const rest of o.sizes.slice(i + 1)) rows.push(notRun(rest, `not run: ${why}`));
      break;
    }
  }
  const table = scaleTable(rows, { command: o.command, date: LONG_MONTH.format(new Date()), settings: o.settings });
  writeFileSync(o.out, table);
  console.log(`\n${table}\n  written to ${o.out}`);
}
