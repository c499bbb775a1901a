// Bundles the forløb workflows ahead of time, as Temporal recommends for production: a worker that
// loads a prebuilt bundle (WORKFLOW_BUNDLE_PATH) starts in about a second instead of bundling for
// several. The failure converter goes into the bundle, as the worker's data converter names it.
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../config/data-converter';
import { WORKFLOWS_PATH } from './worker';

/** The workflow bundle's code, made as the worker makes it. */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  return code;
}

export async function writeWorkflowBundle(path: string): Promise<void> {
  writeFileSync(path, await bundleWorkflows());
}

const nothing = () => {};
const quietLogger = { log: nothing, trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing };
