// The worker of the chaos run: the production worker process (worker/process.ts) whose event
// deliveries are duplicated and reordered at random, as a network and Temporal's at-least-once
// activities can do:
//   - the batch's events one at a time, last first, then the batch (early events wait for a gap);
//   - the batch twice at the same time (two deliveries race for the same rows);
//   - the forløb's previous batch again before this one (a late duplicate of an older delivery);
//   - the second half of the batch before the batch (stored beyond a gap);
//   - the batch delivered and then an error thrown, so Temporal retries the activity and delivers
//     it again (an acknowledgement lost after the work was done).
// Each chosen mode is printed as one line `chaos-delivery <mode>` that the run counts.
import type { RecordedEvent } from '../domain/forloeb';
import { runWorkerProcess } from '../worker/process';
import type { Activities } from '../worker/worker';

const previous = new Map<string, RecordedEvent[]>();

function chaotic(activities: Activities): Activities {
  const deliver = activities.publishEvents;
  return {
    ...activities,
    async publishEvents(input) {
      const { forloebId, events } = input;
      const older = previous.get(forloebId);
      previous.set(forloebId, events);
      if (previous.size > 5_000) previous.clear();
      const r = Math.random();
      const mode =
        r < 0.45 ? 'once' : r < 0.6 ? 'reversed' : r < 0.72 ? 'concurrent' : r < 0.82 && older ? 'older-again' : r < 0.92 && events.length > 1 ? 'gap-first' : r < 0.97 ? 'once' : 'ack-lost';
      if (mode !== 'once') console.log(`chaos-delivery ${mode}`);
      switch (mode) {
        case 'reversed':
          for (const e of [...events].reverse()) await deliver({ forloebId, events: [e] });
          return deliver(input);
        case 'concurrent': {
          // Same order in both, as two attempts of one activity would send it.
          const [a] = await Promise.all([deliver(input), deliver(input)]);
          return a;
        }
        case 'older-again':
          await deliver({ forloebId, events: older! });
          return deliver(input);
        case 'gap-first':
          await deliver({ forloebId, events: events.slice(Math.ceil(events.length / 2)) });
          return deliver(input);
        case 'ack-lost':
          await deliver(input);
          throw new Error('chaos: delivered, then the acknowledgement was lost');
        default:
          return deliver(input);
      }
    },
  };
}

await runWorkerProcess({ wrapActivities: chaotic });
