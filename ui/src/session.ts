// Who is signed in: the bearer token lives in sessionStorage (gone when the tab closes; sign-out
// clears it), with how it was got (the municipality's OIDC login or a development user), so sign-out
// knows whether to sign out at the provider too. The identity shown in the header is read from the
// token's claims; the API verifies it.
import { Konfiguration, type SignInMethod } from './signin-config';

export { DEV_USERS, identityOf, KOMMUNER, ROLLE_NAVN } from './claims';
export type { Brugerrolle, Bruger, DevUser, DriftIdentity, Identity, Rolle } from './claims';

const KEY = 'forloeb.token';
const METHOD_KEY = 'forloeb.login';

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string, method: SignInMethod = 'udvikling'): void {
  sessionStorage.setItem(KEY, token);
  sessionStorage.setItem(METHOD_KEY, method);
}

/** How the signed-in user signed in. */
export function signInMethodUsed(): SignInMethod | null {
  const method = sessionStorage.getItem(METHOD_KEY);
  return method === 'oidc' || method === 'udvikling' ? method : null;
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(METHOD_KEY);
}

/** How this server lets the UI sign in (GET /api/konfiguration, no token needed). */
export async function hentKonfiguration(): Promise<Konfiguration> {
  const res = await fetch('/api/konfiguration', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`Serveren svarede ${res.status}`);
  return Konfiguration.parse(await res.json());
}
