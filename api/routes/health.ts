// /health: the process answers. /ready: Temporal and PostgreSQL answer too; 503 with Retry-After if not.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app';
import { HealthAnswer, NotReadyAnswer, ReadyAnswer } from '../contract';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool, temporal }) => {
  app.get('/health', { schema: { hide: true, response: { 200: HealthAnswer } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/ready',
    {
      schema: {
        hide: true,
        response: {
          200: ReadyAnswer,
          503: NotReadyAnswer,
        },
      },
    },
    async (_request, reply) => {
      const [database, temporalUp] = await Promise.all([
        withTimeout(pool.query('SELECT 1'), 2000).then(() => true, () => false),
        withTimeout(temporal.client.connection.workflowService.getSystemInfo({}), 2000).then(() => true, () => false),
      ]);
      if (database && temporalUp) return { status: 'klar' as const, database, temporal: temporalUp };
      return reply.code(503).header('retry-after', '5').send({ status: 'ikke klar' as const, database, temporal: temporalUp });
    },
  );
};
