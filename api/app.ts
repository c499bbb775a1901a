// The HTTP application as a plugin that receives its dependencies; server.ts starts it, tests inject.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { PayloadKeys } from '../config/payload-keys';
import type { Regelsaet } from '../domain/regelsaet';
import { forloebAccess } from './access-log';
import { devTokenRoutes } from './auth/dev-token';
import { authentication } from './auth/plugin';
import { createAuthenticator, type AuthOptions } from './auth/verifier';
import { registerErrorHandler } from './errors';
import { idempotency } from './idempotency';
import { adgangslogRoutes } from './routes/adgangslog';
import { borgerRoutes } from './routes/borger';
import { breveRoutes } from './routes/breve';
import { codecRoutes } from './routes/codec';
import { driftRoutes } from './routes/drift';
import { forloebRoutes } from './routes/forloeb';
import { ggopRoutes } from './routes/ggop';
import { medarbejderRoutes } from './routes/medarbejdere';
import { medarbejderSeen } from './medarbejder-seen';
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
  /** The keys the decision letters' PDFs are stored under (PAYLOAD_KEYS); absent: PAYLOAD_ENCRYPTION=off. */
  letterKeys?: PayloadKeys | undefined;
  /** The operations routes (drift only): the codec server and the operations inbox; without it they do not exist. */
  drift?: DriftDeps;
};

export type DriftDeps = {
  /** The data converter's codecs, in the order they encode (none when PAYLOAD_ENCRYPTION=off). */
  payloadCodecs: readonly PayloadCodec[];
  /** The Temporal web UI's origin (CODEC_CORS_ORIGIN): the codec server's CORS origin and the base of the inbox's links. */
  temporalUiOrigin: string;
  /** This system's Temporal namespace: the only one its keys are for, and the one the links point into. */
  namespace: string;
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
  await app.register(medarbejderSeen, { pool: deps.pool, now: deps.now });
  await app.register(forloebAccess, deps);
  await app.register(devTokenRoutes, { authenticator });
  await app.register(konfigurationRoutes, { devMode: authenticator.issueDevToken !== undefined, oidc: deps.oidc ?? null });

  await app.register(healthRoutes, deps);
  await app.register(forloebRoutes, deps);
  await app.register(ggopRoutes, deps);
  await app.register(medarbejderRoutes, deps);
  await app.register(paamindelserRoutes, deps);
  await app.register(forloebListRoutes, deps);
  await app.register(haendelserRoutes, deps);
  await app.register(rapporterRoutes, deps);
  await app.register(regelsaetRoutes, deps);
  await app.register(adgangslogRoutes, deps);
  await app.register(borgerRoutes, deps);
  await app.register(breveRoutes, deps);
  if (deps.drift) {
    await app.register(codecRoutes, { pool: deps.pool, drift: deps.drift });
    await app.register(driftRoutes, { pool: deps.pool, now: deps.now, drift: deps.drift });
  }
  await app.register(webUi);
  return app;
}
