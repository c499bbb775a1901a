// `npm run chaos`: the real stack on one machine (PostgreSQL behind a cuttable proxy, the Temporal
// dev server on SQLite, the worker and the API as processes of their own) while concurrent clients
// drive forløb over HTTP and the run kills the worker, restarts the Temporal server, cuts the
// database, and the worker duplicates and reorders its deliveries. Chaos regelsæt make reminders,
// escalations and repeated escalations fall due during the run. At the end it checks the invariants
// and exits non-zero on any breach.
// `npm run chaos -- --load --users 50 --interval 2 --duration 300`: a load run without faults.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { getDataConverter } from '../config/data-converter';
import { loadConfig } from '../config/env';
import { nextWakeUp } from '../domain/forloeb';
import { BUILT_IN_REGELSAET, findRegelsaet, type Regelsaet } from '../domain/regelsaet';
import { decimalNumber, parseCli } from '../scripts/cli';
import type { ReconcileClient } from '../scripts/reconcile';
import { getForloebQuery, type ForloebSnapshot } from '../workflows/forloeb.messages';
import { Recorder, runLifecycle, signInUsers, today, type ForloebRecord, type LifecyclePlan } from './clients';
import {
  apiBreaches,
  checkRebuildAndReconcile,
  checkRedelivery,
  commandBreaches,
  describeWorkflow,
  eventsOf,
  inboxCounts,
  inParallel,
  noticeBreaches,
  orphanBreaches,
  snapshotsOf,
  waitForCatchUp,
  workflowBreaches,
  WORKFLOW_TASK_TIMEOUT_MS,
  type Outage,
} from './invariants';
import { runLoad } from './load';
import { say, sleep, startStack, type Stack } from './processes';
import { chaosRegelsaet, dischargeFor, type NoticeMoment } from './regelsaet';

const { temporal } = proto;
type History = proto.temporal.api.history.v1.IHistory;

const cli = parseCli({
  usage: `Usage: npm run chaos -- [options]
       npm run chaos -- --load [--users N] [--interval S] [--duration S]

The real stack on this machine under faults (worker kills, Temporal restarts, database outages,
duplicated and reordered deliveries); checks the invariants at the end and exits 1 on any breach.

  --forloeb N          forløb to run (default 100)
  --clients N          concurrent clients (default 10)
  --worker-kills N     worker kills (default 20)
  --server-restarts N  Temporal server restarts (default 1)
  --db-outages N       database outages (default 1)
  --duration S         seconds over which forløb start and faults happen (chaos 150, load 300)
  --load               a load run without faults instead
  --users N            load: therapists at work (default 50)
  --interval S         load: seconds between one therapist's actions (default 2)
  --logs DIR           keep the processes' logs in DIR`,
  options: {
    forloeb: { type: 'string', default: '100' },
    clients: { type: 'string', default: '10' },
    'worker-kills': { type: 'string', default: '20' },
    'server-restarts': { type: 'string', default: '1' },
    'db-outages': { type: 'string', default: '1' },
    /** Seconds over which forløb are started and faults happen (chaos: default 150; load: 300). */
    duration: { type: 'string' },
    load: { type: 'boolean', default: false },
    users: { type: 'string', default: '50' },
    interval: { type: 'string', default: '2' },
    /** Keep the processes' logs in this folder (the temporary folder itself is always removed). */
    logs: { type: 'string' },
  },
});
const args = cli.values;

const num = (name: string, value: string | undefined, fallback: number) => {
  const checked = decimalNumber(name, value);
  return 'error' in checked ? cli.fail(checked.error) : (checked.value ?? fallback);
};
// Every number is checked now, so a bad one ends the run before any process starts.
for (const name of ['forloeb', 'clients', 'worker-kills', 'server-restarts', 'db-outages', 'users'] as const) cli.wholeNumber(name);
for (const name of ['duration', 'interval'] as const) cli.decimalNumber(name);

