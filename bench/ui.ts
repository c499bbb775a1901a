// `npm run bench:ui`: how long until the Opgaver and Forløb list pages are usable in Chromium — from
// the start of a full page load until the table with its rows is on screen — measured against the
// real stack (`npm start`, temporary DATA_DIR, own ports).
//
// Data: by default BENCH_UI_FORLOEB (300) §140 forløb are created through the API (discharged 0–10
// days ago, so the inbox holds reminders and escalations). With BENCH_UI_DATABASE_URL the stack runs
// on that database instead and nothing is created: point it at a database loaded by the read-model
// benchmark (bench/readmodel.ts) to measure at that size. That benchmark's loader is not exported for
// reuse yet, and it drops its database when it ends.
import { startStack, launchBrowser, copenhagenDay } from '../tests/browser/stack';

const RUNS = Number(process.env.BENCH_UI_RUNS ?? 7);
const COUNT = Number(process.env.BENCH_UI_FORLOEB ?? 300);
const TARGET_MS = 1000;
const ports = { api: 13300, temporal: 17500, ui: 18500, pg: 15699 };

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main(): Promise<void> {
  const external = process.env.BENCH_UI_DATABASE_URL;
  console.log(`[bench:ui] starting the stack${external ? ' on BENCH_UI_DATABASE_URL' : ''} …`);
  const stack = await startStack(ports, external ? { DATABASE_URL: external } : {});
  const browser = await launchBrowser();
  try {
    const token = async (rolle: string, kommune: string) =>
      ((await (await fetch(`${stack.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rolle, kommune }) })).json()) as { token: string }).token;
    if (!external) {
      const koordinator = await token('koordinator', 'Sønderborg');
      const started = Date.now();
      const categories = ['knae-underben', 'skulder-overarm', 'ryg', 'hofte-laarben-baekken'];
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < COUNT; i = next++) {
          const res = await fetch(`${stack.url}/api/forloeb`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${koordinator}` },
            body: JSON.stringify({
              regelsaetId: 'sonderborg-sul140',
              kilde: { kind: 'genoptraeningsplan', cpr: `0101${String(50 + (i % 40)).padStart(2, '0')}-${String(1000 + i).slice(-4)}`, udskrivningsdato: copenhagenDay(-(i % 11)), kategori: categories[i % 4], niveau: 'basal' },
            }),
          });
          if (res.status !== 201) throw new Error(`creating forløb ${i}: ${res.status} ${await res.text()}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      console.log(`[bench:ui] created ${COUNT} forløb in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the read model …`);
      for (let i = 0; i < 60; i++) {
        const list = (await (await fetch(`${stack.url}/api/forloeb?antal=1`, { headers: { authorization: `Bearer ${koordinator}` } })).json()) as { total?: number };
        if ((list.total ?? 0) >= COUNT) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    await page.getByLabel('Bruger').selectOption('koordinator-Sønderborg');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('button', { name: 'Log af' }).waitFor();

    const screens = [
      { name: 'Opgaver', hash: '#/', ready: '[data-testid="opgaver"] tbody tr, .alert-info' },
      { name: 'Forløb-listen', hash: '#/forloeb', ready: '[data-testid="forloebsliste"] tbody tr, .alert-info' },
    ];
    const lines: string[] = [];
    for (const screen of screens) {
      const times: number[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        await page.goto('about:blank');
        const t0 = Date.now();
        await page.goto(`${stack.url}/${screen.hash}`);
        await page.locator(screen.ready).first().waitFor({ timeout: 30_000 });
        if (run > 0) times.push(Date.now() - t0); // the first load warms caches
      }
      const rows = await page.locator(screen.ready).count();
      const p50 = percentile(times, 50);
      lines.push(`${screen.name.padEnd(14)} p50 ${String(p50).padStart(5)} ms   max ${String(Math.max(...times)).padStart(5)} ms   rows shown ${rows}   ${p50 < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`);
    }
    await context.close();
    console.log(`\n[bench:ui] full page load until the table is on screen, ${RUNS} runs each (Chromium headless, same machine):`);
    for (const l of lines) console.log(`  ${l}`);
  } finally {
    await browser.close();
    const leftovers = await stack.stop();
    if (leftovers.length > 0) console.error(`[bench:ui] processes left: ${leftovers.join(', ')}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
