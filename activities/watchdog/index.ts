// The watchdog's activities: list the forløb whose workflow tasks keep failing or timing out, and
// examine each: replay its history against the deployed bundle, classify, and for a history that no
// longer replays reset it to its last task that does and reconcile its read model. Every finding is
// counted, logged (the forløb id, never a CPR number) and written to the operations inbox.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
// A CommonJS module: Node's ESM loader offers only its default export.
import proto from '@temporalio/proto';
import type { Pool } from 'pg';
import { watchdogMetrics, type WatchdogMetrics } from './metrics';
import type { Logger } from 'pino';
import type { Regelsaet } from '../../domain/regelsaet';
import { createLogger } from '../../config/logger';
import { FORLOEB_WORKFLOW_TYPE } from '../../workflows/forloeb.messages';
import { recordFinding } from './drift-fund';
import { completedAfter, completedTaskIds, deliveriesOf, lastResetMark, prefixOf, replay, startSeqOf, type History, type ReplayBundle } from './history';
import { reconcileAfterReset } from './reconcile';
import { classify, keptSeq, lastReplayingTask, resetCanHelp, type FindingKind, type RepairOutcome } from './verdict';

export type { ReplayBundle } from './history';

export type WatchdogDeps = {
  pool: Pool;
  /** The regelsæt the worker loaded (built-in and REGELSAET_DIR), for the repaired forløb's read rows; default the built-in ones. */
  catalogue?: readonly Regelsaet[];
  namespace: string;
  /** The worker's data converter: histories are encrypted with it. */
  dataConverter?: DataConverter | undefined;
  /** The bundle the worker runs, so the replay judges the history by the deployed code. */
  replayBundle: () => Promise<ReplayBundle>;
  /**
   * How long a repair waits after the reset before it touches the event log: at least the
   * start-to-close timeout of publishEvents (10 s), so no delivery of the old run is still running.
   */
  settleMs?: number;
  /** How long a repair waits for the new run to decide again before it reconciles anyway. */
  redecideTimeoutMs?: number;
  log?: Logger;
  /**
   * The counters to count findings and repairs in, made once for the process (./metrics.ts):
   * an activity's own meter is made anew for every execution, and counters made from it again and
   * again would be exported as duplicate series. Without it (tests), the activity's meter is used.
   */
  metrics?: () => WatchdogMetrics;
};

/**
 * A forløb to examine: one the server reports repeated workflow task problems for (with its run),
 * or an open one whose next notice moment (forloeb.next_wake_at) passed long ago.
 */
export type ProblemSuspect = { workflowId: string; runId: string; reason: 'problemer' };
export type TickSuspect = { workflowId: string; reason: 'frist'; wakeAt: string };
export type Suspect = ProblemSuspect | TickSuspect;
export type Examination =
  | { workflowId: string; outcome: 'ikke_koerende' | 'ingen_fejl' }
  | { workflowId: string; outcome: 'fund'; kind: FindingKind; repair: RepairOutcome; driftFundId: number };

/** The most suspects of each reason one run examines; the next run, a minute later, takes the rest. */
export const MAX_SUSPECTS = 50;
/** How long past its notice moment a forløb may be without the workflow having acted on it. */
export const TICK_GRACE = '10 minutes';

