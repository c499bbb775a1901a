// What a restarted worker does with a crowd of cold forløb, by its number of workflow task slots.
// Builds --forloeb forløb with long histories (sessions cancelled by the unit, which use no frame),
// then, for each slot count, starts a fresh worker (empty cache, as after a crash or deploy) and
// gives every forløb one command at the same moment: each forløb's next task is then a replay of
// its whole history. Prints how long the commands took and how many workflow tasks timed out.
//
//   npm run bench:cold-restart                          # 40 forløb × 40 sessions; slots 8, then 40
//   npm run bench:cold-restart -- --forloeb 40 --sessions 40 --slots 40,8
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { createActivities } from '../activities';
import { temporalCliPath } from '../config/binaries';
import type { CommandOf } from '../domain/forloeb';
import { findRegelsaet } from '../domain/regelsaet';
import { parseCli } from '../scripts/cli';
import { freePort, waitForPort } from '../scripts/ports';
import { devServerArgs } from '../scripts/temporal-dev-server';
import { WORKFLOWS_PATH } from '../worker/worker';
import * as m from '../workflows/forloeb.messages';

const cli = parseCli({
  usage: `Usage: npm run bench:cold-restart [-- --forloeb N --sessions N --slots A,B]

Builds --forloeb forløb (default 40) of --sessions sessions each (default 40), then for each slot count
in --slots (default 8,40) starts a fresh worker and gives every forløb one command at once; prints how
long the commands took and how many workflow tasks timed out.`,
  options: { forloeb: { type: 'string' }, sessions: { type: 'string' }, slots: { type: 'string' } },
});
const M = cli.wholeNumber('forloeb', 1) ?? 40;
const SESSIONS = cli.wholeNumber('sessions', 0) ?? 40;
const slotsText = cli.values.slots ?? '8,40';
if (!/^\d+(,\d+)*$/.test(slotsText) || slotsText.split(',').some((t) => Number(t) < 1)) cli.fail(`--slots takes whole numbers ≥ 1 separated by commas, not '${slotsText}'`);
const SLOTS = slotsText.split(',').map(Number);
/** A phase that has not finished by then is reported as such. */
const PHASE_LIMIT_MS = 90_000;

Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });

const TIMED_OUT = proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
const START_TO_CLOSE = proto.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const koordinator = { role: 'koordinator' as const, userId: 'koordinator-1' };
const terapeut = { role: 'terapeut' as const, userId: 'terapeut-1' };
const today = new Date().toISOString().slice(0, 10);
const session = (): CommandOf<'RecordSession'> => ({ type: 'RecordSession', actor: terapeut, date: today, outcome: 'aflyst_af_enheden', durationMinutes: 0 });
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

const dir = mkdtempSync(join(tmpdir(), 'forloeb-cold-restart-'));
let server: ChildProcess | undefined;
try {
  const port = await freePort();
  server = spawn(temporalCliPath(), devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort: await freePort(), metricsPort: await freePort() }), { stdio: 'ignore' });
  await waitForPort(port, 30_000);
  const address = `127.0.0.1:${port}`;
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const activities: ReturnType<typeof createActivities> = { publishEvents: async ({ events }) => ({ projectedSeq: events.at(-1)?.seq ?? 0 }) };
  const taskQueue = `cold-restart-${randomUUID()}`;
  const worker = (slots: number) =>
    Worker.create({ connection, taskQueue, workflowBundle, activities, maxCachedWorkflows: Math.max(M, slots), maxConcurrentWorkflowTaskExecutions: slots, stickyQueueScheduleToStartTimeout: '5 seconds' });

  console.log(`bench:cold-restart: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${M} forløb × ${SESSIONS} sessions`);
  const regelsaet = findRegelsaet('sonderborg-sul140')!;
  const handles: WorkflowHandle[] = [];
  const built = Date.now();
  await (await worker(40)).runUntil(async () => {
    await Promise.all(
      Array.from({ length: M }, async () => {
        const forloebId = `forloeb-${randomUUID()}`;
        const create: CommandOf<'CreateForloeb'> = {
          type: 'CreateForloeb',
          actor: koordinator,
          source: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: today, kategori: 'ryg', niveau: 'basal' },
        };
        const h = await client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [{ forloebId, regelsaet, create }] });
        await h.executeUpdate(m.recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget' }] });
        await h.executeUpdate(m.bookStartUpdate, { args: [{ type: 'BookStart', actor: koordinator, startDate: today }] });
        await h.executeUpdate(m.holdStartUpdate, { args: [{ type: 'HoldStart', actor: terapeut, heldOn: today }] });
        for (let i = 0; i < SESSIONS; i++) await h.executeUpdate(m.recordSessionUpdate, { args: [session()] });
        handles.push(h);
      }),
    );
  });
  const lengths = await Promise.all(handles.map(async (h) => (await h.fetchHistory()).events?.length ?? 0));
  console.log(`built in ${((Date.now() - built) / 1000).toFixed(1)} s; history ${Math.min(...lengths)}–${Math.max(...lengths)} events\n`);

  // Timed out while being worked on (start-to-close: too slow) or while waiting on the previous
  // worker's sticky queue (schedule-to-start: that worker is gone).
  console.log('slots  answered  in      p50 ms  max ms  refused  tasks timed out: start-to-close (forløb) / sticky schedule-to-start');
  for (const slots of SLOTS) {
    const before = await Promise.all(handles.map(async (h) => (await h.fetchHistory()).events?.length ?? 0));
    const took: number[] = [];
    let refused = 0;
    const started = Date.now();
    // A fresh worker has nothing cached: every forløb's next task replays its history.
    await (await worker(slots)).runUntil(async () => {
      const all = Promise.all(
        handles.map(async (h) => {
          // Temporal refuses an Update while the forløb's task keeps failing (the API answers 503);
          // a client tries again a second later, with the same update id.
          const updateId = randomUUID();
          while (Date.now() - started < PHASE_LIMIT_MS) {
            try {
              await h.executeUpdate(m.recordSessionUpdate, { args: [session()], updateId });
              took.push(Date.now() - started);
              return;
            } catch {
              refused++;
              await sleep(1_000);
            }
          }
        }),
      );
      await Promise.race([all, new Promise((r) => setTimeout(r, PHASE_LIMIT_MS))]);
    });
    const timeouts = await Promise.all(handles.map(async (h, i) => ((await h.fetchHistory()).events ?? []).slice(before[i]).filter((e) => e.eventType === TIMED_OUT)));
    const slow = timeouts.map((es) => es.filter((e) => e.workflowTaskTimedOutEventAttributes?.timeoutType === START_TO_CLOSE).length);
    const sticky = timeouts.reduce((n, es) => n + es.length, 0) - slow.reduce((a, b) => a + b, 0);
    console.log(
      `${String(slots).padStart(5)}  ${`${took.length}/${M}`.padEnd(8)}  ${(((took.length ? Math.max(...took) : PHASE_LIMIT_MS) / 1000).toFixed(1) + ' s').padEnd(6)}  ${String(took.length ? pct(took, 50) : '-').padStart(6)}  ${String(took.length ? Math.max(...took) : '-').padStart(6)}  ${String(refused).padStart(7)}  ${slow.reduce((a, b) => a + b, 0)} (${slow.filter((n) => n > 0).length}) / ${sticky}`,
    );
  }
  await connection.close();
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server!.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
