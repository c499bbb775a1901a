// `npm run bench:ui`: how long until the Opgaver and Forløb list pages are usable in Chromium, with
// the read-model benchmark's 100,000 forløb (about 2,000,000 events) loaded. Usable: from the start
// of a full page load until the table's rows are on screen. Target: under one second.
//
// Data: a fresh database `bench_ui` on DATABASE_URL's server (default the local PostgreSQL,
// postgres://postgres@127.0.0.1:5432/test; dropped at the end), loaded by bench/readmodel-data.ts
// with the development users' kommuner, units and therapists, its dates moved by whole weeks so the
// data's "today" is today (so deadlines are overdue, due this week and later), and the read tables
// built by the rebuild. Then the real stack (`npm start`, temporary DATA_DIR, own ports) runs on that
// database, and Chromium (headless, Debian's) signs in as development users and loads each page
// BENCH_UI_RUNS (30) times after one warm-up. BENCH_UI_FORLOEB changes the size.
import pg from 'pg';
import { rebuildReadModel } from '../activities/projection';
import { migrate } from '../db/migrate';
import { parseCli } from '../scripts/cli';
import { launchBrowser, startStack } from '../tests/browser/stack';
import { freshDatabase } from './fresh-database';
import { loadForloebEvents, weeksOffsetTo, type BenchKommune } from './readmodel-data';

parseCli({
  usage: `Usage: npm run bench:ui

Loads 100,000 forløb into a database bench_ui (DATABASE_URL's server, or an embedded PostgreSQL),
starts the stack on it and measures in Chromium how long the list pages take to show their rows.
BENCH_UI_FORLOEB and BENCH_UI_RUNS change the size. Takes no options.`,
  options: {},
});
const FORLOEB = Number(process.env.BENCH_UI_FORLOEB ?? 100_000);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 30);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = 'bench_ui';
const TARGET_MS = 1000;
const ports = { api: 13300, temporal: 17500, ui: 18500, pg: 15699 };

/**
 * The kommuner of the development users (ui/src/session.ts) and one more, about 20,000 forløb each.
 * The first unit of each is the development terapeut's own ("Træningsenheden <kommune>").
 */
