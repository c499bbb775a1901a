// Configuration from the environment, parsed once. Every default runs the whole system on one machine.
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const port = z.coerce.number().int().min(1).max(65535);

/** `http(s)://host[:port]`, as a browser sends it in the Origin header (a trailing slash is tolerated). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('forloeb'),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER: z.string().min(1).optional(),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  EMBEDDED_PG_PORT: port.default(54329),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // A folder of the municipality's own regelsæt files (*.json, *.yaml, *.yml), loaded at start.
  REGELSAET_DIR: z.string().min(1).optional(),
  // Bearer tokens from the municipality's OIDC provider; AUTH_DEV_MODE=1 adds local development tokens.
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_DEV_MODE: z.enum(['0', '1']).default('0'),
  // Sign-in to the web UI at the OIDC provider (authorization code flow with PKCE, a public client):
  // the client id registered for the UI, the provider's issuer URL (default AUTH_ISSUER) and the scopes.
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_AUTHORITY: z.string().url().optional(),
  OIDC_SCOPE: z.string().min(1).default('openid profile'),
  // Encryption of Temporal payloads: `keyId:base64key,…` (32-byte AES keys), the id that encrypts, or `off`.
  PAYLOAD_KEYS: z.string().min(1).optional(),
  PAYLOAD_KEY_ID: z.string().min(1).optional(),
  PAYLOAD_ENCRYPTION: z.enum(['on', 'off']).default('on'),
  // The Temporal web UI's origin (scheme, host, port): the codec server (/api/codec) answers its CORS
  // requests, and the operations inbox links to its workflow pages. Default: the dev server's UI.
  CODEC_CORS_ORIGIN: z.string().refine(isOrigin, 'must be an origin: http(s)://host[:port], no path').optional(),
  // Key of the HMAC that pseudonymises CPR numbers in the access log (base64, at least 32 bytes).
  CPR_HASH_KEY: z.string().min(1).optional(),
  // Where decision letters are sent (docs/letters.md): `fil` writes them into LETTER_OUTBOX_DIR (tests,
  // development), `digital-post` is the national channel (not integrated yet), `fra` sends none.
  LETTER_CHANNEL: z.enum(['fil', 'digital-post', 'fra']).default('fil'),
  LETTER_OUTBOX_DIR: z.string().min(1).optional(),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const oidcAuthority = e.OIDC_AUTHORITY ?? e.AUTH_ISSUER;
  if (e.OIDC_CLIENT_ID && !oidcAuthority) throw new Error('Invalid configuration: OIDC_CLIENT_ID needs OIDC_AUTHORITY (or AUTH_ISSUER): the provider the web UI signs in at');
  if (e.OIDC_CLIENT_ID && !e.AUTH_JWKS_URL) {
    throw new Error('Invalid configuration: OIDC_CLIENT_ID needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE, so the API can verify the tokens the web UI gets');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI,
      testServer: e.TEMPORAL_TEST_SERVER,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    api: { host: e.API_HOST, port: e.API_PORT },
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : join(PROJECT_ROOT, e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    regelsaetDir: e.REGELSAET_DIR === undefined || isAbsolute(e.REGELSAET_DIR) ? e.REGELSAET_DIR : join(PROJECT_ROOT, e.REGELSAET_DIR),
    auth: { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, jwksUrl: e.AUTH_JWKS_URL, devMode: e.AUTH_DEV_MODE === '1' },
    /** The web UI's sign-in at the OIDC provider; null when the UI offers only the development sign-in. */
    oidc: e.OIDC_CLIENT_ID && oidcAuthority ? { authority: oidcAuthority, clientId: e.OIDC_CLIENT_ID, scope: e.OIDC_SCOPE } : null,
    payloadEncryption: { keys: e.PAYLOAD_KEYS, keyId: e.PAYLOAD_KEY_ID, off: e.PAYLOAD_ENCRYPTION === 'off' },
    cprHashKey: e.CPR_HASH_KEY,
    letters: {
      channel: e.LETTER_CHANNEL,
      outboxDir: (() => {
        const dir = e.LETTER_OUTBOX_DIR ?? join(e.DATA_DIR, 'breve-udbakke');
        return isAbsolute(dir) ? dir : join(PROJECT_ROOT, dir);
      })(),
    },
    codecCorsOrigin: new URL(e.CODEC_CORS_ORIGIN ?? `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`).origin,
  };
}
