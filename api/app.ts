// The HTTP application as a plugin that receives its dependencies; server.ts starts it, tests inject.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Regelsaet } from '../domain/regelsaet';
import { registerErrorHandler } from './errors';
import { forloebRoutes } from './routes/forloeb';
import { healthRoutes } from './routes/health';
import { paamindelserRoutes } from './routes/paamindelser';

// Validation messages in Danish, for the people who use the system.
z.config(z.locales.da());

export type AppDeps = {
  temporal: { client: Client; taskQueue: string };
  pool: Pool;
  regelsaet: readonly Regelsaet[];
  now: () => Date;
};

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Forløbsmotoren', description: 'Genoptræningsforløb efter Sundhedsloven §140 og Serviceloven §86', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, deps);
  await app.register(forloebRoutes, deps);
  await app.register(paamindelserRoutes, deps);
  return app;
}
