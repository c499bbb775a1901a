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
  const unpublished: RecordedEvent[] = [...(input.unpublished ?? [])];
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
    unpublished.push(...recorded);
    changed = true;
    return recorded;
  };

  const validate = (command: ForloebCommand): void => {
    const decision = decide(state, command, new Date(), regelsaet);
    if (!decision.ok) {
      throw ApplicationFailure.create({ type: decision.refusal.code, message: decision.refusal.reason, nonRetryable: true });
    }
  };

  const handle = (command: ForloebCommand): CommandResult => ({ events: apply(command) });

  // The forløb exists before any handler is registered: a command that arrives in the same workflow
  // task as the start (a client acting right after creating) is validated against the created forløb,
  // not refused as "not created". A refused Update leaves no history, so histories that were recorded
  // with the earlier order replay unchanged.
  if (input.create) apply(input.create);

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

  const publisher = publishLoop(forloebId, unpublished);

  for (;;) {
    apply({ type: 'Tick' });
    if (state.status !== 'open' && unpublished.length === 0) break;
    if (workflowInfo().historyLength > historyLimit || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof forloebWorkflow>({ forloebId, regelsaet, state, unpublished, historyLimit });
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
  void publisher;
}

/** Hands recorded events to PostgreSQL in order, in batches; a batch leaves the queue only once stored. */
async function publishLoop(forloebId: string, unpublished: RecordedEvent[]): Promise<never> {
  for (;;) {
    await condition(() => unpublished.length > 0);
    const batch = unpublished.slice(0, PUBLISH_BATCH);
    await publishEvents({ forloebId, events: batch });
    unpublished.splice(0, batch.length);
  }
}
