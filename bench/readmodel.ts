// `npm run bench:readmodel`: loads 100,000 forløb (about 2,000,000 events) into a fresh database and
// measures the projection (events/s) and the list, inbox and report queries (p50/p99 over ~200 runs
// with varied parameters), then prints EXPLAIN (ANALYZE, BUFFERS) of each query.
//
// The events are real lifecycles made by the domain rules (decide → record), replayed with new ids,
// kommuner, therapists and dates shifted by whole weeks. They are inserted into forloeb_events with
// large multi-row INSERTs; the read tables are then built by the rebuild (the same fold as the live
// projection), and a held-back slice of 2,500 forløb is delivered through appendAndProject, as the
// workflow's activity does, to measure the live projection on a full-size database.
//
// DATABASE_URL set: a database forloeb_bench_<time> is created on that server and dropped at the end.
// Otherwise an embedded PostgreSQL runs in a temporary folder. BENCH_FORLOEB overrides the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { appendAndProject, rebuildReadModel } from '../activities/projection';
import { listForloeb, type ListQuery } from '../api/read-model/forloeb-list';
import { inbox } from '../api/read-model/paamindelser';
import { fristRapport } from '../api/read-model/rapporter';
import type { Queryable } from '../api/read-model/scope';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate } from '../db/migrate';
import { addCalendarDays, type LocalDate } from '../domain/calendar';
import type { ForloebCommand, RecordedEvent } from '../domain/forloeb';
import { run } from '../tests/support/lifecycles';
import { freePort } from '../tests/support/database';

const FORLOEB = Number(process.env.BENCH_FORLOEB ?? 100_000);
const LIVE_SLICE = Math.min(2_500, Math.floor(FORLOEB / 20));
const RUNS = 200;
const TODAY: LocalDate = '2032-06-01';
const KOMMUNER = ['Sønderborg', 'Brøndby', 'Nyborg', 'Varde', 'Aarhus'];
const REGELSAET = KOMMUNER.map((k) => `${k.toLowerCase().replace('ø', 'oe')}-sul140`);

// ---------------------------------------------------------------------------------------------
// Lifecycles made by the domain.

const k = { role: 'koordinator' as const, userId: 'koordinator-1' };
const t = { role: 'terapeut' as const, userId: 'terapeut-1' };
const plan = (udskrivningsdato: LocalDate) =>
  ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori: 'knae-underben', niveau: 'basal' }) as const;
type Step = [ForloebCommand, string];
const at = (date: LocalDate, time = '12:00') => `${date}T${time}:00Z`;

function sessions(from: LocalDate, count: number, every = 2): Step[] {
  return Array.from({ length: count }, (_, i): Step => {
    const date = addCalendarDays(from, i * every);
    const missed = i % 5 === 3;
    return [{ type: 'RecordSession', actor: t, date, outcome: missed ? 'udeblevet' : 'gennemfoert', durationMinutes: missed ? 0 : 45 }, at(date)];
  });
}

function templates(): { name: string; weight: number; events: RecordedEvent[] }[] {
  const d0: LocalDate = '2031-03-03';
  const granted: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'RecordVisitation', actor: k, decision: 'bevilget' }, at('2031-03-04', '09:00')],
    [{ type: 'AssignTherapist', actor: k, terapeut: 'terapeut-1', enhed: 'enhed-1' }, at('2031-03-04', '09:10')],
    [{ type: 'BookStart', actor: k, startDate: '2031-03-10' }, at('2031-03-04', '09:20')],
    [{ type: 'HoldStart', actor: t, heldOn: '2031-03-10' }, at('2031-03-10')],
  ];
  const longCourse: Step[] = [
    ...granted,
    ...sessions('2031-03-11', 11),
    [{ type: 'RecordStatus', actor: t, note: 'Status efter 11 gange' }, at('2031-04-05')],
    [{ type: 'RequestExtension', actor: t, kind: 'notat', amount: 4, reason: 'Mangler styrke' }, at('2031-04-05', '12:10')],
    ...sessions('2031-04-07', 4, 3),
    [{ type: 'RecordAfslutning', actor: t, reason: 'maal_naaet', date: '2031-04-20' }, at('2031-04-20')],
    [{ type: 'CloseForloeb', actor: t }, at('2031-04-20', '12:05')],
  ];
  const lateEscalated: Step[] = [[{ type: 'CreateForloeb', actor: k, source: plan('2031-01-06') }, at('2031-01-06', '09:00')]];
  for (let d = 10; d <= 34; d += 3) lateEscalated.push([{ type: 'Tick' }, at(addCalendarDays('2031-01-01', d - 1), '10:00')]);
  lateEscalated.push(
    [{ type: 'RecordVisitation', actor: k, decision: 'bevilget' }, at('2031-02-04', '09:00')],
    [{ type: 'AssignTherapist', actor: k, terapeut: 'terapeut-1', enhed: 'enhed-1' }, at('2031-02-04', '09:10')],
    [{ type: 'BookStart', actor: k, startDate: '2031-02-10' }, at('2031-02-04', '09:20')],
    [{ type: 'HoldStart', actor: t, heldOn: '2031-02-10' }, at('2031-02-10')],
    ...sessions('2031-02-12', 4),
  );
  const inTraining: Step[] = [...granted, ...sessions('2031-03-11', 7)];
  const refused: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'RecordVisitation', actor: k, decision: 'afslaaet', reason: 'Andet tilbud' }, at('2031-03-04', '09:00')],
  ];
  // Waiting for visitation past the due date: reminded and escalated, the notices still open.
  const waiting: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'Tick' }, at('2031-03-08', '10:00')],
    [{ type: 'Tick' }, at('2031-03-12', '10:00')],
  ];
  return [
    { name: 'long course', weight: 52, events: run(longCourse).events },
    { name: 'late, escalated', weight: 20, events: run(lateEscalated).events },
    { name: 'in training', weight: 13, events: run(inTraining).events },
    { name: 'refused', weight: 3, events: run(refused).events },
    { name: 'waiting', weight: 12, events: run(waiting).events },
  ];
}

