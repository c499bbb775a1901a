// Starts a forløb's workflow, for every route that creates one (POST /api/forloeb, POST /api/ggop).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { FORLOEB_WORKFLOW_TYPE, forloebWorkflowId, type ForloebWorkflowInput } from '../workflows/forloeb.messages';
import type { AppDeps } from './app';

/**
 * `repeatable`: the forløb's id is derived from something that comes again (an Idempotency-Key's
 * token, a hospital letter), so Temporal must refuse a second workflow with it, and a repeat, even one
 * at the same moment, finds the workflow the first started instead of failing.
 */
export async function startForloebWorkflow(temporal: AppDeps['temporal'], input: ForloebWorkflowInput, repeatable: boolean): Promise<void> {
  await temporal.client.workflow
    .start(FORLOEB_WORKFLOW_TYPE, {
      workflowId: forloebWorkflowId(input.forloebId),
      taskQueue: temporal.taskQueue,
      args: [input],
      ...(repeatable ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
    })
    .catch((err: unknown) => {
      if (repeatable && err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    });
}
