// How the web UI signs in, decided from the API's GET /api/konfiguration: at the municipality's OIDC
// provider (authorization code flow with PKCE, through oidc-client-ts), with a development user
// (POST /api/dev/token), or both. Pure functions without the DOM, so they are unit-tested in Node.
import { Konfiguration } from '../../api/contract';

export { Konfiguration };

export type SignInMethod = 'oidc' | 'udvikling';

/** The ways to sign in that the sign-in page offers, the municipality's login first. */
export function signInMethods(k: Konfiguration): SignInMethod[] {
  return [...(k.oidc ? (['oidc'] as const) : []), ...(k.udviklingslogin ? (['udvikling'] as const) : [])];
}

/**
 * oidc-client-ts settings: a public client (no secret) with the authorization code flow, whose PKCE
 * the library does by itself; the provider sends the user back to the app's root with `?code&state`
 * in the query. Its state (the PKCE verifier) and the user are kept in sessionStorage, like the token.
 */
export function oidcSettings(oidc: NonNullable<Konfiguration['oidc']>, origin: string) {
  return {
    authority: oidc.authority,
    client_id: oidc.klientId,
    scope: oidc.scope,
    redirect_uri: `${origin}/`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    response_mode: 'query' as const,
    disablePKCE: false,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  };
}

/** Whether the address is the provider's answer to a sign-in (`?code=…&state=…`, or `?error=…&state=…`). */
export function isSigninCallback(search: string): boolean {
  const q = new URLSearchParams(search);
  return q.has('state') && (q.has('code') || q.has('error'));
}

/** Where to go after signing in: a screen of this app (`#/…`), never another address. */
export function returnTo(state: unknown): string {
  return typeof state === 'string' && /^#\/\S*$/.test(state) ? state : '#/';
}
