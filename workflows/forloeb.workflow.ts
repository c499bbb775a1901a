// The forløb workflow: a durable host for the pure rules in domain/. It feeds commands and clock
// ticks into `decide`, folds the events with `evolve`, hands them to an activity for PostgreSQL
// (never waiting on it to accept the next command), and sleeps until the next deadline moment.
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { createActivities } from '../activities';
import {
  CURRENT_RULES,
  decideAndRecord,
  evolve,
  initialState,
  instantOf,
  nextWakeUp,
  noticeSpreadMs,
  snapshotOf,
  type ForloebCommand,
  type ForloebState,
  type RecordedEvent,
} from '../domain/forloeb/decider';
import { upgradeRegelsaet } from '../domain/regelsaet/upgrade';
import { COMMAND_TYPE_OF_UPDATE, COMMAND_UPDATES, DATE_RULES_PATCH, getForloebQuery, OUTBOX_IN_MAIN_LOOP_PATCH, refusalFailure, type CommandResult, type ForloebWorkflowInput } from './forloeb.messages';

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
  // A regelsæt recorded by an older version gets the defaults of newer fields.
  const regelsaet = upgradeRegelsaet(input.regelsaet);
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const outboxInMainLoop = patched(OUTBOX_IN_MAIN_LOOP_PATCH);
  let state: ForloebState = input.state ?? initialState();
  /** Events handed to publishEvents and not yet acknowledged (carried over a continue-as-new). */
  const unpublished: RecordedEvent[] = [];
  /** Events decided and not yet handed to publishEvents: the main loop hands them over in one batch. */
  const outbox: RecordedEvent[] = [];
  let changed = false;


  /**
   * Decides a command at `clock` (a command carries its own instant and wins), records and folds its
   * events. The date rules only for a command handled since DATE_RULES_PATCH: one replayed from before
   * is decided as it was.
   */
  const apply = (command: ForloebCommand, clock: Date): RecordedEvent[] => {
    const rules = command.type === 'Tick' ? CURRENT_RULES : { dateRules: patched(DATE_RULES_PATCH) };
    const decision = decideAndRecord(state, command, clock, regelsaet, rules);
    if (!decision.ok) throw refusalFailure(decision.refusal);
    if (decision.events.length === 0) return decision.events;
    state = decision.events.reduce(evolve, state);
    changed = true;
    return decision.events;
  };

  // Deliveries. An acknowledgement issues no command: it only removes the events from `unpublished`.
  // Deliveries may therefore run side by side and finish in any order; the activity stores each event
  // once and projects only a gap-free sequence, so the read model still follows the events in order.
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

  /** The state with every notice due by `at` sent: what a command is decided against. */
  const ticked = (at: Date): ForloebState => {
    const tick = decideAndRecord(state, { type: 'Tick' }, at, regelsaet);
    return tick.ok ? tick.events.reduce(evolve, state) : state;
  };

  const validate = (command: ForloebCommand): void => {
    const at = instantOf(command, new Date());
    const decision = decideAndRecord(ticked(at), command, at, regelsaet);
    if (!decision.ok) throw refusalFailure(decision.refusal);
  };

  // A command first sends the notices that are due by its instant, then is decided at that instant.
  // So a reminder due at 08:00 precedes a command given at 08:01 whatever order Temporal hands the
  // timer and the Update to the worker in, and a command decided again later (a retried or repaired
  // workflow task) is decided exactly as the first time.
  const handle = (command: ForloebCommand): CommandResult => {
    const at = instantOf(command, new Date());
    const notices = apply({ type: 'Tick' }, at);
    const events = apply(command, at);
    // Histories recorded before the patch handed the events to publishEvents here, in the handler.
    if (outboxInMainLoop) outbox.push(...notices, ...events);
    else publish([...notices, ...events]);
    return { events };
  };

  // The forløb exists before any handler is registered: a command that arrives in the same workflow
  // task as the start (a client acting right after creating) is validated against the created forløb,
  // not refused as "not created".
  if (outboxInMainLoop) {
    outbox.push(...(input.unpublished ?? []));
    if (input.create) outbox.push(...apply(input.create, new Date()));
  } else {
    publish(input.unpublished ?? []);
    if (input.create) publish(apply(input.create, new Date()));
  }

  for (const update of COMMAND_UPDATES) {
    const expected: string = COMMAND_TYPE_OF_UPDATE[update.name as keyof typeof COMMAND_TYPE_OF_UPDATE];
    // The API validates every field at its edge; here only what the edge cannot promise: that an
    // Update carries the command it is named for (a recordSession that carries a close is refused).
    const validator = (command: ForloebCommand): void => {
      const type: unknown = (command as { type?: unknown } | null)?.type;
      if (type !== expected) throw refusalFailure({ code: 'invalid', message: `opdateringen ${update.name} skal bære kommandoen ${expected}, ikke ${String(type)}` });
      validate(command);
    };
    setHandler(update as UpdateDefinition<CommandResult, [ForloebCommand]>, handle, { validator });
  }
  setHandler(getForloebQuery, () => snapshotOf(state, regelsaet, new Date()));

  const done = () => state.status !== 'open' && unpublished.length === 0;
  const continueAsNewIfLong = async () => {
    if (workflowInfo().historyLength > historyLimit || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof forloebWorkflow>({ forloebId, regelsaet, state, unpublished: [...unpublished], historyLimit });
    }
  };
  /** A tick sends every notice due by now, so the next moment lies ahead; anything else is a bug that must fail the task visibly. */
  const delayUntil = (wake: Date): number => {
    const delay = wake.getTime() - Date.now();
    if (delay <= 0) throw new Error(`next deadline moment ${wake.toISOString()} is not in the future`);
    return delay;
  };

  if (outboxInMainLoop) {
    // The only place that issues commands. Update handlers decide, change the state and queue their
    // events; once every handler of the workflow task has returned, the loop sends the notices that
    // are due, hands the whole outbox to publishEvents in one batch, and re-arms the timer only when
    // the next wake-up moment has changed. So an Update costs one delivery and no timer commands,
    // and a timer that fires in the same workflow task as an Update gives the same kinds of commands
    // as the two handled apart: the commands of a task do not depend on how Temporal groups its jobs.
    let timer: { at: number; fired: boolean; cancel: () => void } | undefined;
    const spread = noticeSpreadMs(forloebId);
    const arm = (wake: Date | undefined) => {
      if (timer && !timer.fired && timer.at === wake?.getTime()) return;
      if (timer && !timer.fired) timer.cancel();
      timer = undefined;
      if (!wake) return;
      const scope = new CancellationScope();
      const armed = { at: wake.getTime(), fired: false, cancel: () => scope.cancel() };
      scope
        .run(() => sleep(delayUntil(wake)))
        .then(
          () => {
            armed.fired = true;
          },
          (err: unknown) => {
            if (!isCancellation(err)) throw err;
          },
        );
      timer = armed;
    };
    for (;;) {
      await condition(allHandlersFinished);
      outbox.push(...apply({ type: 'Tick' }, new Date()));
      publish(outbox.splice(0));
      if (done()) break;
      await continueAsNewIfLong();
      changed = false;
      const wake = nextWakeUp(state, regelsaet);
      arm(wake && new Date(wake.getTime() + spread));
      await condition(() => changed || timer?.fired === true || done());
    }
  } else {
    await legacyLoop();
  }
  await condition(allHandlersFinished);

  /** The loop of histories recorded before the patch: the timer is re-armed after every change. */
  async function legacyLoop(): Promise<void> {
    for (;;) {
      await condition(allHandlersFinished);
      publish(apply({ type: 'Tick' }, new Date()));
      if (done()) break;
      await continueAsNewIfLong();
      changed = false;
      const wake = nextWakeUp(state, regelsaet);
      if (!wake) {
        await condition(() => changed || done());
        continue;
      }
      await condition(() => changed, delayUntil(wake));
    }
  }
}
