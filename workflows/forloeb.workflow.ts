// The forløb workflow: a durable host for the pure rules in domain/. It feeds commands and clock
// ticks into `decide`, folds the events with `evolve`, hands them to an activity for PostgreSQL
// (never waiting on it to accept the next command), and sleeps until the next deadline moment.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { createActivities } from '../activities';
import {
  decide,
  deadlines,
  evolve,
  frameFor,
  initialState,
  nextWakeUp,
  record,
  type ForloebCommand,
  type ForloebState,
  type RecordedEvent,
} from '../domain/forloeb';
import { RegelsaetFile } from '../domain/regelsaet/schema';
import { COMMAND_UPDATES, getForloebQuery, type CommandResult, type ForloebWorkflowInput } from './forloeb.messages';

const { publishEvents } = proxyActivities<ReturnType<typeof createActivities>>({
  // One delivery is one transaction of at most PUBLISH_BATCH events: milliseconds when PostgreSQL
  // answers. The timeout is what a crashed worker costs: its delivery is retried once it passes, so
  // it is short; no heartbeat, as no attempt runs long enough to need one.
  startToCloseTimeout: '10 seconds',
  // A database outage delays the read model; it must never lose an event, so retry without end
  // (no maximumAttempts, no scheduleToCloseTimeout), backing off to one attempt a minute.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Continue as new well before Temporal's history limits; a forløb of months stays far below this. */
const DEFAULT_HISTORY_LIMIT = 5_000;
const PUBLISH_BATCH = 100;

export async function forloebWorkflow(input: ForloebWorkflowInput): Promise<void> {
  const { forloebId } = input;
  // Parsed again so that a regelsæt recorded by an older version gets the defaults of newer fields.
  const regelsaet = RegelsaetFile.parse(input.regelsaet);
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  let state: ForloebState = input.state ?? initialState();
  /** Events handed to publishEvents and not yet acknowledged (carried over a continue-as-new). */
  const unpublished: RecordedEvent[] = [];
  let changed = false;

  const apply = (command: ForloebCommand): RecordedEvent[] => {
    const now = new Date();
    const decision = decide(state, command, now, regelsaet);
    if (!decision.ok) {
      throw ApplicationFailure.create({ type: decision.refusal.code, message: decision.refusal.reason, nonRetryable: true });
    }
    const recorded = record(state, decision.events, now);
    if (recorded.length === 0) return recorded;
    state = recorded.reduce(evolve, state);
    changed = true;
    return recorded;
  };

  // The outbox. Events are handed to publishEvents at once, in the same step that recorded them, and
  // an acknowledgement issues no command: it only removes the events from `unpublished`. Deliveries
  // may therefore run side by side and finish in any order; the activity stores each event once and
  // projects only a gap-free sequence, so the read model still follows the events in order.
  //
  // Why not one delivery at a time, the next sent when the last is acknowledged: then an activity
  // completion issues a command, and after a worker crash the SDK may hand that completion and a
  // following Update to the worker in two activations during the first run but in one during a
  // replay (a known SDK issue with timed-out workflow tasks), which orders the commands differently:
  // a nondeterminism error that stops the forløb. `npm run chaos` (invariant 4b) found it.
  const publish = (events: readonly RecordedEvent[]): void => {
    for (let i = 0; i < events.length; i += PUBLISH_BATCH) {
      const batch = events.slice(i, i + PUBLISH_BATCH);
      unpublished.push(...batch);
      void publishEvents({ forloebId, events: batch }).then(() => {
        const done = new Set(batch.map((e) => e.seq));
        for (let j = unpublished.length - 1; j >= 0; j--) if (done.has(unpublished[j]!.seq)) unpublished.splice(j, 1);
      });
    }
  };

  /** The state with every notice due by `now` sent: what a command is decided against. */
  const ticked = (now: Date): ForloebState => {
    const tick = decide(state, { type: 'Tick' }, now, regelsaet);
    return tick.ok ? record(state, tick.events, now).reduce(evolve, state) : state;
  };

  const validate = (command: ForloebCommand): void => {
    const now = new Date();
    const decision = decide(ticked(now), command, now, regelsaet);
    if (!decision.ok) {
      throw ApplicationFailure.create({ type: decision.refusal.code, message: decision.refusal.reason, nonRetryable: true });
    }
  };

  // A command first sends the notices that are due by its moment, then is decided. So a reminder
  // due at 08:00 precedes a command given at 08:01 whatever order Temporal hands the timer and the
  // Update to the worker in. Its events are handed to publishEvents before the handler returns.
  const handle = (command: ForloebCommand): CommandResult => {
    const notices = apply({ type: 'Tick' });
    const events = apply(command);
    publish([...notices, ...events]);
    return { events };
  };

  // The forløb exists before any handler is registered: a command that arrives in the same workflow
  // task as the start (a client acting right after creating) is validated against the created forløb,
  // not refused as "not created".
  publish(input.unpublished ?? []);
  if (input.create) publish(apply(input.create));

  for (const update of COMMAND_UPDATES) {
    setHandler(update as UpdateDefinition<CommandResult, [ForloebCommand]>, handle, { validator: validate });
  }
  setHandler(getForloebQuery, () => {
    const frame =
      state.status === 'empty'
        ? undefined
        : (state.visitation?.frame ?? (state.source.kind === 'genoptraeningsplan' ? frameFor(regelsaet, state.source.kategori)?.frame : undefined));
    return { state, deadlines: deadlines(state, regelsaet, new Date()), ...(frame ? { frame } : {}) };
  });

  // The loop issues its commands (timers, deliveries of notices) only once every Update handler has
  // returned, so that where an Update sits among a workflow task's other jobs does not change the
  // order of the task's commands.
  for (;;) {
    await condition(allHandlersFinished);
    publish(apply({ type: 'Tick' }));
    if (state.status !== 'open' && unpublished.length === 0) break;
    if (workflowInfo().historyLength > historyLimit || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof forloebWorkflow>({ forloebId, regelsaet, state, unpublished: [...unpublished], historyLimit });
    }
    changed = false;
    const wake = nextWakeUp(state, regelsaet);
    if (!wake) {
      await condition(() => changed || (state.status !== 'open' && unpublished.length === 0));
      continue;
    }
    const timeout = wake.getTime() - Date.now();
    // A tick sends every notice due by now, so the next one lies ahead; anything else is a bug that
    // must fail the workflow task visibly rather than spin.
    if (timeout <= 0) throw new Error(`next deadline moment ${wake.toISOString()} is not in the future`);
    await condition(() => changed, timeout);
  }
  await condition(allHandlersFinished);
}
