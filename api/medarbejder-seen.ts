// Every case worker a verified token names is one of the kommune's people (medarbejdere): signing in
// puts a therapist on the list that assignment picks from, with the identity provider's name, role
// and unit. Recorded after the answer is sent, so no request waits for it, and at most once an hour
// per person while the token says the same; a failure is logged and does not touch the request.
import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { recordSeen } from './read-model/medarbejdere';

const REFRESH_MS = 60 * 60 * 1000;

const plugin: FastifyPluginAsync<{ pool: Pool; now: () => Date }> = async (app, { pool, now }) => {
  /** What was last recorded per person, and when. */
  const recorded = new Map<string, { claims: string; at: number }>();
  app.addHook('onResponse', async (request, reply) => {
    const identity = request.identity;
    if (!identity || identity.rolle === 'drift' || reply.statusCode >= 400) return;
    const key = `${identity.kommune}\n${identity.userId}`;
    const claims = JSON.stringify([identity.navn, identity.rolle, identity.enhed ?? null]);
    const at = now().getTime();
    const last = recorded.get(key);
    if (last && last.claims === claims && at - last.at < REFRESH_MS) return;
    recorded.set(key, { claims, at });
    try {
      await recordSeen(pool, identity.kommune, identity);
    } catch (err) {
      recorded.delete(key);
      request.log.warn({ err: { message: (err as Error).message } }, 'could not record the signed-in person');
    }
  });
};

// Not encapsulated: the hook applies to every route.
export const medarbejderSeen = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
