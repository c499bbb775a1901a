// The letter activities: the outbox run the letters' schedule starts every minute.
import { sendDueLetters, type LetterOutboxDeps, type OutboxRun } from './outbox';

export function createLetterActivities(deps: LetterOutboxDeps) {
  return {
    /** Makes and sends the due letters; a failed letter is recorded and retried by a later run. */
    async sendDueLetters(): Promise<OutboxRun> {
      return sendDueLetters(deps);
    },
  };
}

export { channelFromConfig, DigitalPostChannel, FileLetterChannel, messageIdOf, type LetterChannel, type LetterMessage } from './channel';
export { letterBlobName, retryDelaySeconds, sendDueLetters, type LetterOutboxDeps, type OutboxRun } from './outbox';
