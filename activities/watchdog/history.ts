// Reading a forløb workflow's history: where its workflow tasks completed, the events it handed to
// publishEvents (decoded with the worker's data converter, as every payload is encrypted), and
// replaying it, or a prefix of it, against the deployed workflow bundle.
import type { DataConverter } from '@temporalio/common';
import { decodeArrayFromPayloads, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
// A CommonJS module: Node's ESM loader offers only its default export.
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { RecordedEvent } from '../../domain/forloeb';
import type { ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import type { ReplayOutcome } from './verdict';

export type History = proto.temporal.api.history.v1.IHistory;
const EventType = proto.temporal.api.enums.v1.EventType;

/** The bundle the worker runs: a prebuilt file (WORKFLOW_BUNDLE_PATH) or code bundled at start. */
export type ReplayBundle = { codePath: string } | { code: string };

const eventsOf = (h: History) => h.events ?? [];
const idOf = (e: proto.temporal.api.history.v1.IHistoryEvent) => Number(e.eventId);

export const completedTaskIds = (h: History): number[] =>
  eventsOf(h).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).map(idOf);

/** The id of the last failed workflow task that marks a reset point in this run, if any. */
export const lastResetMark = (h: History): number | undefined =>
  eventsOf(h)
    .filter(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
        e.workflowTaskFailedEventAttributes?.cause === proto.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    )
    .map(idOf)
    .at(-1);

/** The history up to and including `eventId`. */
export const prefixOf = (h: History, eventId: number): History => proto.temporal.api.history.v1.History.create({ events: eventsOf(h).filter((e) => idOf(e) <= eventId) });

/** Whether a task completed after `eventId`: the new run after a reset has decided again. */
export const completedAfter = (h: History, eventId: number): boolean => completedTaskIds(h).some((id) => id > eventId);

export type Delivery = { eventId: number; events: RecordedEvent[] };

/** Every publishEvents the history scheduled, with its events, in history order. */
export async function deliveriesOf(h: History, dataConverter: DataConverter | undefined): Promise<Delivery[]> {
  const converter = loadDataConverter(dataConverter);
  const deliveries: Delivery[] = [];
  for (const e of eventsOf(h)) {
    const attrs = e.activityTaskScheduledEventAttributes;
    if (e.eventType !== EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || attrs?.activityType?.name !== 'publishEvents') continue;
    const [input] = (await decodeArrayFromPayloads(converter, attrs.input?.payloads)) as [{ events: RecordedEvent[] }];
    deliveries.push({ eventId: idOf(e), events: input.events });
  }
  return deliveries;
}

/** The sequence number the run started from: a continued-as-new run carries the state of the last. */
export async function startSeqOf(h: History, dataConverter: DataConverter | undefined): Promise<number> {
  const started = eventsOf(h).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const payloads = started?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads) return 0;
  const [input] = (await decodeArrayFromPayloads(loadDataConverter(dataConverter), payloads)) as [ForloebWorkflowInput | undefined];
  return input?.state?.seq ?? 0;
}

export async function replay(h: History, bundle: ReplayBundle, dataConverter: DataConverter | undefined, workflowId: string): Promise<ReplayOutcome> {
  try {
    await Worker.runReplayHistory({ workflowBundle: bundle, ...(dataConverter ? { dataConverter } : {}), replayName: 'forloeb-watchdog' }, h, workflowId);
    return { ok: true };
  } catch (err) {
    const e = err as Error;
    return { ok: false, errorName: e.name, message: e.message };
  }
}
