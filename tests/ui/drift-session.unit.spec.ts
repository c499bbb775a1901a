// The web UI's reading of who is signed in (ui/src/claims.ts) for the operations role: a drift token,
// as the API issues it, is read as drift (no unit, so the case screens never get it), and the sign-in
// page offers one development user of drift.
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../api/auth/verifier';
import { DEV_USERS, identityOf, ROLLE_NAVN } from '../../ui/src/claims';

const issue = createAuthenticator({ devMode: true }).issueDevToken!;

describe('identityOf', () => {
  it('reads a drift token as drift, without the unit a case token may carry', async () => {
    const token = await issue({ rolle: 'drift', kommune: 'Sønderborg', navn: 'Dorte Drift' });
    expect(identityOf(token)).toEqual({ navn: 'Dorte Drift', rolle: 'drift', kommune: 'Sønderborg', userId: 'dev:drift:Dorte Drift' });
    expect(ROLLE_NAVN.drift).toBe('Drift');
  });

  it('still reads a terapeut token with its unit', async () => {
    const token = await issue({ rolle: 'terapeut', kommune: 'Varde', enhed: 'Nord' });
    expect(identityOf(token)).toMatchObject({ rolle: 'terapeut', kommune: 'Varde', enhed: 'Nord' });
  });

  it('reads no identity from a token of an unknown role', async () => {
    const [header, , signature] = (await issue({ rolle: 'drift', kommune: 'Varde' })).split('.');
    const claims = Buffer.from(JSON.stringify({ rolle: 'administrator', kommune: 'Varde', sub: 'x' })).toString('base64url');
    expect(identityOf(`${header}.${claims}.${signature}`)).toBeNull();
  });
});

describe('the development users', () => {
  it('hold one drift user besides the four case roles in each kommune', () => {
    expect(DEV_USERS.filter((u) => u.rolle === 'drift')).toEqual([{ id: 'drift', rolle: 'drift', kommune: 'Sønderborg', navn: 'Dorte Drift' }]);
    expect(DEV_USERS.filter((u) => u.rolle !== 'drift')).toHaveLength(16);
  });
});
