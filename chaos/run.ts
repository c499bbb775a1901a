// `npm run chaos`: the real stack on one machine (PostgreSQL behind a cuttable proxy, the Temporal
// dev server on SQLite, the worker and the API as processes of their own) while concurrent clients
// drive forløb over HTTP and the run kills the worker, restarts the Temporal server and cuts the
// database. At the end it checks the invariants and exits non-zero on any breach.
// `npm run chaos -- --load --users 50 --interval 2 --duration 300`: a load run without faults.
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { getDataConverter } from '../config/data-converter';
import { loadConfig } from '../config/env';
import { Recorder, runLifecycle, signInUsers, type ForloebRecord } from './clients';
import { checkCommands, checkNotices, checkOrphans, checkRebuildAndReconcile, checkRedelivery, checkWorkflows, waitForCatchUp } from './invariants';
import { runLoad } from './load';
import { say, sleep, startStack, type Stack } from './processes';

const { values: args } = parseArgs({
  options: {
    forloeb: { type: 'string', default: '100' },
    clients: { type: 'string', default: '10' },
    'worker-kills': { type: 'string', default: '20' },
    'server-restarts': { type: 'string', default: '1' },
    'db-outages': { type: 'string', default: '1' },
    duration: { type: 'string' },
    load: { type: 'boolean', default: false },
    users: { type: 'string', default: '50' },
    interval: { type: 'string', default: '2' },
    /** Keep the processes' logs in this folder (the temporary folder itself is always removed). */
    logs: { type: 'string' },
  },
  strict: true,
});

