// The web UI's sign-in choices (ui/src/signin-config.ts): which ways in the sign-in page offers, the
// oidc-client-ts settings (authorization code flow with PKCE, a public client), the provider's answer
// recognised in the address, and where the user may be sent back to.
import { describe, expect, it } from 'vitest';
import { isSigninCallback, Konfiguration, oidcSettings, returnTo, signInMethods } from '../../ui/src/signin-config';

const oidc = { authority: 'https://login.sonderborg.example/realms/forloeb', klientId: 'forloeb-web', scope: 'openid profile' };

describe('signInMethods', () => {
  it('offers the municipality login first when configured, the development users when on', () => {
    expect(signInMethods({ udviklingslogin: true, oidc: null })).toEqual(['udvikling']);
    expect(signInMethods({ udviklingslogin: false, oidc })).toEqual(['oidc']);
    expect(signInMethods({ udviklingslogin: true, oidc })).toEqual(['oidc', 'udvikling']);
    expect(signInMethods({ udviklingslogin: false, oidc: null })).toEqual([]);
  });

  it('parses only a well-formed configuration', () => {
    expect(Konfiguration.safeParse({ udviklingslogin: false, oidc: { ...oidc, authority: 'not a url' } }).success).toBe(false);
    expect(Konfiguration.safeParse({ udviklingslogin: 'ja', oidc: null }).success).toBe(false);
  });
});

describe('oidcSettings', () => {
  it('is the authorization code flow with PKCE for a public client, back to the app root', () => {
    const s = oidcSettings(oidc, 'https://forloeb.sonderborg.dk');
    expect(s).toMatchObject({
      authority: oidc.authority,
      client_id: 'forloeb-web',
      scope: 'openid profile',
      response_type: 'code',
      response_mode: 'query',
      disablePKCE: false,
      redirect_uri: 'https://forloeb.sonderborg.dk/',
      post_logout_redirect_uri: 'https://forloeb.sonderborg.dk/',
    });
    expect(s).not.toHaveProperty('client_secret');
  });
});

describe('the provider’s answer and the way back', () => {
  it('recognises ?code&state and ?error&state, nothing else', () => {
    expect(isSigninCallback('?code=abc&state=xyz')).toBe(true);
    expect(isSigninCallback('?error=access_denied&state=xyz')).toBe(true);
    expect(isSigninCallback('?code=abc')).toBe(false);
    expect(isSigninCallback('')).toBe(false);
  });

  it('returns only to a screen of the app', () => {
    expect(returnTo('#/forloeb?fase=opstart')).toBe('#/forloeb?fase=opstart');
    expect(returnTo('#/forloeb/forloeb-0a1b2c3d-0000-4000-8000-000000000001')).toBe('#/forloeb/forloeb-0a1b2c3d-0000-4000-8000-000000000001');
    for (const bad of ['https://evil.example/', '//evil.example', 'javascript:alert(1)', '#/ x', undefined, 42]) expect(returnTo(bad)).toBe('#/');
  });
});
