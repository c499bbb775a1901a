// The baseline of `npm run bench:workflow`: a workflow with no domain logic that has the forløb
// workflow's shape. Each Update (with a trivial validator) queues one item; a loop hands the queue
// to a trivial activity in batches, as the forløb's outbox does; after each Update the main loop
// re-arms a timer. It completes once the expected number of Updates has come and been handed over.
import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export type MinimalActivities = { touch(input: { items: number }): Promise<number> };

export const stepUpdate = defineUpdate<number, [number]>('step');

const { touch } = proxyActivities<MinimalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function minimalWorkflow(expectedUpdates: number): Promise<number> {
  let received = 0;
  let pending = 0;
  let changed = false;
  setHandler(
    stepUpdate,
    () => {
      received++;
      pending++;
      changed = true;
      return received;
    },
    {
      validator: (step) => {
        if (!Number.isInteger(step) || step < 0) throw new Error('step must be a whole number');
      },
    },
  );

  const publisher = (async () => {
    for (;;) {
      await condition(() => pending > 0);
      const batch = pending;
      await touch({ items: batch });
      pending -= batch;
    }
  })();

  const done = () => received >= expectedUpdates && pending === 0;
  while (!done()) {
    changed = false;
    await condition(() => changed || done(), '30 days');
  }
  await condition(allHandlersFinished);
  void publisher;
  return received;
}