/** Running forløb on which the server reports repeated workflow task failures or timeouts. */
export const SUSPECT_QUERY =
  `WorkflowType = '${FORLOEB_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' ` +
  `AND TemporalReportedProblems IN ('category=WorkflowTaskFailed', 'category=WorkflowTaskTimedOut')`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createWatchdogActivities(deps: WatchdogDeps) {
  const { pool, namespace, dataConverter } = deps;
  const settleMs = deps.settleMs ?? 15_000;
  const redecideTimeoutMs = deps.redecideTimeoutMs ?? 30_000;
  const log = deps.log ?? createLogger('watchdog', 'info');

  async function fetchHistory(client: Client, workflowId: string, runId: string): Promise<History> {
    return client.workflow.getHandle(workflowId, runId).fetchHistory();
  }

  /** Resets a history that no longer replays and reconciles the read model; answers what it did. */
  async function resetAndReconcile(client: Client, s: ProblemSuspect, history: History, bundle: ReplayBundle): Promise<string> {
    const replays = async (eventId: number) => (await replay(prefixOf(history, eventId), bundle, dataConverter, s.workflowId)).ok;
    const resetTo = await lastReplayingTask(completedTaskIds(history), replays);
    if (resetTo === undefined) throw new Error('ingen workflow-opgave i historikken kan genafspilles med den udrullede kode');
    if (!resetCanHelp(resetTo, lastResetMark(history))) {
      throw new Error(`forløbet er allerede nulstillet, og den udrullede kode fejler på den opgave, nulstillingen gav den (hændelse ${resetTo}); ny nulstilling opgivet`);
    }
    const kept = keptSeq(await startSeqOf(history, dataConverter), (await deliveriesOf(history, dataConverter)).map((d) => ({ eventId: d.eventId, seqs: d.events.map((e) => e.seq) })), resetTo);

    // Signals and Updates after the reset point are applied again to the new run (the default of
    // the exclude list, stated here): an Update accepted before the failure is decided again.
    const { runId: newRunId } = await client.workflowService.resetWorkflowExecution(
      proto.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest.fromObject({
        namespace,
        workflowExecution: { workflowId: s.workflowId, runId: s.runId },
        reason: 'watchdog: historikken kan ikke genafspilles med den udrullede kode',
        workflowTaskFinishEventId: resetTo,
        // One reset per run and point, however often the activity is retried.
        requestId: `watchdog-${s.runId}-${resetTo}`,
        resetReapplyType: proto.temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_ALL_ELIGIBLE,
        resetReapplyExcludeTypes: [],
      }),
    );
    await sleep(settleMs);
    let newHistory = await fetchHistory(client, s.workflowId, newRunId);
    for (const until = Date.now() + redecideTimeoutMs; !completedAfter(newHistory, resetTo) && Date.now() < until; ) {
      Context.current().heartbeat();
      await sleep(250);
      newHistory = await fetchHistory(client, s.workflowId, newRunId);
    }
    const decided = (await deliveriesOf(newHistory, dataConverter)).flatMap((d) => d.events);
    const r = await reconcileAfterReset(pool, s.workflowId, kept, decided, deps.catalogue);
    return (
      `Nulstillet til workflow-opgaven ved hændelse ${resetTo} (ny kørsel ${newRunId}); hændelserne til nr. ${kept} beholdt, ` +
      `${r.superseded} erstattet (arkiveret), ${r.stored} besluttet igen; læsemodellen genopbygget af ${r.projectedEvents} hændelser`
    );
  }

  /**
   * An open forløb whose notice moment passed without the workflow acting on it. Nothing is reset:
   * the workflow may be fine and its events held up, or it may be gone; a person looks. A forløb
   * that is also reported with task problems is examined (and repaired) through those instead.
   */
  async function examineMissedTick(client: Client, s: TickSuspect, findings: WatchdogMetrics['findings']): Promise<Examination> {
    const { rows } = await pool.query(`SELECT 1 FROM forloeb WHERE id = $1 AND status = 'open' AND next_wake_at < now() - $2::interval`, [s.workflowId, TICK_GRACE]);
    if (rows.length === 0) return { workflowId: s.workflowId, outcome: 'ingen_fejl' };
    let runId: string | null = null;
    let state: string;
    try {
      const d = await client.workflow.getHandle(s.workflowId).describe();
      const reported = (d.searchAttributes['TemporalReportedProblems'] as string[] | undefined) ?? [];
      if (d.status.name === 'RUNNING' && reported.length > 0) return { workflowId: s.workflowId, outcome: 'ingen_fejl' };
      runId = d.runId;
      state = `workflowet er ${d.status.name}, opgaveforsøg ${d.raw.pendingWorkflowTask?.attempt ?? 0}`;
    } catch (err) {
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      state = 'workflowet findes ikke';
    }
    const kind = 'frist_uden_tick' as const;
    findings.add(1, { kind });
    log.warn({ forloebId: s.workflowId, runId, kind, wakeAt: s.wakeAt }, 'watchdog: forløb i problemer');
    const detail = `Næste påmindelses- eller eskaleringstidspunkt ${s.wakeAt} er passeret for mere end ${TICK_GRACE.replace('minutes', 'minutter')} siden, uden at forløbet har handlet; ${state}`;
    const driftFundId = await recordFinding(pool, { forloebId: s.workflowId, runId, kind, detail, repair: 'ingen' });
    return { workflowId: s.workflowId, outcome: 'fund', kind, repair: 'ingen', driftFundId };
  }

  return {
    async listWatchdogSuspects(): Promise<Suspect[]> {
      const client = Context.current().client;
      const suspects: Suspect[] = [];
      for await (const wf of client.workflow.list({ query: SUSPECT_QUERY })) {
        suspects.push({ workflowId: wf.workflowId, runId: wf.runId, reason: 'problemer' });
        if (suspects.length >= MAX_SUSPECTS) break;
      }
      const reported = new Set(suspects.map((s) => s.workflowId));
      const { rows } = await pool.query<{ id: string; wake_at: Date }>(
        `SELECT id, next_wake_at AS wake_at FROM forloeb
          WHERE status = 'open' AND next_wake_at IS NOT NULL AND next_wake_at < now() - $1::interval
          ORDER BY next_wake_at LIMIT $2`,
        [TICK_GRACE, MAX_SUSPECTS],
      );
      for (const r of rows) if (!reported.has(r.id)) suspects.push({ workflowId: r.id, reason: 'frist', wakeAt: r.wake_at.toISOString() });
      return suspects;
    },

    async examineForloeb(suspect: Suspect): Promise<Examination> {
      const ctx = Context.current();
      const client = ctx.client;
      const { findings, repairs } = deps.metrics?.() ?? watchdogMetrics(ctx.metricMeter);
      if (suspect.reason === 'frist') return examineMissedTick(client, suspect, findings);
      const s = suspect;
      const description = await client.workflow.getHandle(s.workflowId, s.runId).describe();
      if (description.status.name !== 'RUNNING') return { workflowId: s.workflowId, outcome: 'ikke_koerende' };
      const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
      const reported = ((description.searchAttributes['TemporalReportedProblems'] as string[] | undefined) ?? []).map(String);

      const history = await fetchHistory(client, s.workflowId, s.runId);
      const bundle = await deps.replayBundle();
      const verdict = classify({ attempt, reported }, await replay(history, bundle, dataConverter, s.workflowId));
      if (!verdict) return { workflowId: s.workflowId, outcome: 'ingen_fejl' };
      findings.add(1, { kind: verdict.kind });
      const where = { forloebId: s.workflowId, runId: s.runId, kind: verdict.kind, attempt };
      log.warn(where, 'watchdog: forløb i problemer');

      let repair: RepairOutcome = 'ingen';
      let repairDetail: string | undefined;
      if (verdict.reset) {
        try {
          repairDetail = await resetAndReconcile(client, s, history, bundle);
          repair = 'repareret';
          log.info({ ...where, repairDetail }, 'watchdog: forløb repareret');
        } catch (err) {
          repair = 'mislykket';
          repairDetail = `Nulstilling forsøgt: ${(err as Error).message}`;
          log.error({ ...where, err: (err as Error).message }, 'watchdog: reparation mislykkedes');
        }
        repairs.add(1, { outcome: repair });
      }
      const driftFundId = await recordFinding(pool, { forloebId: s.workflowId, runId: s.runId, kind: verdict.kind, detail: verdict.detail, repair, ...(repairDetail ? { repairDetail } : {}) });
      return { workflowId: s.workflowId, outcome: 'fund', kind: verdict.kind, repair, driftFundId };
    },
  };
}
