// The letters' run: started every minute by a Temporal Schedule (activities/letters/schedule.ts), it
// has the due decision letters made and sent by the outbox activity. Nothing here but the call.
import { proxyActivities } from '@temporalio/workflow';
import type { createLetterActivities, OutboxRun } from '../activities/letters';

type LetterActivities = ReturnType<typeof createLetterActivities>;

// A run makes and sends at most 50 letters; each is its own transaction, so a retried run repeats nothing already sent.
const { sendDueLetters } = proxyActivities<LetterActivities>({ startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 3 } });

export async function lettersWorkflow(): Promise<OutboxRun> {
  return sendDueLetters();
}