// ---------------------------------------------------------------------------------------------
// Replay with new ids and shifted dates.

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;
function shift(value: unknown, days: number): unknown {
  if (typeof value === 'string') {
    if (DATE.test(value)) return addCalendarDays(value, days);
    if (INSTANT.test(value)) return new Date(Date.parse(value) + days * 86_400_000).toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => shift(v, days));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shift(v, days)]));
  return value;
}

function replay(template: RecordedEvent[], n: number): { id: string; events: RecordedEvent[] } {
  const id = `forloeb-${n.toString(16).padStart(8, '0')}-0000-4000-8000-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0')}`;
  const days = 7 * Math.floor(random() * 100); // whole weeks keep hverdage on hverdage
  const kommuneIndex = Math.floor(random() * KOMMUNER.length);
  const terapeut = `terapeut-${kommuneIndex}-${Math.floor(random() * 40)}`;
  const enhed = `enhed-${kommuneIndex}-${Math.floor(random() * 4)}`;
  const events = template.map((e) => {
    const moved = { ...e, data: shift(e.data, days), at: shift(e.at, days) } as RecordedEvent;
    if (moved.type === 'ForloebCreated') moved.data = { ...moved.data, kommune: KOMMUNER[kommuneIndex]!, regelsaetId: REGELSAET[kommuneIndex]! };
    if (moved.type === 'TherapistAssigned') moved.data = { terapeut, enhed };
    return moved;
  });
  return { id, events };
}

// ---------------------------------------------------------------------------------------------

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `forloeb_bench_${Date.now().toString(36)}`;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'forloeb-bench-'));
  const server = await startEmbeddedPostgres(dir, await freePort());
  return {
    url: server.url,
    drop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bulkInsert(pool: pg.Pool, rows: { id: string; e: RecordedEvent }[]): Promise<void> {
  await pool.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
    [rows.map((r) => r.id), rows.map((r) => r.e.seq), rows.map((r) => r.e.type), rows.map((r) => JSON.stringify(r.e.data)), rows.map((r) => r.e.at)],
  );
}

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
  const { url, drop } = await freshDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  try {
    await migrate(url);
    const kinds = templates();
    const totalWeight = kinds.reduce((s, x) => s + x.weight, 0);
    console.log(`Lifecycles: ${kinds.map((x) => `${x.name} (${x.events.length} events, ${x.weight}%)`).join('; ')}`);
    const pickTemplate = () => {
      let r = random() * totalWeight;
      for (const x of kinds) if ((r -= x.weight) < 0) return x.events;
      return kinds[0]!.events;
    };

    // Load.
    const loadStart = performance.now();
    const held: { id: string; events: RecordedEvent[] }[] = [];
    let batch: { id: string; e: RecordedEvent }[] = [];
    let loaded = 0;
    for (let n = 0; n < FORLOEB; n++) {
      const f = replay(pickTemplate(), n);
      if (n % Math.floor(FORLOEB / LIVE_SLICE) === 0 && held.length < LIVE_SLICE) {
        held.push(f);
        continue;
      }
      for (const e of f.events) batch.push({ id: f.id, e });
      if (batch.length >= 20_000) {
        await bulkInsert(pool, batch);
        loaded += batch.length;
        batch = [];
      }
    }
    await bulkInsert(pool, batch);
    loaded += batch.length;
    const heldEvents = held.reduce((s, f) => s + f.events.length, 0);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.log(`Loaded ${loaded} events of ${FORLOEB - held.length} forløb into forloeb_events in ${loadSeconds.toFixed(1)} s (multi-row INSERT … SELECT unnest, 20,000 rows each)`);

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
    await pool.query('VACUUM ANALYZE');

    const sizes = await pool.query<{ t: string; n: string }>(
      `SELECT 'forloeb' t, count(*)::text n FROM forloeb UNION ALL SELECT 'forloeb_deadlines', count(*)::text FROM forloeb_deadlines
       UNION ALL SELECT 'paamindelser', count(*)::text FROM paamindelser UNION ALL SELECT 'paamindelser (open)', count(*)::text FROM paamindelser WHERE acknowledged_at IS NULL AND resolved_at IS NULL
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
    await measure('list: opdateret desc, page 2 (keyset)', pool, async (db, i) => {
      const first = await listForloeb(db, { sorter: 'opdateret', retning: 'desc', antal: 50 }, { today: TODAY, scope: { kommune: kommune(i) } });
      return first.next && listForloeb(db, { sorter: 'opdateret', retning: 'desc', antal: 50, cursor: first.next }, { today: TODAY, scope: { kommune: kommune(i) } });
    }, results, plans);
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
