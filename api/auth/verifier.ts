// Verifies bearer tokens (JWT) and turns their claims into the caller's identity. Tokens come from the
// municipality's OIDC provider (issuer, audience and JWKS URL from the environment), and, only in the
// development mode, from this process itself (HS256 with a key made at start).
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { Role } from '../../domain/regelsaet';
import { UserRole } from '../contract';
import { HttpError } from '../errors';

export { UserRole };

/** A case worker, from the token's `sub`, `name`, `rolle`, `kommune` and `enhed` claims. */
export type Identity = { userId: string; navn: string; rolle: Role; kommune: string; enhed?: string };

/**
 * An operations person (`rolle: drift`). The token carries `kommune` like every token (one claims
 * mapping at the provider for everybody), but it scopes nothing: drift sees no citizen data of any
 * kommune. It is recorded in the access log with what they decoded, as who they work for.
 */
export type DriftIdentity = { userId: string; navn: string; rolle: 'drift'; kommune: string };

/** Whoever a verified token names: a case worker or an operations person. */
export type Caller = Identity | DriftIdentity;

export type AuthOptions = {
  /** `iss` the tokens must carry (AUTH_ISSUER). */
  issuer?: string | undefined;
  /** `aud` the tokens must carry (AUTH_AUDIENCE). */
  audience?: string | undefined;
  /** Where the provider publishes its signing keys (AUTH_JWKS_URL). */
  jwksUrl?: string | undefined;
  /** AUTH_DEV_MODE=1: POST /api/dev/token issues local tokens. Never in production. */
  devMode: boolean;
};

export type DevTokenRequest = { rolle: UserRole; kommune: string; enhed?: string | undefined; navn?: string | undefined };

export type Authenticator = {
  verify(token: string): Promise<Caller>;
  /** Present only in the development mode. */
  issueDevToken?: (request: DevTokenRequest) => Promise<string>;
};

export const DEV_ISSUER = 'forloeb-dev';
const DEFAULT_DEV_AUDIENCE = 'forloeb-api';
const DEV_TOKEN_LIFETIME = '12h';
/** Asymmetric algorithms only from the provider: a symmetric (HS*) token there would mean a shared secret. */
const PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const Claims = z.object({
  sub: z.string().min(1),
  name: z.string().min(1).optional(),
  rolle: UserRole,
  kommune: z.string().min(1),
  enhed: z.string().min(1).optional(),
});

const unauthorized = (reason: string) => new HttpError(401, reason);

function identityOfClaims(payload: JWTPayload): Caller {
  const parsed = Claims.safeParse(payload);
  if (!parsed.success) {
    const missing = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))].filter((c) => c.length > 0);
    throw unauthorized(`Adgangstokenet mangler eller har en ugyldig værdi i: ${missing.join(', ')}`);
  }
  const c = parsed.data;
  const navn = c.name ?? c.sub;
  // A unit means nothing to the operations role: it is dropped rather than carried around unused.
  if (c.rolle === 'drift') return { userId: c.sub, navn, rolle: 'drift', kommune: c.kommune };
  if (c.rolle === 'terapeut' && !c.enhed) throw unauthorized('Adgangstokenet mangler enhed, som rollen terapeut skal have');
  return { userId: c.sub, navn, rolle: c.rolle, kommune: c.kommune, ...(c.enhed ? { enhed: c.enhed } : {}) };
}

/** jose's failures as a Danish reason; never the token or its values. */
function reasonOf(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof errors.JWTExpired) return unauthorized('Adgangstokenet er udløbet');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss' || err.claim === 'aud') return unauthorized('Adgangstokenet er ikke udstedt til denne tjeneste');
    if (err.claim === 'nbf') return unauthorized('Adgangstokenet er endnu ikke gyldigt');
    return unauthorized('Adgangstokenet har ugyldige oplysninger');
  }
  return unauthorized('Adgangstokenet er ugyldigt');
}

/** The provider's key set could not be fetched (network, timeout, not a key set): not the caller's fault. */
const isKeySetUnavailable = (err: unknown) =>
  err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError ? err.code === 'ERR_JOSE_GENERIC' : err instanceof Error);

export function createAuthenticator(options: AuthOptions): Authenticator {
  const provider = options.jwksUrl || options.issuer || options.audience;
  if (provider && !(options.jwksUrl && options.issuer && options.audience)) {
    throw new Error('Authentication needs all of AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
  }
  if (!provider && !options.devMode) {
    throw new Error(
      'Authentication is not configured: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE for the OIDC provider, ' +
        'or AUTH_DEV_MODE=1 for local development tokens (never in production)',
    );
  }
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 }) : undefined;
  const devSecret = options.devMode ? new Uint8Array(randomBytes(32)) : undefined;
  const devAudience = options.audience ?? DEFAULT_DEV_AUDIENCE;

  const verify = async (token: string): Promise<Caller> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthorized('Adgangstokenet er ugyldigt');
    }
    try {
      if (alg === 'HS256' && devSecret) {
        const { payload } = await jwtVerify(token, devSecret, { issuer: DEV_ISSUER, audience: devAudience, algorithms: ['HS256'] });
        return identityOfClaims(payload);
      }
      if (!jwks || !options.issuer || !options.audience) throw unauthorized('Adgangstokenet er ugyldigt');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: options.audience, algorithms: PROVIDER_ALGORITHMS }));
      } catch (err) {
        if (isKeySetUnavailable(err)) throw new HttpError(503, 'Nøglerne til at kontrollere adgangstokenet kan ikke hentes lige nu; prøv igen');
        throw err;
      }
      return identityOfClaims(payload);
    } catch (err) {
      throw reasonOf(err);
    }
  };

  if (!devSecret) return { verify };
  return {
    verify,
    issueDevToken: async ({ rolle, kommune, enhed, navn }) =>
      new SignJWT({ rolle, kommune, ...(enhed ? { enhed } : {}), name: navn ?? `Udvikler (${rolle})` })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`dev:${rolle}:${navn ?? 'udvikler'}`)
        .setIssuer(DEV_ISSUER)
        .setAudience(devAudience)
        .setIssuedAt()
        .setExpirationTime(DEV_TOKEN_LIFETIME)
        .sign(devSecret),
  };
}