const KOMMUNER: BenchKommune[] = [
  ['Sønderborg', 'sonderborg-sul140'],
  ['Varde', 'varde-sel86-1'],
  ['Brøndby', 'brondby-sel86-1'],
  ['Nyborg', 'nyborg-sel86-1'],
  ['Aarhus', 'aarhus-sul140'],
].map(([kommune, regelsaetId]) => ({
  kommune: kommune!,
  regelsaetId: regelsaetId!,
  enheder: ['', ' Nord', ' Syd', ' Vest'].map((suffix) => `Træningsenheden ${kommune}${suffix}`),
  terapeuter: [`Tobias Terapeut (${kommune})`, ...Array.from({ length: 39 }, (_, n) => `Terapeut ${n + 2} (${kommune})`)],
}));

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function load(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await migrate(url);
    const loaded = await loadForloebEvents(pool, { forloeb: FORLOEB, kommuner: KOMMUNER, offsetDays: weeksOffsetTo(today()) });
    console.log(`[bench:ui] loaded ${loaded.events} events of ${loaded.forloeb} forløb in ${loaded.seconds.toFixed(1)} s`);
    const rebuilt = await rebuildReadModel(pool);
    console.log(`[bench:ui] read model rebuilt in ${rebuilt.seconds.toFixed(1)} s (${Math.round(rebuilt.eventsPerSecond)} events/s)`);
    await pool.query('VACUUM ANALYZE');
    const { rows } = await pool.query<{ forloeb: string; aabne: string; overskredne: string; opgaver: string }>(
      `SELECT (SELECT count(*) FROM forloeb WHERE kommune = 'Sønderborg')::text AS forloeb,
              (SELECT count(*) FROM forloeb WHERE kommune = 'Sønderborg' AND status = 'open')::text AS aabne,
              (SELECT count(*) FROM forloeb WHERE kommune = 'Sønderborg' AND next_deadline_due < current_date)::text AS overskredne,
              (SELECT count(*) FROM paamindelser WHERE kommune = 'Sønderborg' AND rolle = 'koordinator' AND resolved_at IS NULL AND acknowledged_rank < rank)::text AS opgaver`,
    ).catch(() => ({ rows: [] as { forloeb: string; aabne: string; overskredne: string; opgaver: string }[] }));
    const r = rows[0];
    if (r) console.log(`[bench:ui] Sønderborg: ${r.forloeb} forløb (${r.aabne} open, ${r.overskredne} with an overdue deadline); the koordinator's open inbox rows: ${r.opgaver}`);
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`[bench:ui] a fresh database ${DATABASE} with ${FORLOEB} forløb …`);
  const db = await freshDatabase(SERVER_URL, DATABASE).catch(async (err: unknown) => {
    console.log(`[bench:ui] no PostgreSQL at DATABASE_URL (${(err as Error).message}); using an embedded server`);
    return freshDatabase(undefined, DATABASE);
  });
  try {
    await load(db.url);
    console.log('[bench:ui] starting the stack on it …');
    const stack = await startStack(ports, { DATABASE_URL: db.url });
    const browser = await launchBrowser();
    const lines: string[] = [];
    try {
      const screens = [
        // Opgaver is usable when both its tables are there: the notices and the forløb waiting for the role.
        { name: 'Opgaver (koordinator)', user: 'koordinator-Sønderborg', hash: '#/', rows: ['[data-testid="opgaver"] tbody tr', '[data-testid="venter"] tbody tr'] },
        { name: 'Forløb (koordinator)', user: 'koordinator-Sønderborg', hash: '#/forloeb', rows: ['[data-testid="forloebsliste"] tbody tr'] },
        {
          name: 'Min caseload (terapeut)',
          user: 'terapeut-Sønderborg',
          hash: `#/forloeb?enhed=${encodeURIComponent('Træningsenheden Sønderborg')}`,
          rows: ['[data-testid="forloebsliste"] tbody tr'],
        },
      ];
      for (const screen of screens) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
        const page = await context.newPage();
        await page.goto(`${stack.url}/`);
        await page.getByLabel('Bruger').selectOption(screen.user);
        await page.getByRole('button', { name: 'Log ind' }).click();
        await page.getByRole('button', { name: 'Log af' }).waitFor();
        const times: number[] = [];
        for (let run = 0; run < RUNS + 1; run++) {
          await page.goto('about:blank');
          const t0 = performance.now();
          await page.goto(`${stack.url}/${screen.hash}`, { waitUntil: 'commit' });
          // No rows (an empty page) is a failed run: the data must belong to the signed-in user.
          for (const rows of screen.rows) await page.locator(rows).first().waitFor({ timeout: 30_000 });
          if (run > 0) times.push(performance.now() - t0); // the first load warms caches
        }
        const rows = (await Promise.all(screen.rows.map((r) => page.locator(r).count()))).join(' + ');
        await context.close();
        const p50 = percentile(times, 50);
        const p99 = percentile(times, 99);
        lines.push(
          `${screen.name.padEnd(24)} p50 ${p50.toFixed(0).padStart(5)} ms   p99 ${p99.toFixed(0).padStart(5)} ms   max ${Math.max(...times).toFixed(0).padStart(5)} ms   rows ${rows.padStart(8)}   ${p50 < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`,
        );
      }
    } finally {
      await browser.close();
      const leftovers = await stack.stop();
      if (leftovers.length > 0) console.error(`[bench:ui] processes left: ${leftovers.join(', ')}`);
    }
    console.log(`\n[bench:ui] ${FORLOEB} forløb loaded; full page load until the table's rows are on screen, ${RUNS} runs each (Chromium headless, same machine):`);
    for (const l of lines) console.log(`  ${l}`);
    console.log(`[bench:ui] total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
