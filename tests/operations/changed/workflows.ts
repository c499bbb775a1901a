// A deploy of the forløb workflow changed without `patched()`, as the watchdog's repair test deploys
// it: from the second workflow task on it also starts a timer of its own. A history made by the
// real workflow therefore no longer replays from that task on, while its first task still does,
// which is the situation a reset to the last task that replays repairs. The watchdog workflow is
// in the bundle as in the real one.
import { condition, sleep, workflowInfo } from '@temporalio/workflow';
import { forloebWorkflow as current } from '../../../workflows/forloeb.workflow';
import type { ForloebWorkflowInput } from '../../../workflows/forloeb.messages';

export { watchdogWorkflow } from '../../../workflows/watchdog.workflow';

/** The history length from which the change takes effect: after the first workflow task. */
const CHANGED_FROM_HISTORY_LENGTH = 5;

export async function forloebWorkflow(input: ForloebWorkflowInput): Promise<void> {
  void (async () => {
    await condition(() => workflowInfo().historyLength > CHANGED_FROM_HISTORY_LENGTH);
    await sleep('30 days');
  })();
  return current(input);
}
