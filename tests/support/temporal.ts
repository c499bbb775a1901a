// One time-skipping Temporal test server per test file, started from the installed binary
// (never downloaded), and the workflow bundle built once.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalTestServerPath } from '../../config/binaries';
import { WORKFLOWS_PATH } from '../../worker/worker';

let runtimeInstalled = false;

/** Installs the SDK runtime once per test process, keeping only errors from the core. */
export function installQuietRuntime(): void {
  if (!runtimeInstalled) {
    // The time-skipping server lacks some capabilities the SDK core warns about on every worker; keep errors only.
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
    runtimeInstalled = true;
  }
}

export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }));
