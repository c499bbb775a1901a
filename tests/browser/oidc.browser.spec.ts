// Sign-in to the web UI at an OIDC provider, in Chromium: the authorization code flow with PKCE
// through oidc-client-ts against a small provider run here (discovery, authorize, token with the
// S256 check of the code verifier, JWKS, end session). The API verifies the provider's access token
// against its JWKS, with the development sign-in off; Temporal is the in-memory fake, PostgreSQL a
// test database. Sign-out signs out at the provider too.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { TEST_CPR_HASH_KEY } from '../support/auth';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { fakeTemporal } from '../support/fake-temporal';
import { launchBrowser, screenshot, seriousViolations } from './stack';

const CLIENT_ID = 'forloeb-web';
const AUDIENCE = 'forloeb-api';
const USER = { sub: 'oidc-user-7', name: 'Karin Koordinator', rolle: 'koordinator', kommune: 'Sønderborg' };

type Grant = { challenge: string; method: string; redirectUri: string; nonce: string | null };
const provider = {
  url: '',
  authorizeRequests: [] as URLSearchParams[],
  tokenRequests: [] as { pkceVerified: boolean; status: number }[],
  logouts: [] as URLSearchParams[],
};

const base64url = (b: Buffer) => b.toString('base64url');

/** A minimal OIDC provider: enough of discovery, authorize, token, JWKS and end session for a public client. */
async function startProvider(): Promise<{ server: Server; jwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const sign = (claims: Record<string, unknown>, audience: string, key: CryptoKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(provider.url).setAudience(audience).setIssuedAt().setExpirationTime('10m').sign(key);
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, authorization', 'access-control-allow-methods': 'GET, POST' };
  const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(body));
  const bodyOf = (req: IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => resolve(new URLSearchParams(data)));
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', provider.url);
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer: provider.url,
          authorization_endpoint: `${provider.url}/authorize`,
          token_endpoint: `${provider.url}/token`,
          jwks_uri: `${provider.url}/jwks`,
          end_session_endpoint: `${provider.url}/logout`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        provider.authorizeRequests.push(q);
        const redirectUri = q.get('redirect_uri') ?? '';
        if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code' || !redirectUri) return void res.writeHead(400).end('bad request');
        // The user is taken to be signed in at the provider already: straight back with a code.
        const code = base64url(randomBytes(24));
        grants.set(code, { challenge: q.get('code_challenge') ?? '', method: q.get('code_challenge_method') ?? '', redirectUri, nonce: q.get('nonce') });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        return void res.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = await bodyOf(req);
        const grant = grants.get(form.get('code') ?? '');
        grants.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const pkceVerified = !!grant && grant.method === 'S256' && base64url(createHash('sha256').update(verifier).digest()) === grant.challenge;
        const ok = pkceVerified && form.get('grant_type') === 'authorization_code' && form.get('client_id') === CLIENT_ID && form.get('redirect_uri') === grant!.redirectUri;
        provider.tokenRequests.push({ pkceVerified, status: ok ? 200 : 400 });
        if (!ok) return json(res, 400, { error: 'invalid_grant' });
        return json(res, 200, {
          token_type: 'Bearer',
          expires_in: 600,
          scope: 'openid profile',
          access_token: await sign(USER, AUDIENCE, privateKey),
          id_token: await sign({ sub: USER.sub, name: USER.name, ...(grant!.nonce ? { nonce: grant!.nonce } : {}) }, CLIENT_ID, privateKey),
        });
      }
      if (url.pathname === '/logout') {
        provider.logouts.push(url.searchParams);
        const back = url.searchParams.get('post_logout_redirect_uri');
        return void res.writeHead(back ? 302 : 200, back ? { location: back } : {}).end('logged out');
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, jwk };
}

let providerServer: Server;
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let appUrl = '';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ server: providerServer } = await startProvider());
  db = await startTestDatabase();
  const now = () => new Date();
  app = await buildApp({
    temporal: { client: fakeTemporal(now).client, taskQueue: 'test' },
    pool: db.pool,
    regelsaet: BUILT_IN_REGELSAET,
    now,
    auth: { issuer: provider.url, audience: AUDIENCE, jwksUrl: `${provider.url}/jwks`, devMode: false },
    cprHashKey: TEST_CPR_HASH_KEY,
    oidc: { authority: provider.url, clientId: CLIENT_ID, scope: 'openid profile' },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.stop();
  await new Promise<void>((resolve) => (providerServer ? providerServer.close(() => resolve()) : resolve()));
});

describe('sign-in at the OIDC provider', { timeout: 60_000 }, () => {
  it('offers the municipality login and no development users, without serious accessibility findings', async () => {
    await page.goto(`${appUrl}/#/forloeb`);
    await page.getByRole('button', { name: 'Log ind med kommunens login' }).waitFor();
    expect(await page.getByLabel('Bruger').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'log-ind-oidc');
  });

  it('signs in with the authorization code flow and PKCE, back on the screen it left, and the API takes the token', async () => {
    await page.getByRole('button', { name: 'Log ind med kommunens login' }).click();
    await page.getByRole('button', { name: 'Log af' }).waitFor();
    await expect.poll(async () => (await page.getByTestId('bruger').textContent()) ?? '').toMatch(/Karin Koordinator[\s\S]*Faglig koordinator[\s\S]*Sønderborg Kommune/);

    const authorize = provider.authorizeRequests.at(-1)!;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.get('redirect_uri')).toBe(`${appUrl}/`);
    expect(authorize.get('scope')).toBe('openid profile');
    expect(provider.tokenRequests).toEqual([{ pkceVerified: true, status: 200 }]);

    // Back where the user was, and the code is gone from the address.
    await expect.poll(() => page.url()).toBe(`${appUrl}/#/forloeb`);
    expect(page.url()).not.toContain('code=');
    // The API accepted the provider's token: the list answers (empty here), not an error.
    await page.getByRole('heading', { name: 'Forløb', exact: true }).waitFor();
    await page.getByText('Ingen forløb passer til filtrene').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('signs out here and at the provider, back to the sign-in page', async () => {
    await page.getByRole('button', { name: 'Log af' }).click();
    await expect.poll(() => provider.logouts.length).toBe(1);
    expect(provider.logouts[0]!.get('id_token_hint')).toMatch(/^ey/);
    expect(provider.logouts[0]!.get('post_logout_redirect_uri')).toBe(`${appUrl}/`);
    await page.getByRole('button', { name: 'Log ind med kommunens login' }).waitFor();
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage })')).not.toMatch(/forloeb\.token|access_token/);
    // A new visit is not signed in.
    await page.goto(`${appUrl}/#/`);
    await page.getByRole('button', { name: 'Log ind med kommunens login' }).waitFor();
  });
});
