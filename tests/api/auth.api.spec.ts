// Bearer-token authentication: tokens from an OIDC provider, verified against its JWKS (served here by
// a local HTTP server), and the development mode's own tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { bearer, DEV_AUTH, TEST_CPR_HASH_KEY } from '../support/auth';
import { fakeTemporal } from '../support/fake-temporal';

const ISSUER = 'https://login.sonderborg.example/realms/forloeb';
const AUDIENCE = 'forloeb-api';
const now = () => new Date('2026-11-25T10:00:00Z');
const fakePool = { query: async () => ({ rows: [], rowCount: 1 }) } as unknown as Pool;
const plan = {
  regelsaetId: 'sonderborg-sul140',
  kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato: '2026-11-20', kategori: 'knae-underben', niveau: 'basal' },
};

let jwksServer: Server;
let jwksUrl: string;
let providerKey: CryptoKey;
let otherKey: CryptoKey;

const claims: JWTPayload = { sub: 'user-42', name: 'Karen Koordinator', rolle: 'koordinator', kommune: 'Sønderborg' };
const sign = (payload: JWTPayload, options: { key?: CryptoKey; kid?: string; issuer?: string; audience?: string; expires?: string | number } = {}) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'k1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.key ?? providerKey);

beforeAll(async () => {
  const provider = await generateKeyPair('ES256');
  providerKey = provider.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((req, res) => {
    if (req.url !== '/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

const appWith = (auth: Parameters<typeof buildApp>[0]['auth']) => {
  const temporal = fakeTemporal(now);
  return buildApp({ temporal: { client: temporal.client, taskQueue: 'test' }, pool: fakePool, regelsaet: BUILT_IN_REGELSAET, now, auth, cprHashKey: TEST_CPR_HASH_KEY }).then(
    (app) => ({ app, temporal }),
  );
};

describe('tokens from the OIDC provider (JWKS)', () => {
  let ctx: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    ctx = await appWith({ devMode: false, issuer: ISSUER, audience: AUDIENCE, jwksUrl });
  });
  afterAll(() => ctx.app.close());
  const create = (headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: '/api/forloeb', headers, payload: plan });

  it('accepts a token signed by a key in the JWKS and acts as its user and role', async () => {
    const res = await create({ authorization: `Bearer ${await sign(claims)}` });
    expect(res.statusCode).toBe(201);
    expect(ctx.temporal.starts.at(-1)!.input.create!.actor).toEqual({ role: 'koordinator', userId: 'user-42' });
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    ['a bad signature', () => sign(claims, { key: otherKey }), /ugyldigt/],
    ['a tampered payload', async () => {
      const [h, , s] = (await sign(claims)).split('.');
      return [h, Buffer.from(JSON.stringify({ ...claims, rolle: 'leder', iss: ISSUER, aud: AUDIENCE, exp: 9e9 })).toString('base64url'), s].join('.');
    }, /ugyldigt/],
    ['a wrong issuer', () => sign(claims, { issuer: 'https://evil.example' }), /ikke udstedt til denne tjeneste/],
    ['a wrong audience', () => sign(claims, { audience: 'another-api' }), /ikke udstedt til denne tjeneste/],
    ['an expired token', () => sign(claims, { expires: Math.floor(Date.now() / 1000) - 600 }), /udløbet/],
    ['an unknown key id', () => sign(claims, { kid: 'k9', key: otherKey }), /ugyldigt/],
    ['a token without rolle', () => sign({ sub: 'u', kommune: 'Sønderborg' }), /rolle/],
    ['a role that does not exist', () => sign({ ...claims, rolle: 'direktoer' }), /rolle/],
    ['a terapeut without enhed', () => sign({ ...claims, rolle: 'terapeut' }), /enhed/],
    ['an HS256 token while the development mode is off', async () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(new Uint8Array(32)), /ugyldigt/],
    ['garbage', async () => 'not.a.token', /ugyldigt/],
  ];

  it.each(refusals)('answers 401 for %s, with a Danish reason', async (_name, token, reason) => {
    const before = ctx.temporal.starts.length;
    const res = await create({ authorization: `Bearer ${await token()}` });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ fejl: string }>().fejl).toMatch(reason);
    expect(ctx.temporal.starts.length).toBe(before);
  });

  it('answers 401 without a token or with another scheme', async () => {
    expect((await create({})).statusCode).toBe(401);
    expect((await create({ authorization: 'Basic a29vcmRpbmF0b3I6aGVtbWVsaWc=' })).statusCode).toBe(401);
    expect((await create({ 'x-rolle': 'koordinator' })).statusCode).toBe(401);
  });

  it('has no development token route (404) when the development mode is off', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'leder', kommune: 'Sønderborg' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('the development mode', () => {
  let ctx: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    ctx = await appWith(DEV_AUTH);
  });
  afterAll(() => ctx.app.close());

  it('issues tokens for the four roles that the API accepts', async () => {
    for (const rolle of ['visitator', 'koordinator', 'terapeut', 'leder'] as const) {
      const headers = await bearer(ctx.app, { rolle });
      const res = await ctx.app.inject({ method: 'GET', url: '/api/paamindelser', headers });
      expect(res.statusCode, rolle).toBe(200);
    }
  });

  it('wants an enhed for a terapeut and a known role', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'terapeut', kommune: 'Sønderborg' } })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/dev/token', payload: { rolle: 'chef', kommune: 'Sønderborg' } })).statusCode).toBe(400);
  });

  it("does not accept another process's development token", async () => {
    const other = await appWith(DEV_AUTH);
    const headers = await bearer(other.app, { rolle: 'leder' });
    await other.app.close();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/paamindelser', headers })).statusCode).toBe(401);
  });

  it('refuses to build without any authentication configured', async () => {
    await expect(appWith({ devMode: false })).rejects.toThrow(/AUTH_JWKS_URL/);
    await expect(appWith({ devMode: false, jwksUrl })).rejects.toThrow(/AUTH_ISSUER/);
  });
});

describe('an unreachable key set', () => {
  it('answers 503 (not the caller\'s fault) when the JWKS cannot be fetched', async () => {
    const ctx = await appWith({ devMode: false, issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwksUrl.replace('/jwks.json', '/gone.json') });
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/paamindelser', headers: { authorization: `Bearer ${await sign(claims)}` } });
      expect(res.statusCode).toBe(503);
      expect(res.json<{ fejl: string }>().fejl).toMatch(/Nøglerne/);
    } finally {
      await ctx.app.close();
    }
  });
});
