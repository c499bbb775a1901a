// The watchdog: run every minute by a Temporal Schedule (activities/watchdog/schedule.ts), it lists
// the forløb whose workflow tasks keep failing or timing out and has each examined, and repaired
// where a reset can repair it, by the activities. Nothing here but the calls.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createWatchdogActivities, Examination } from '../activities/watchdog';

type WatchdogActivities = ReturnType<typeof createWatchdogActivities>;

const { listWatchdogSuspects } = proxyActivities<WatchdogActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });
// A repair replays a history several times, resets, waits out the old run's deliveries and then for
// the new run's decision: minutes at most. It heartbeats while it waits for the new run.
const { examineForloeb } = proxyActivities<WatchdogActivities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '1 minute', retry: { maximumAttempts: 2 } });

export type WatchdogSummary = { examined: Examination[]; failed: string[] };

export async function watchdogWorkflow(): Promise<WatchdogSummary> {
  const summary: WatchdogSummary = { examined: [], failed: [] };
  for (const suspect of await listWatchdogSuspects()) {
    try {
      summary.examined.push(await examineForloeb(suspect));
    } catch (err) {
      // One forløb that cannot be examined must not keep the others from being looked at.
      if (!(err instanceof ActivityFailure)) throw err;
      summary.failed.push(suspect.workflowId);
    }
  }
  return summary;
}