let stack: Stack | undefined;
let cleaning: Promise<void> | undefined;
const cleanup = () => (cleaning ??= (stack?.stop() ?? Promise.resolve()).catch((err: unknown) => say(`cleanup: ${(err as Error).message}`)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping every process`);
    void cleanup().then(() => process.exit(130));
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stat = (xs: number[]) => {
  if (!xs.length) return '-';
  const sorted = [...xs].sort((a, b) => a - b);
  return `max ${seconds(sorted.at(-1)!)}, median ${seconds(sorted[Math.floor(sorted.length / 2)]!)}`;
};

async function main(): Promise<number> {
  // Only the replay check at the end runs workflow code in this process.
  Runtime.install({ logger: new DefaultLogger('WARN') });
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
  const runMs = opts.duration * 1000;

  // Notice moments during the run, one chaos regelsæt each (the stack takes some seconds to start).
  const plannedStart = Date.now() + 15_000;
  const momentCount = Math.min(12, Math.max(1, Math.round(opts.duration / 300)));
  const moments: NoticeMoment[] = Array.from({ length: momentCount }, (_, k) => chaosRegelsaet(k, plannedStart + runMs * (0.15 + (0.55 * (k + 0.5)) / momentCount)));
  const regelsaetOf = (id: string): Regelsaet | undefined => findRegelsaet(id) ?? moments.find((m) => m.regelsaetId === id)?.regelsaet;

  stack = await startStack({
    label: 'chaos',
    workerEntry: 'chaos/worker.ts',
    regelsaetFiles: Object.fromEntries(moments.map((m) => [m.file, m.content])),
    ...(args.logs ? { keepLogsIn: args.logs } : {}),
  });
  const s = stack;
  say(`notices fall due during the run at ${moments.map((m) => new Date(m.at).toISOString().slice(11, 19)).join(', ')} (chaos regelsæt ${moments.map((m) => m.regelsaetId).join(', ')})`);
  const config = loadConfig({ ...s.env, TEMPORAL_ADDRESS: s.temporalAddress });
  const dataConverter = getDataConverter(config);
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: 4 });
  pool.on('error', () => {});
  const connection = await Connection.connect({ address: s.temporalAddress });
  const client = new Client({ connection, namespace: 'default', ...(dataConverter ? { dataConverter } : {}) });

  const recorder = new Recorder();
  const users = await signInUsers(s.apiUrl, recorder);
  const records: ForloebRecord[] = [];
  const start = Date.now();
  const at = (fraction: number) => start + fraction * runMs;

  // --- The clients. One forløb in ten is Varde §86.1, three in ten use a chaos regelsæt; they are
  // started evenly over the first 70 % of the run. A chaos forløb
  // created before its regelsæt's moment waits for it before its start is booked, without holding
  // up its client.
  const schedule = Array.from({ length: opts.forloeb }, (_, i) => {
    const kind = i % 10 === 9 ? ('varde' as const) : [2, 5, 8].includes(i % 10) ? ('chaos' as const) : ('sonderborg' as const);
    // With one moment (a short run) the chaos forløb come early, so that most are open when it comes.
    const span = kind === 'chaos' && moments.length === 1 ? 0.25 : 0.7;
    return { i, kind, startAt: at((span * i) / opts.forloeb) };
  }).sort((a, b) => a.startAt - b.startAt);
  let next = 0;
  let chaosCount = 0;
  const held: Promise<void>[] = [];
  const pause = () => sleep(100 + Math.random() * 500);
  const lifecycle = async (i: number, plan: LifecyclePlan) => {
    try {
      await runLifecycle(users, recorder, plan, pause, records);
    } catch (err) {
      recorder.failures.push(`forløb ${i}: ${(err as Error).message}`);
    }
  };
  const clientLoops = Array.from({ length: opts.clients }, async () => {
    for (;;) {
      const item = schedule[next++];
      if (!item) return;
      if (item.startAt > Date.now()) await sleep(item.startAt - Date.now());
      let plan: LifecyclePlan = { kind: item.kind === 'varde' ? 'varde' : 'sonderborg' };
      if (item.kind === 'chaos') {
        const upcoming = moments.find((m) => m.at > Date.now() + 10_000);
        const moment = upcoming ?? moments.at(-1)!;
        plan = {
          kind: 'chaos',
          regelsaetId: moment.regelsaetId,
          udskrivningsdato: dischargeFor(chaosCount++, today()),
          ...(upcoming ? { holdUntil: upcoming.at + Math.random() * 25_000 } : {}),
        };
      }
      if (plan.kind === 'chaos' && plan.holdUntil) held.push(lifecycle(item.i, plan));
      else await lifecycle(item.i, plan);
    }
  });

  // --- /ready while each outage lasts, and the outages themselves (for the 503s).
  const outages: Outage[] = [];
  const readyDuring: { kind: 'database' | 'temporal'; during: Map<number, number> }[] = [];
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

  // --- Worker kills: each at a random moment while the restarted worker is polling again, spread
  // over 5–85 % of the run.
  const kills: { killedAt: number; restartedAt: number; readyAt?: number; resumedAt?: number }[] = [];
  const faultLog: string[] = [];
  const killWindowEnd = at(0.85);
  const workerKiller = (async () => {
    await sleep(Math.max(0, at(0.05) - Date.now()));
    for (let k = 0; k < opts.workerKills; k++) {
      const gap = Math.max(500, (killWindowEnd - Date.now()) / (opts.workerKills - k));
      await sleep(300 + Math.random() * Math.max(0, gap - 2500));
      const killedAt = Date.now();
      await s.killWorker();
      await sleep(200 + Math.random() * 1800);
      const kill: (typeof kills)[number] = { killedAt, restartedAt: Date.now() };
      kills.push(kill);
      faultLog.push(`${new Date(killedAt).toISOString()} worker SIGKILL #${k + 1}`);
      await s.startWorker();
      kill.readyAt = Date.now();
      // Until the tasks the killed worker held have timed out, Temporal refuses queries and updates of those forløb.
      outages.push({ kind: 'worker', from: killedAt, to: Math.max(kill.readyAt, killedAt + WORKFLOW_TASK_TIMEOUT_MS) });
    }
  })();
  const bigFaults = (async () => {
    const events: { at: number; kind: 'server' | 'db' }[] = [];
    for (let k = 0; k < opts.serverRestarts; k++) events.push({ at: at(0.2 + (0.6 * (k + 0.25)) / Math.max(1, opts.serverRestarts)), kind: 'server' });
    for (let k = 0; k < opts.dbOutages; k++) events.push({ at: at(0.2 + (0.6 * (k + 0.75)) / Math.max(1, opts.dbOutages)), kind: 'db' });
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      if (e.at > Date.now()) await sleep(e.at - Date.now());
      const during = new Map<number, number>();
      readyTarget = during;
      const from = Date.now();
      if (e.kind === 'server') {
        readyDuring.push({ kind: 'temporal', during });
        await s.stopTemporal();
        await sleep(2000 + Math.random() * 2000);
        await s.startTemporal();
        outages.push({ kind: 'temporal', from, to: Date.now() });
        faultLog.push(`${new Date(from).toISOString()} Temporal dev server SIGTERM, up again after ${seconds(Date.now() - from)}`);
      } else {
        readyDuring.push({ kind: 'database', during });
        s.proxy.cut();
        await sleep(5000 + Math.random() * 5000);
        s.proxy.restore();
        outages.push({ kind: 'database', from, to: Date.now() });
        faultLog.push(`${new Date(from).toISOString()} PostgreSQL unreachable through the proxy for ${seconds(Date.now() - from)}`);
      }
      await sleep(1000);
      readyTarget = undefined;
    }
  })();

  await Promise.all([workerKiller, bigFaults]);
  const faultsEnd = Date.now();
  say(`faults done (${kills.length} worker kills, ${opts.serverRestarts} server restarts, ${opts.dbOutages} database outages); waiting for the clients`);
  if (!s.workerRunning()) await s.startWorker();
  const clientsDone = await Promise.race([
    Promise.all([...clientLoops, (async () => { while (next < opts.forloeb) await sleep(200); await Promise.all(held); })()]).then(() => true),
    sleep(Math.max(120_000, runMs)).then(() => false),
  ]);
  polling = false;
  await readyPoller;
  const clientsEnd = Date.now();
  say(`clients ${clientsDone ? 'finished' : 'timed out'}: ${records.filter((r) => r.completed).length}/${opts.forloeb} forløb closed; catching up`);

  // Kill → resumed: the first accepted command or stored event after the restart.
  const accepted = [...recorder.acceptedAt].sort((a, b) => a - b);
  const projected = (await pool.query<{ t: string }>('SELECT (extract(epoch FROM recorded_at) * 1000)::bigint::text AS t FROM forloeb_events ORDER BY recorded_at')).rows.map((r) => Number(r.t));
  for (const k of kills) {
    const candidates = [accepted.find((t) => t > k.restartedAt), projected.find((t) => t > k.restartedAt)].filter((t): t is number => t !== undefined);
    if (candidates.length) k.resumedAt = Math.min(...candidates);
  }
  const timeline: number[] = [];
  for (const t of accepted) {
    const b = Math.floor((t - start) / 10_000);
    if (b >= 0) timeline[b] = (timeline[b] ?? 0) + 1;
  }

  const ids = records.map((r) => r.id);
  const laggards = await waitForCatchUp(pool, client, ids, 120_000);
  // The workflows' own state, once; the checks below read it from here.
  const { snapshots, failed: queryFailures } = await snapshotsOf(client, ids);
  const events = await eventsOf(pool);
  const checks: { invariant: string; lines: string[] }[] = [];
  const add = (invariant: string, lines: string[]) => {
    checks.push({ invariant, lines });
    say(`${lines.length === 0 ? 'HOLDS ' : 'BREACH'} ${invariant}${lines.length ? ` (${lines.length})` : ''}`);
    for (const l of lines.slice(0, 20)) console.log(`    ${l}`);
    if (lines.length > 20) console.log(`    … ${lines.length - 20} more`);
  };
  add('0. caught up: read-model last_seq = workflow seq for every forløb', laggards);
  add('0. every workflow answers its query (replayed from its history where not cached)', queryFailures);
  const known = records.filter((r) => snapshots.has(r.id));
  const closed = records.filter((r) => r.completed).length;
  add('0. the clients finished every forløb without an unexpected answer', [
    ...recorder.failures,
    ...(closed < opts.forloeb ? [`${closed} of ${opts.forloeb} forløb closed`] : []),
  ]);
  if (recorder.stuckKeys.length) {
    const { rows } = await pool.query(`SELECT idempotency_key, method_path, status_code, created_at, completed_at FROM idempotency_keys WHERE idempotency_key = ANY($1::text[])`, [
      recorder.stuckKeys,
    ]);
    say('idempotency_keys rows of the requests given up on:');
    for (const r of rows) console.log(`    ${JSON.stringify(r)}`);
  }

  // 1. Commands.
  const figures = { accepted: 0, lost: 0, duplicated: 0 };
  const commandLines: string[] = [];
  for (const rec of known) {
    const snap = snapshots.get(rec.id)!;
    const r = commandBreaches(rec, events.get(rec.id) ?? [], snap.state);
    commandLines.push(...r.lines);
    figures.accepted += r.figures.accepted;
    figures.lost += r.figures.lost;
    figures.duplicated += r.figures.duplicated;
  }
  add('1. every command answered 2xx is in the workflow and in forloeb_events exactly once; seq 1..n without gaps', commandLines);
  const workflowsListed: { id: string; status: string }[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'forloebWorkflow'` })) workflowsListed.push({ id: wf.workflowId, status: wf.status.name });
  add('1b. no forløb exists that no client was answered 201 for', orphanBreaches(new Set(ids), [...events.keys()], workflowsListed));

  // 2. Read model.
  const fromSnapshots: ReconcileClient = {
    workflow: { getHandle: (workflowId: string) => ({ query: async (_def: typeof getForloebQuery): Promise<ForloebSnapshot> => snapshots.get(workflowId) ?? client.workflow.getHandle(workflowId).query(getForloebQuery) }) },
  };
  const catalogue = [...BUILT_IN_REGELSAET, ...moments.map((m) => m.regelsaet)];
  const rebuild = await checkRebuildAndReconcile(pool, fromSnapshots, catalogue);
  add(`2. read model = rebuild from the event log; reconciliation with the workflows finds no drift (${rebuild.checked} checked)`, rebuild.breaches);
  const redelivery = await checkRedelivery(pool, events, rebuild.rebuilt, Math.min(20, ids.length), catalogue);
  add(`2b. ${redelivery.resent} stored events delivered again after the run (one by one, last first, then reversed) change nothing`, redelivery.breaches);

  // 3. Notices.
  const inbox = await inboxCounts(pool);
  const notices = { due: 0, fired: 0, inboxRows: 0, firedLate: 0 };
  const noticeLines: string[] = [];
  const now = new Date();
  const duringRun: number[] = [];
  for (const { id } of known) {
    const snap = snapshots.get(id)!;
    if (snap.state.status === 'empty') continue;
    const regelsaet = regelsaetOf(snap.state.regelsaetId);
    if (!regelsaet) {
      noticeLines.push(`${id}: regelsæt ${snap.state.regelsaetId} not found`);
      continue;
    }
    const log = events.get(id) ?? [];
    const r = noticeBreaches(id, log, snap.state, regelsaet, inbox.get(id) ?? new Map(), now);
    noticeLines.push(...r.lines);
    notices.due += r.figures.due;
    notices.fired += r.figures.fired;
    notices.inboxRows += r.figures.inboxRows;
    notices.firedLate += r.figures.firedLate;
    // Notices whose moment fell during the run after the forløb existed: how long after it they fired.
    const createdAt = Date.parse(log[0]?.occurred_at ?? '');
    for (const e of log) {
      if (e.type !== 'ReminderSent' && e.type !== 'DeadlineEscalated') continue;
      const scheduled = Date.parse(String(e.data.scheduledAt));
      if (scheduled > createdAt) duringRun.push(Date.parse(e.occurred_at) - scheduled);
    }
  }
  add('3. every due reminder and escalation fired once per step of its chain, never early, and is in the inbox once per role', noticeLines);

  // 4. Workflows.
  const wf = { statuses: new Map<string, number>(), failedTasks: 0, timedOutTasks: 0, retriedDeliveries: 0, maxTaskAttempt: 1 };
  const workflowLines: string[] = [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const histories = new Map<string, History>();
  await inParallel(ids, 6, async (id) => {
    const d = await describeWorkflow(client, id);
    histories.set(id, d.full);
    wf.statuses.set(d.status, (wf.statuses.get(d.status) ?? 0) + 1);
    const snap = snapshots.get(id);
    const regelsaet = !snap || snap.state.status === 'empty' ? undefined : regelsaetOf(snap.state.regelsaetId);
    const r = workflowBreaches(id, d, d.history, byId.get(id)?.completed ?? false, snap && regelsaet ? nextWakeUp(snap.state, regelsaet) : undefined, new Date());
    workflowLines.push(...r.lines);
    wf.failedTasks += r.figures.failedTasks;
    wf.timedOutTasks += r.figures.timedOutTasks;
    wf.retriedDeliveries += r.figures.retriedDeliveries;
    wf.maxTaskAttempt = Math.max(wf.maxTaskAttempt, r.figures.maxTaskAttempt);
  });
  add('4. no workflow is stuck (a closed forløb has completed; an open one has no failed task, no endless retry, no missed wake-up)', workflowLines);

  // 4b. Every history, made under kills, restarts and retried tasks, replays against the workflow code.
  const replayLines: string[] = [];
  async function* all() {
    for (const [workflowId, history] of histories) yield { workflowId, history };
  }
  for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: s.env.WORKFLOW_BUNDLE_PATH! }, ...(dataConverter ? { dataConverter } : {}), replayName: 'chaos-replay' }, all())) {
    if (!r.error) continue;
    replayLines.push(`${r.workflowId}: ${r.error.name}: ${r.error.message.split('\n')[0]}`);
    if (args.logs) {
      mkdirSync(args.logs, { recursive: true });
      writeFileSync(join(args.logs, `${r.workflowId}.history.json`), JSON.stringify(temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(histories.get(r.workflowId)!), { longs: String, enums: String, bytes: String })));
    }
  }
  add(`4b. every history (${histories.size}) replays deterministically against the workflow code`, replayLines);

  // 5. API.
  add(
    '5. no 5xx but 503 with Retry-After while a dependency was down; /ready answered 503 during every outage',
    apiBreaches(recorder.serverErrors, outages, readyDuring),
  );

  const fmt = (m: Map<number | string, number>) => [...m].sort().map(([k, v]) => `${k === 0 ? 'no answer' : k}×${v}`).join(', ');
  console.log('\n=== chaos summary ===');
  console.log(`run: ${opts.forloeb} forløb, ${opts.clients} clients, ${opts.duration} s of faults; clients done ${seconds(clientsEnd - start)} after the start, whole run ${seconds(Date.now() - t0)}`);
  console.log(`forløb: ${records.length} created, ${closed} closed (${records.filter((r) => r.regelsaetId.startsWith('varde')).length} Varde §86.1, ${records.filter((r) => r.regelsaetId.startsWith('chaos')).length} on a chaos regelsæt)`);
  console.log(`commands answered 2xx: ${recorder.commandsAccepted} (creates included); checked against the log: ${figures.accepted}; lost ${figures.lost}; duplicated ${figures.duplicated}`);
  console.log(`client retries: ${recorder.retries} (network errors ${recorder.networkErrors}); idempotent replays: ${recorder.replays}`);
  console.log(`reminders and escalations due: ${notices.due}; fired: ${notices.fired} (the difference: repeats that fell due together, sent once as the latest); inbox rows: ${notices.inboxRows}`);
  console.log(`notices whose moment came during the run: ${duringRun.length}; fired after their moment: ${stat(duringRun)}`);
  console.log(`worker kills: ${kills.length}; kill → polling again: ${stat(kills.filter((k) => k.readyAt).map((k) => k.readyAt! - k.killedAt))}; kill → work resumed (next accepted command or stored event): ${stat(kills.filter((k) => k.resumedAt).map((k) => k.resumedAt! - k.killedAt))}`);
  console.log(`deliveries made chaotic by the worker: ${fmt(s.deliveries) || 'none'}; deliveries retried by Temporal (attempt > 1 in histories): ${wf.retriedDeliveries}`);
  console.log(`accepted commands per 10 s from the start of the clients: ${Array.from(timeline, (n) => n ?? 0).join(' ')}`);
  console.log(`workflows: ${fmt(wf.statuses)}; failed workflow tasks in histories: ${wf.failedTasks}; timed-out workflow tasks: ${wf.timedOutTasks}; highest workflow task attempt: ${wf.maxTaskAttempt}`);
  console.log(`requests answered only after retries: ${recorder.waits.length}; first attempt → definite answer: ${stat(recorder.waits)}`);
  console.log(`statuses seen by the clients: ${fmt(recorder.statuses)}`);
  const lateness = recorder.serverErrors.map((e) => e.at - Math.max(...outages.filter((o) => o.from <= e.at).map((o) => o.to), -Infinity)).filter((x) => x > 0);
  console.log(`503s after the end of an outage: ${lateness.length}${lateness.length ? `, the last ${seconds(Math.max(...lateness))} after it` : ''}`);
  console.log(`/ready during the outages: ${readyDuring.map((r) => `${r.kind}: ${fmt(r.during)}`).join('; ')}`);
  console.log(`faults ended ${seconds(faultsEnd - start)} after the start`);
  for (const f of faultLog) console.log(`fault: ${f}`);
  const failed = checks.filter((b) => b.lines.length > 0);
  console.log(`invariants: ${checks.length - failed.length} hold, ${failed.length} breached`);
  if (failed.length > 0) {
    for (const name of ['worker', 'api', 'temporal']) {
      const errors = [
        ...new Set(
          s
            .logOf(name)
            .split('\n')
            .filter((l) => /"level":50|error|fail/i.test(l))
            .map((l) => l.replace(/"time":\d+,|"reqId":"[^"]+",|"pid":\d+,|time=\S+ /g, '').slice(0, 600)),
        ),
      ].slice(-8);
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
