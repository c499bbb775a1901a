// `npm run bench:readmodel`: loads 100,000 forløb (about 2,000,000 events) into a fresh database and
// measures the projection (events/s) and the list, inbox and report queries (p50/p99 over ~200 runs
// with varied parameters), then prints EXPLAIN (ANALYZE, BUFFERS) of each query.
//
// The events are real lifecycles made by the domain rules (decide → record), replayed with new ids,
// kommuner, therapists and dates shifted by whole weeks (bench/readmodel-data.ts, shared with
// bench/ui.ts). They are inserted into forloeb_events with large multi-row INSERTs; the read tables
// are then built by the rebuild (the same fold as the live projection), and a held-back slice of
// 2,500 forløb is delivered through appendAndProject, as the workflow's activity does, to measure
// the live projection on a full-size database.
//
// Every replayed forløb has a borger (a Danish-looking name with æ, ø and å, and a CPR number). The
// API writes forloeb_borger (the CPR number's keyed hash) when it creates a forløb; here it is filled
// from the log in one statement, with SHA-256 in SQL standing in for the HMAC: the lookup is the same,
// a 64-digit hex key. The search cases take their terms from the data: CPR hashes that exist in the
// kommune searched, and prefixes of first names, surnames and whole names.
//
// DATABASE_URL set: a database forloeb_bench_<time> is created on that server and dropped at the end.
// Otherwise an embedded PostgreSQL runs in a temporary folder. BENCH_FORLOEB overrides the size.
import pg from 'pg';
import { appendAndProject, rebuildReadModel } from '../activities/projection';
import { listForloeb, type ListQuery } from '../api/read-model/forloeb-list';
import { inbox } from '../api/read-model/paamindelser';
import { aabneFrister } from '../api/read-model/prognose';
import { fristRapport, ugeRapport } from '../api/read-model/rapporter';
import type { Queryable } from '../api/read-model/scope';
import { migrate } from '../db/migrate';
import { addCalendarDays } from '../domain/calendar';
import { normaliseNavn } from '../domain/citizen/borger';
import { parseCli } from '../scripts/cli';
import { freshDatabase } from './fresh-database';
import { DATA_TODAY, EFTERNAVNE, FORNAVNE, loadForloebEvents, READMODEL_KOMMUNER } from './readmodel-data';

parseCli({
  usage: `Usage: npm run bench:readmodel

Loads 100,000 forløb into a fresh database (on DATABASE_URL's server, or an embedded PostgreSQL),
measures the projection and the read queries, and prints their plans. BENCH_FORLOEB changes the
size. Takes no options.`,
  options: {},
});
const FORLOEB = Number(process.env.BENCH_FORLOEB ?? 100_000);
const LIVE_SLICE = Math.min(2_500, Math.floor(FORLOEB / 20));
const RUNS = 200;
const TODAY = DATA_TODAY;
const KOMMUNER = READMODEL_KOMMUNER.map((x) => x.kommune);
const REGELSAET = READMODEL_KOMMUNER.map((x) => x.regelsaetId);

