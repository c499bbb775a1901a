// GET /api/konfiguration: how the web UI signs in, open without a token; the OIDC settings come from
// the environment (OIDC_CLIENT_ID, OIDC_AUTHORITY or AUTH_ISSUER, OIDC_SCOPE) and hold no secret.
import type { Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { Konfiguration, signInMethods } from '../../ui/src/signin-config';
import { DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const now = () => new Date('2026-11-25T10:00:00Z');
const fakePool = { query: async () => ({ rows: [], rowCount: 0 }) } as unknown as Pool;
const PROVIDER = { AUTH_ISSUER: 'https://login.sonderborg.example/realms/forloeb', AUDIENCE: 'forloeb-api', AUTH_JWKS_URL: 'https://login.sonderborg.example/realms/forloeb/certs' };
const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function appWith(env: NodeJS.ProcessEnv) {
  const config = loadConfig(env);
  const app = await buildApp({
    temporal: { client: fakeTemporal(now).client, taskQueue: 'test' },
    pool: fakePool,
    regelsaet: BUILT_IN_REGELSAET,
    now,
    auth: config.auth.devMode ? DEV_AUTH : config.auth,
    cprHashKey: TEST_CPR_HASH_KEY,
    oidc: config.oidc,
  });
  apps.push(app);
  return app;
}

const providerEnv = { AUTH_ISSUER: PROVIDER.AUTH_ISSUER, AUTH_AUDIENCE: PROVIDER.AUDIENCE, AUTH_JWKS_URL: PROVIDER.AUTH_JWKS_URL };

describe('GET /api/konfiguration', () => {
  it('answers without a token in the development mode: development sign-in only', async () => {
    const app = await appWith({ AUTH_DEV_MODE: '1' });
    const res = await app.inject({ method: 'GET', url: '/api/konfiguration' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ udviklingslogin: true, oidc: null });
    expect(signInMethods(Konfiguration.parse(res.json()))).toEqual(['udvikling']);
  });

  it('names the provider and the public client for the authorization code flow, and no development sign-in', async () => {
    const app = await appWith({ ...providerEnv, OIDC_CLIENT_ID: 'forloeb-web' });
    const res = await app.inject({ method: 'GET', url: '/api/konfiguration' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ udviklingslogin: false, oidc: { authority: PROVIDER.AUTH_ISSUER, klientId: 'forloeb-web', scope: 'openid profile' } });
    // What the UI reads from it: the municipality's login only.
    expect(signInMethods(Konfiguration.parse(res.json()))).toEqual(['oidc']);
    // The other /api routes still need a token.
    expect((await app.inject({ method: 'GET', url: '/api/paamindelser' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'leder', kommune: 'Sønderborg' } })).statusCode).toBe(404);
  });

  it('takes OIDC_AUTHORITY and OIDC_SCOPE when they are set, and offers both ways in with the development mode on', async () => {
    const app = await appWith({ ...providerEnv, AUTH_DEV_MODE: '1', OIDC_CLIENT_ID: 'forloeb-web', OIDC_AUTHORITY: 'https://idp.example/oidc', OIDC_SCOPE: 'openid profile forloeb' });
    const body = (await app.inject({ method: 'GET', url: '/api/konfiguration' })).json();
    expect(body).toEqual({ udviklingslogin: true, oidc: { authority: 'https://idp.example/oidc', klientId: 'forloeb-web', scope: 'openid profile forloeb' } });
    expect(signInMethods(Konfiguration.parse(body))).toEqual(['oidc', 'udvikling']);
  });
});

describe('the OIDC settings in the environment', () => {
  it('are off without OIDC_CLIENT_ID', () => {
    expect(loadConfig(providerEnv).oidc).toBeNull();
  });

  it('refuse a client id without a provider the API can verify tokens from', () => {
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'forloeb-web' })).toThrow(/OIDC_CLIENT_ID needs OIDC_AUTHORITY/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'forloeb-web', OIDC_AUTHORITY: 'https://idp.example/oidc' })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig({ ...providerEnv, OIDC_CLIENT_ID: 'forloeb-web', OIDC_AUTHORITY: 'not a url' })).toThrow(/OIDC_AUTHORITY/);
  });
});
