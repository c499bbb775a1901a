// A deliberately non-deterministic edit of the forløb workflow, used only by the replay test to show
// that replaying the committed histories catches such a change: it sleeps before doing anything.
import { sleep } from '@temporalio/workflow';
import { forloebWorkflow as current } from '../../../workflows/forloeb.workflow';
import type { ForloebWorkflowInput } from '../../../workflows/forloeb.messages';

export async function forloebWorkflow(input: ForloebWorkflowInput): Promise<void> {
  await sleep('1 minute');
  return current(input);
}