/** A Queryable that remembers the last statement, to EXPLAIN it. */
function recording(pool: pg.Pool) {
  const last: { sql: string; params: unknown[] }[] = [];
  const db: Queryable = {
    query: ((sql: string, params?: unknown[]) => {
      last.push({ sql, params: params ?? [] });
      return pool.query(sql, params);
    }) as Queryable['query'],
  };
  return { db, last };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(name: string, pool: pg.Pool, runOnce: (db: Queryable, i: number) => Promise<unknown>, results: string[], plans: string[]) {
  const { db, last } = recording(pool);
  for (let i = 0; i < 10; i++) await runOnce(db, i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await runOnce(db, i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const line = `${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(2).padStart(7)} ms`;
  results.push(line);
  console.log(line);
  // EXPLAIN every statement of one representative run.
  last.length = 0;
  await runOnce(db, 7);
  for (const s of last) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    const seqScans = [...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]);
    const indexes = [...new Set([...text.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]))];
    const verdict = seqScans.length ? `SEQ SCAN on ${seqScans.join(', ')}` : indexes.length ? `index: ${indexes.join(', ')}` : 'no scan';
    plans.push(`--- ${name}: ${verdict}\n${s.sql.replace(/\s+/g, ' ').trim()}\n${text}`);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const { url, drop } = await freshDatabase(process.env.DATABASE_URL, `forloeb_bench_${Date.now().toString(36)}`);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  try {
    await migrate(url);

    // Load.
    const load = await loadForloebEvents(pool, { forloeb: FORLOEB, holdBack: LIVE_SLICE });
    console.log(`Lifecycles: ${load.templates.map((x) => `${x.name} (${x.events.length} events, ${x.weight}%)`).join('; ')}`);
    const { held } = load;
    const heldEvents = held.reduce((s, f) => s + f.events.length, 0);
    console.log(`Loaded ${load.events} events of ${load.forloeb} forløb into forloeb_events in ${load.seconds.toFixed(1)} s (multi-row INSERT … SELECT unnest, 20,000 rows each)`);

    // The read tables from the log: the rebuild.
    let lastLog = 0;
    const rebuilt = await rebuildReadModel(pool, {
      onProgress: (p) => {
        if (p.seconds - lastLog >= 10) {
          lastLog = p.seconds;
          console.log(`  rebuild: ${p.events} events, ${Math.round(p.eventsPerSecond)} events/s`);
        }
      },
    });
    console.log(`Rebuild: ${rebuilt.events} events, ${rebuilt.forloeb} forløb in ${rebuilt.seconds.toFixed(1)} s = ${Math.round(rebuilt.eventsPerSecond)} events/s`);

    // The live projection: each command's events as one batch (the events sharing an instant), 4 forløb at a time.
    const liveStart = performance.now();
    let delivered = 0;
    const queue = [...held];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          let i = 0;
          while (i < f.events.length) {
            let j = i + 1;
            while (j < f.events.length && f.events[j]!.at === f.events[i]!.at) j++;
            await appendAndProject(pool, f.id, f.events.slice(i, j));
            delivered++;
            i = j;
          }
        }
      }),
    );
    const liveSeconds = (performance.now() - liveStart) / 1000;
    console.log(
      `appendAndProject: ${heldEvents} events of ${held.length} forløb in ${delivered} calls (4 concurrent) in ${liveSeconds.toFixed(1)} s = ${Math.round(heldEvents / liveSeconds)} events/s, ${(1000 * liveSeconds / delivered * 4).toFixed(2)} ms per call`,
    );
    await pool.query(
      `INSERT INTO forloeb_borger (forloeb_id, cpr_hash, kommune)
       SELECT forloeb_id, encode(sha256(convert_to(data->'source'->>'cpr', 'UTF8')), 'hex'), data->>'kommune'
         FROM forloeb_events WHERE seq = 1 AND type = 'ForloebCreated'`,
    );
    await pool.query('VACUUM ANALYZE');

    const sizes = await pool.query<{ t: string; n: string }>(
      `SELECT 'forloeb' t, count(*)::text n FROM forloeb UNION ALL SELECT 'forloeb_deadlines', count(*)::text FROM forloeb_deadlines
       UNION ALL SELECT 'paamindelser', count(*)::text FROM paamindelser UNION ALL SELECT 'paamindelser (open)', count(*)::text FROM paamindelser WHERE resolved_at IS NULL AND acknowledged_rank < rank
       UNION ALL SELECT 'rapport_frister', count(*)::text FROM rapport_frister UNION ALL SELECT 'forloeb_events', count(*)::text FROM forloeb_events`,
    );
    console.log(`Rows: ${sizes.rows.map((r) => `${r.t} ${r.n}`).join(', ')}`);

    // Queries.
    const results: string[] = [];
    const plans: string[] = [];
    const kommune = (i: number) => KOMMUNER[i % KOMMUNER.length]!;
    const list = (q: Partial<ListQuery>, i: number) => (db: Queryable) =>
      listForloeb(db, { sorter: 'naesteFrist', retning: 'asc', antal: 50, ...q }, { today: TODAY, scope: { kommune: kommune(i) } });
    const day = (i: number) => addCalendarDays('2031-06-01', (i * 37) % 600);

    await measure('list: kommune, by next deadline (+total)', pool, (db, i) => list({}, i)(db), results, plans);
    await measure('list: fase=traening & overskredet (+total)', pool, (db, i) => list({ fase: 'traening', overskredet: true }, i)(db), results, plans);
    await measure('list: terapeut (+total)', pool, (db, i) => list({ terapeut: `terapeut-${i % 5}-${i % 40}` }, i)(db), results, plans);
    await measure('list: enhed, by created desc (+total)', pool, (db, i) => list({ enhed: `enhed-${i % 5}-${i % 4}`, sorter: 'oprettet', retning: 'desc' }, i)(db), results, plans);
    await measure('list: regelsaet & forfaldFoer (+total)', pool, (db, i) => list({ regelsaet: REGELSAET[i % 5], forfaldFoer: day(i) }, i)(db), results, plans);
    // An open deadline of a type (the visitator's Forlængelser and applications): the waiting forløb's open start.
    await measure('list: aabenFrist=opstart, by its due (+total)', pool, (db, i) => list({ aabenFrist: 'opstart', sorter: 'aabenFrist' }, i)(db), results, plans);
    await measure('list: aabenFrist=opstart & fase, next (+total)', pool, (db, i) => list({ aabenFrist: 'opstart', fase: 'visitering' }, i)(db), results, plans);
    await measure('list: opdateret desc, page 2 (keyset)', pool, async (db, i) => {
      const first = await listForloeb(db, { sorter: 'opdateret', retning: 'desc', antal: 50 }, { today: TODAY, scope: { kommune: kommune(i) } });
      return first.next && listForloeb(db, { sorter: 'opdateret', retning: 'desc', antal: 50, cursor: first.next }, { today: TODAY, scope: { kommune: kommune(i) } });
    }, results, plans);
    // Search for a borger (POST /api/borgere/soeg): a whole CPR number, or a name prefix; kommune-scoped.
    const cprTerms = (
      await pool.query<{ kommune: string; cpr_hash: string }>('SELECT kommune, cpr_hash FROM forloeb_borger TABLESAMPLE BERNOULLI (1) REPEATABLE (7) LIMIT $1', [RUNS + 20])
    ).rows;
    await measure('search: CPR exact (+total)', pool, (db, i) => {
      const term = cprTerms[i % cprTerms.length]!;
      return listForloeb(db, { sorter: 'naesteFrist', retning: 'asc', antal: 50, borger: { cprHash: term.cpr_hash } }, { today: TODAY, scope: { kommune: term.kommune } });
    }, results, plans);
    const nameTerm = (i: number) => {
      const fornavn = FORNAVNE[(i * 7) % FORNAVNE.length]!;
      const efternavn = EFTERNAVNE[(i * 11) % EFTERNAVNE.length]!;
      // A first name and the start of a surname; the start of a surname; a short, broad prefix.
      const term = i % 3 === 0 ? `${fornavn} ${efternavn.slice(0, 2)}` : i % 3 === 1 ? efternavn.slice(0, 4).toUpperCase() : fornavn.slice(0, 2);
      return normaliseNavn(term);
    };
    await measure('search: name prefix (+total)', pool, (db, i) =>
      listForloeb(db, { sorter: 'naesteFrist', retning: 'asc', antal: 50, borger: { navnPrefix: nameTerm(i) } }, { today: TODAY, scope: { kommune: kommune(i) } }), results, plans);
    // Why `total` is capped: an exact count of every match, for comparison.
    await measure('count(*) uncapped: kommune (~20,000 rows)', pool, (db, i) =>
      db.query('SELECT count(*) FROM forloeb WHERE kommune = $1', [kommune(i)]), results, plans);
    await measure('count(*) uncapped: all kommuner (100,000)', pool, (db) => db.query('SELECT count(*) FROM forloeb'), results, plans);
    const roles = ['koordinator', 'leder', 'visitator', 'terapeut'];
    await measure('inbox: open, kommune & rolle (+total)', pool, (db, i) =>
      inbox(db, { rolle: roles[i % 2]!, status: 'aabne', side: 1 + (i % 5), antal: 50 }, { kommune: kommune(i) }), results, plans);
    await measure('inbox: all states, kommune & rolle (+total)', pool, (db, i) =>
      inbox(db, { rolle: roles[i % 2]!, status: 'alle', side: 1, antal: 50 }, { kommune: kommune(i) }), results, plans);
    await measure('report: regelsaet, 1–12 month span', pool, (db, i) => {
      const fra = day(i);
      return fristRapport(db, { regelsaet: REGELSAET[i % 5]!, fra, til: addCalendarDays(fra, 30 * (1 + (i % 12))) }, { today: TODAY });
    }, results, plans);
    await measure('report: regelsaet, whole 3 years', pool, (db, i) =>
      fristRapport(db, { regelsaet: REGELSAET[i % 5]!, fra: '2031-01-01', til: '2033-12-31' }, { today: TODAY }), results, plans);
    // The Rapporter page for a year of one kommune, as a leder opens it: every table it asks for, one
    // after the other (the page asks concurrently, so this is the slower bound).
    await measure('report page: kommune, a year, all tables', pool, async (db, i) => {
      const scope = { kommune: kommune(i) };
      const periode = { fra: `${2031 + (i % 3)}-01-01`, til: `${2031 + (i % 3)}-12-31` };
      await fristRapport(db, { ...periode, opdeling: ['fristtype'] }, { today: TODAY, scope });
      await fristRapport(db, { ...periode, opdeling: ['regelsaet', 'fristtype', 'enhed', 'terapeut'] }, { today: TODAY, scope });
      await ugeRapport(db, {}, { today: TODAY, scope });
      await aabneFrister(db, { visning: 'prognose', sorter: 'forfald', side: { offset: 25 * (i % 4), limit: 25 } }, { today: TODAY, scope });
    }, results, plans);

    console.log('\nEXPLAIN (ANALYZE, BUFFERS)\n');
    for (const p of plans) console.log(`${p}\n`);
    console.log('Summary');
    for (const r of results) console.log(`  ${r}`);
    console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await pool.end();
    await drop();
  }
}

await main();