const num = (name: string, value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number ≥ 0`);
  return n;
};

let stack: Stack | undefined;
let cleaning: Promise<void> | undefined;
const cleanup = () => (cleaning ??= (stack?.stop() ?? Promise.resolve()).catch((err: unknown) => say(`cleanup: ${(err as Error).message}`)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping every process`);
    void cleanup().then(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  if (args.load) {
    stack = await startStack({ label: 'load', ...(args.logs ? { keepLogsIn: args.logs } : {}) });
    return runLoad(stack, { users: num('users', args.users, 50), interval: num('interval', args.interval, 2), duration: num('duration', args.duration, 300) });
  }
  const opts = {
    forloeb: num('forloeb', args.forloeb, 100),
    clients: Math.max(1, num('clients', args.clients, 10)),
    workerKills: num('worker-kills', args['worker-kills'], 20),
    serverRestarts: num('server-restarts', args['server-restarts'], 1),
    dbOutages: num('db-outages', args['db-outages'], 1),
    duration: num('duration', args.duration, 150),
  };
  say(`chaos run: ${JSON.stringify(opts)}`);
  const t0 = Date.now();
  stack = await startStack({ label: 'chaos', ...(args.logs ? { keepLogsIn: args.logs } : {}) });
  const s = stack;
  const config = loadConfig({ ...s.env, TEMPORAL_ADDRESS: s.temporalAddress });
  const dataConverter = getDataConverter(config);
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: 4 });
  pool.on('error', () => {});
  const connection = await Connection.connect({ address: s.temporalAddress });
  const client = new Client({ connection, namespace: 'default', ...(dataConverter ? { dataConverter } : {}) });

  const recorder = new Recorder();
  const users = await signInUsers(s.apiUrl, recorder);
  const records: ForloebRecord[] = [];
  const runMs = opts.duration * 1000;
  const start = Date.now();
  const at = (fraction: number) => start + fraction * runMs;

  // --- The clients: forløb started evenly over the first 70 % of the run, one Varde forløb in ten.
  let next = 0;
  const pause = () => sleep(100 + Math.random() * 500);
  const clientLoops = Array.from({ length: opts.clients }, async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.forloeb) return;
      const startAt = at((0.7 * i) / opts.forloeb);
      if (startAt > Date.now()) await sleep(startAt - Date.now());
      try {
        await runLifecycle(users, recorder, i % 10 === 9, pause, records);
      } catch (err) {
        recorder.failures.push(`forløb ${i}: ${(err as Error).message}`);
      }
    }
  });

  // --- /ready during the outages.
  const ready = { serverRestart: new Map<number, number>(), dbOutage: new Map<number, number>() };
  let readyTarget: Map<number, number> | undefined;
  let polling = true;
  const readyPoller = (async () => {
    while (polling) {
      const target = readyTarget;
      if (target) {
        try {
          const r = await fetch(`${s.apiUrl}/ready`, { signal: AbortSignal.timeout(5000) });
          target.set(r.status, (target.get(r.status) ?? 0) + 1);
          await r.text();
        } catch {
          target.set(0, (target.get(0) ?? 0) + 1);
        }
      }
      await sleep(250);
    }
  })();

  // --- The faults.
  const kills: { killedAt: number; restartedAt: number; resumedAt?: number }[] = [];
  const faultLog: string[] = [];
  const workerKiller = (async () => {
    for (let k = 0; k < opts.workerKills; k++) {
      const slot = (0.85 * runMs) / Math.max(1, opts.workerKills);
      const when = start + 0.05 * runMs + k * slot + Math.random() * slot * 0.6;
      if (when > Date.now()) await sleep(when - Date.now());
      const killedAt = Date.now();
      await s.killWorker();
      await sleep(500 + Math.random() * 2500);
      s.startWorker();
      kills.push({ killedAt, restartedAt: Date.now() });
      faultLog.push(`${new Date(killedAt).toISOString()} worker SIGKILL #${k + 1}`);
    }
  })();
  const bigFaults = (async () => {
    const events: { at: number; kind: 'server' | 'db' }[] = [];
    for (let k = 0; k < opts.serverRestarts; k++) events.push({ at: at(0.25 + (0.5 * k) / Math.max(1, opts.serverRestarts)), kind: 'server' });
    for (let k = 0; k < opts.dbOutages; k++) events.push({ at: at(0.45 + (0.4 * k) / Math.max(1, opts.dbOutages)), kind: 'db' });
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      if (e.at > Date.now()) await sleep(e.at - Date.now());
      if (e.kind === 'server') {
        readyTarget = ready.serverRestart;
        const t = Date.now();
        await s.stopTemporal();
        await sleep(3000);
        await s.startTemporal();
        faultLog.push(`${new Date(t).toISOString()} Temporal dev server SIGTERM, restarted after ${((Date.now() - t) / 1000).toFixed(1)} s`);
        await sleep(3000);
        readyTarget = undefined;
      } else {
        readyTarget = ready.dbOutage;
        const t = Date.now();
        s.proxy.cut();
        await sleep(5000 + Math.random() * 5000);
        s.proxy.restore();
        faultLog.push(`${new Date(t).toISOString()} PostgreSQL unreachable through the proxy for ${((Date.now() - t) / 1000).toFixed(1)} s`);
        await sleep(2000);
        readyTarget = undefined;
      }
    }
  })();

  await Promise.all([workerKiller, bigFaults]);
  say(`faults done (${kills.length} worker kills, ${opts.serverRestarts} server restarts, ${opts.dbOutages} database outages); waiting for the clients`);
  if (!s.workerRunning()) s.startWorker();
  await Promise.race([Promise.all(clientLoops), sleep(Math.max(60_000, runMs))]);
  polling = false;
  await readyPoller;
  const clientsDone = next >= opts.forloeb && records.length + recorder.failures.length >= 0;
  say(`clients finished: ${records.filter((r) => r.completed).length}/${opts.forloeb} forløb closed; catching up`);

  // Kill → resume: after each restart, the first accepted command or the first event stored (projected) after it.
  const accepted = [...recorder.acceptedAt].sort((a, b) => a - b);
  const projected = (await pool.query<{ t: string }>('SELECT (extract(epoch FROM recorded_at) * 1000)::bigint::text AS t FROM forloeb_events ORDER BY recorded_at')).rows.map((r) => Number(r.t));
  for (const k of kills) {
    const candidates = [accepted.find((t) => t > k.restartedAt), projected.find((t) => t > k.restartedAt)].filter((t): t is number => t !== undefined);
    if (candidates.length) k.resumedAt = Math.min(...candidates);
  }
  const resumeTimes = kills.filter((k) => k.resumedAt).map((k) => k.resumedAt! - k.killedAt);
  const afterRestart = kills.filter((k) => k.resumedAt).map((k) => k.resumedAt! - k.restartedAt);
  // Accepted commands per 10 s, to show stalls.
  const timeline: number[] = [];
  for (const t of accepted) {
    const b = Math.floor((t - start) / 10_000);
    if (b >= 0) timeline[b] = (timeline[b] ?? 0) + 1;
  }

  const ids = records.map((r) => r.id);
  const laggards = await waitForCatchUp(pool, client, ids, 120_000);
  const breaches: { invariant: string; lines: string[] }[] = [];
  const add = (invariant: string, lines: string[]) => {
    breaches.push({ invariant, lines });
    say(`${lines.length === 0 ? 'HOLDS ' : 'BREACH'} ${invariant}${lines.length ? ` (${lines.length})` : ''}`);
    for (const l of lines.slice(0, 20)) console.log(`    ${l}`);
    if (lines.length > 20) console.log(`    … ${lines.length - 20} more`);
  };
  add('0. caught up: read-model last_seq = workflow seq for every forløb', laggards);
  add('0. the clients finished every forløb without an unexpected answer', [
    ...recorder.failures,
    ...(records.filter((r) => r.completed).length < opts.forloeb ? [`${records.filter((r) => r.completed).length} of ${opts.forloeb} forløb closed`] : []),
  ]);
  // Evidence for requests the clients gave up on: what the idempotency table holds for their keys.
  if (recorder.stuckKeys.length) {
    const { rows } = await pool.query(
      `SELECT idempotency_key, method_path, status_code, created_at, completed_at FROM idempotency_keys WHERE idempotency_key = ANY($1::text[])`,
      [recorder.stuckKeys],
    );
    say(`idempotency_keys rows of the requests given up on, and what the forløb stored from 5 s before the claim on:`);
    for (const r of rows as { method_path: string; created_at: Date }[]) {
      console.log(`    ${JSON.stringify(r)}`);
      const id = /forloeb-[0-9a-f-]{36}/.exec(r.method_path)?.[0];
      const evs = await pool.query<{ seq: number; type: string; recorded_at: Date }>(
        `SELECT seq, type, recorded_at FROM forloeb_events WHERE forloeb_id = $1 AND recorded_at > $2::timestamptz - interval '5 seconds' ORDER BY seq`,
        [id, r.created_at],
      );
      console.log(`      events: ${evs.rows.map((e) => `${e.type}@${e.seq} stored ${e.recorded_at.toISOString().slice(11, 23)}`).join(', ') || 'none'}`);
    }
  }
  const commands = await checkCommands(pool, client, records);
  add('1. every accepted command is in the workflow and in forloeb_events exactly once; seq 1..n', commands.breaches);
  add('1b. no forløb exists that no client was answered 201 for', await checkOrphans(pool, client, records));
  const rebuild = await checkRebuildAndReconcile(pool, client);
  add(`2. read model = rebuild from the event log; reconcile finds no drift (${rebuild.checked} checked)`, rebuild.breaches);
  const redelivery = await checkRedelivery(pool, rebuild.rebuilt, Math.min(20, ids.length));
  add(`2b. ${redelivery.resent} stored events re-sent in reverse order through appendAndProject leave the read model unchanged`, redelivery.breaches);
  const notices = await checkNotices(pool, client, ids);
  add('3. every due reminder/escalation fired once per step and is in the inbox once per role', notices.breaches);
  const workflows = await checkWorkflows(client, ids);
  add('4. no workflow is stuck (completed, or running without a failed last workflow task)', workflows.breaches);
  const readyLines: string[] = [];
  if (opts.serverRestarts > 0 && !ready.serverRestart.has(503) && !ready.serverRestart.has(0)) readyLines.push(`/ready never reported the server restart: ${JSON.stringify([...ready.serverRestart])}`);
  if (opts.dbOutages > 0 && !ready.dbOutage.has(503)) readyLines.push(`/ready never answered 503 during the database outage: ${JSON.stringify([...ready.dbOutage])}`);
  add('5. no 5xx but 503 with Retry-After; /ready reported the outages', [...recorder.serverErrors, ...readyLines]);

  const fmt = (m: Map<number | string, number>) => [...m].sort().map(([k, v]) => `${k === 0 ? 'no answer' : k}×${v}`).join(', ');
  console.log('\n=== chaos summary ===');
  console.log(`forløb: ${records.length} created, ${records.filter((r) => r.completed).length} closed (${records.filter((r) => r.regelsaetId.startsWith('varde')).length} Varde)`);
  console.log(`commands accepted: ${recorder.commandsAccepted} (creates included); checked against the log: ${commands.figures.accepted}; lost ${commands.figures.lost}; duplicated or applied without a 2xx ${commands.figures.duplicated}`);
  console.log(`retries: ${recorder.retries} (network errors ${recorder.networkErrors}); idempotent replays: ${recorder.replays}`);
  console.log(`reminders/escalations due: ${notices.figures.due}; fired: ${notices.figures.fired}; inbox rows: ${notices.figures.inboxRows}`);
  const stat = (xs: number[]) => (xs.length ? `max ${(Math.max(...xs) / 1000).toFixed(1)} s, median ${([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! / 1000).toFixed(1)} s` : '-');
  console.log(`worker kills: ${kills.length}; kill → work resumed (next accepted command or stored event after the restart): ${stat(resumeTimes)}; restart → resumed: ${stat(afterRestart)}`);
  console.log(`accepted commands per 10 s from the start of the clients: ${Array.from(timeline, (n) => n ?? 0).join(' ')}`);
  console.log(`workflows: ${fmt(workflows.statuses)}; failed workflow tasks in histories: ${workflows.failedTasks}`);
  console.log(`statuses seen by the clients: ${fmt(recorder.statuses)}`);
  console.log(`/ready during the server restart: ${fmt(ready.serverRestart)}; during the database outage: ${fmt(ready.dbOutage)}`);
  for (const f of faultLog) console.log(`fault: ${f}`);
  const failed = breaches.filter((b) => b.lines.length > 0);
  console.log(`invariants: ${breaches.length - failed.length} hold, ${failed.length} breached; whole run ${((Date.now() - t0) / 1000).toFixed(0)} s${clientsDone ? '' : ''}`);
  if (failed.length > 0) {
    for (const name of ['worker', 'api', 'temporal']) {
      const errors = [...new Set(s.logOf(name).split('\n').filter((l) => /"level":50|error|fail/i.test(l)).map((l) => l.replace(/"time":\d+,|"reqId":"[^"]+",|"pid":\d+,|time=\S+ /g, '').slice(0, 600)))].slice(-8);
      if (errors.length) console.log(`last error lines of ${name}:\n  ${errors.join('\n  ')}`);
    }
  }
  await connection.close();
  await pool.end();
  return failed.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[chaos] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  code = 1;
}
await cleanup();
process.exit(code);
