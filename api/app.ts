// The HTTP application as a plugin that receives its dependencies; server.ts starts it, tests inject.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Regelsaet } from '../domain/regelsaet';
import { forloebAccess } from './access-log';
import { devTokenRoutes } from './auth/dev-token';
import { authentication } from './auth/plugin';
import { createAuthenticator, type AuthOptions } from './auth/verifier';
import { registerErrorHandler } from './errors';
import { idempotency } from './idempotency';
import { adgangslogRoutes } from './routes/adgangslog';
import { codecRoutes, type CodecServerDeps } from './routes/codec';
import { forloebRoutes } from './routes/forloeb';
import { healthRoutes } from './routes/health';
import { konfigurationRoutes, type OidcClientConfig } from './routes/konfiguration';
import { paamindelserRoutes } from './routes/paamindelser';
import { forloebListRoutes } from './routes/forloeb-list';
import { haendelserRoutes } from './routes/haendelser';
import { rapporterRoutes } from './routes/rapporter';
import { regelsaetRoutes } from './routes/regelsaet';
import { webUi } from './static';

// Validation messages in Danish, for the people who use the system.
z.config(z.locales.da());

export type AppDeps = {
  temporal: { client: Client; taskQueue: string };
  pool: Pool;
  regelsaet: readonly Regelsaet[];
  now: () => Date;
  /** Bearer-token verification (AUTH_*); `devMode` adds POST /api/dev/token. */
  auth: AuthOptions;
  /** HMAC key that pseudonymises CPR numbers in the access log and idempotency records (CPR_HASH_KEY). */
  cprHashKey: Uint8Array;
  /** The web UI's sign-in at the OIDC provider (OIDC_*); without it the UI offers only the development sign-in. */
  oidc?: OidcClientConfig | null;
  /** The codec server for the Temporal web UI (POST /api/codec/*, drift only); without it those routes do not exist. */
  codecServer?: CodecServerDeps;
};

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Forløbsmotoren', description: 'Genoptræningsforløb efter Sundhedsloven §140 og Serviceloven §86', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Authentication first (every /api/* route), then idempotency replays, then the forløb access check and log.
  const authenticator = createAuthenticator(deps.auth);
  await app.register(authentication, { authenticator });
  await app.register(idempotency, { pool: deps.pool, hashKey: deps.cprHashKey });
  await app.register(forloebAccess, deps);
  await app.register(devTokenRoutes, { authenticator });
  await app.register(konfigurationRoutes, { devMode: authenticator.issueDevToken !== undefined, oidc: deps.oidc ?? null });

  await app.register(healthRoutes, deps);
  await app.register(forloebRoutes, deps);
  await app.register(paamindelserRoutes, deps);
  await app.register(forloebListRoutes, deps);
  await app.register(haendelserRoutes, deps);
  await app.register(rapporterRoutes, deps);
  await app.register(regelsaetRoutes, deps);
  await app.register(adgangslogRoutes, deps);
  if (deps.codecServer) await app.register(codecRoutes, { pool: deps.pool, codec: deps.codecServer });
  await app.register(webUi);
  return app;
}
