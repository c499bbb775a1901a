// Sign-in at the municipality's OIDC provider with oidc-client-ts: the authorization code flow with
// PKCE, redirecting the whole page. Loaded only when the API names a provider (GET /api/konfiguration).
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { oidcSettings, returnTo, type Konfiguration } from './signin-config';

type Oidc = NonNullable<Konfiguration['oidc']>;

let manager: { key: string; instance: UserManager } | undefined;

function managerFor(oidc: Oidc): UserManager {
  const key = JSON.stringify(oidc);
  if (manager?.key !== key) {
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    manager = { key, instance: new UserManager({ ...oidcSettings(oidc, window.location.origin), userStore: store, stateStore: store }) };
  }
  return manager.instance;
}

/** Off to the provider; back at the app's root with `?code&state` (see completeSignIn). */
export async function startSignIn(oidc: Oidc, from: string): Promise<void> {
  await managerFor(oidc).signinRedirect({ state: returnTo(from) });
}

/** The provider's answer: exchanges the code (with the PKCE verifier) for tokens. */
export async function completeSignIn(oidc: Oidc): Promise<{ accessToken: string; returnTo: string }> {
  const user = await managerFor(oidc).signinRedirectCallback();
  return { accessToken: user.access_token, returnTo: returnTo(user.state) };
}

/**
 * Forgets the user here and, when the provider has an end-session endpoint, signs out there too (the
 * page goes to the provider and comes back to the sign-in page). Answers false when it stays here.
 */
export async function signOutAtProvider(oidc: Oidc): Promise<boolean> {
  const mgr = managerFor(oidc);
  const user = await mgr.getUser().catch(() => null);
  await mgr.removeUser();
  try {
    const metadata = await mgr.metadataService.getMetadata();
    if (!metadata.end_session_endpoint) return false;
    await mgr.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {});
    return true;
  } catch {
    return false;
  }
}
