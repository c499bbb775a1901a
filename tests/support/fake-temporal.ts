// A Temporal client for API tests that runs the real forløb rules in memory: start applies the
// CreateForloeb command, a query answers the snapshot, an update decides and evolves (a refusal comes
// back as WorkflowUpdateFailedError, as from the real workflow). Every call is recorded. As Temporal
// does, a start of an id that exists is refused, and an update with an Update id already seen gets
// the first one's outcome without running again.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { applyAll, deadlines, decide, decideAndRecord, evolve, initialState, type ForloebCommand, type ForloebState } from '../../domain/forloeb';
import type { Regelsaet } from '../../domain/regelsaet';
import { refusalFailure, type CommandResult, type ForloebSnapshot, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';

export type FakeTemporal = {
  client: Client;
  starts: { workflowId: string; input: ForloebWorkflowInput }[];
  queries: string[];
  updates: { workflowId: string; name: string; command: ForloebCommand; updateId?: string }[];
  /** The state of a forløb, to adjust (e.g. another kommune) in a test. */
  forloeb: Map<string, { state: ForloebState; regelsaet: Regelsaet }>;
  /** Holds every update until the returned function is called (for in-flight tests). */
  holdUpdates: () => () => void;
  reset: () => void;
};

export function fakeTemporal(now: () => Date): FakeTemporal {
  const fake: FakeTemporal = {
    client: undefined as unknown as Client,
    starts: [],
    queries: [],
    updates: [],
    forloeb: new Map(),
    holdUpdates: () => {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    reset: () => {
      fake.starts.length = 0;
      fake.queries.length = 0;
      fake.updates.length = 0;
    },
  };
  let gate: Promise<void> | undefined;
  const outcomes = new Map<string, Promise<CommandResult>>();
  const entry = (workflowId: string) => {
    const found = fake.forloeb.get(workflowId);
    if (!found) throw new WorkflowNotFoundError('Workflow not found', workflowId, undefined);
    return found;
  };
  fake.client = {
    workflow: {
      start: async (_type: string, options: { workflowId: string; args: [ForloebWorkflowInput] }) => {
        const input = options.args[0];
        fake.starts.push({ workflowId: options.workflowId, input });
        if (fake.forloeb.has(options.workflowId)) throw new WorkflowExecutionAlreadyStartedError('Workflow execution already started', options.workflowId, _type);
        let state = initialState();
        if (input.create) {
          const decision = decide(state, input.create, now(), input.regelsaet);
          if (decision.ok) state = applyAll(state, decision.events, now());
        }
        fake.forloeb.set(options.workflowId, { state, regelsaet: input.regelsaet });
        return { workflowId: options.workflowId };
      },
      getHandle: (workflowId: string) => ({
        workflowId,
        query: async (): Promise<ForloebSnapshot> => {
          fake.queries.push(workflowId);
          const { state, regelsaet } = entry(workflowId);
          return { state, deadlines: deadlines(state, regelsaet, now()) };
        },
        executeUpdate: async (def: { name: string }, options: { args: [ForloebCommand]; updateId?: string }): Promise<CommandResult> => {
          const command = options.args[0];
          fake.updates.push({ workflowId, name: def.name, command, ...(options.updateId ? { updateId: options.updateId } : {}) });
          const seen = options.updateId ? outcomes.get(`${workflowId}|${options.updateId}`) : undefined;
          if (seen) return seen;
          const outcome = apply(workflowId, command);
          if (options.updateId) {
            const key = `${workflowId}|${options.updateId}`;
            outcomes.set(key, outcome);
            // A refused Update is not kept by Temporal: a repeat is validated again.
            outcome.catch(() => outcomes.delete(key));
          }
          return outcome;
        },
      }),
    },
  } as unknown as Client;

  async function apply(workflowId: string, command: ForloebCommand): Promise<CommandResult> {
    if (gate) await gate;
    const found = entry(workflowId);
    const decision = decideAndRecord(found.state, command, now(), found.regelsaet);
    if (!decision.ok) {
      throw new WorkflowUpdateFailedError('Workflow Update failed', refusalFailure(decision.refusal));
    }
    const events = decision.events;
    found.state = events.reduce(evolve, found.state);
    return { events };
  }
  return fake;
}
