// Sign-in: at the municipality's OIDC provider (authorization code flow with PKCE) when the API names
// one, and/or, in the development mode, by picking a development user (role, kommune, unit), for
// which POST /api/dev/token gives a token. The token is kept in sessionStorage until sign-out.
import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';
import { Alert, Field, PageHeading, usePageTitle } from '../components';
import { DEV_USERS, KOMMUNER, ROLLE_NAVN, setToken } from '../session';
import { signInMethods, type Konfiguration } from '../signin-config';

export function SignIn({ konfiguration, onSignedIn }: { konfiguration: Konfiguration | null; onSignedIn: () => void }) {
  usePageTitle('Log ind');
  const methods = konfiguration ? signInMethods(konfiguration) : [];
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <PageHeading>Log ind</PageHeading>
        {!konfiguration && <p aria-live="polite">Henter oplysninger om login …</p>}
        {konfiguration && methods.length === 0 && (
          <Alert kind="warning" heading="Login er ikke sat op">
            Serveren har hverken kommunens login eller udviklingslogin slået til.
          </Alert>
        )}
        {konfiguration?.oidc && <OidcSignIn oidc={konfiguration.oidc} />}
        {konfiguration?.udviklingslogin && <DevSignIn onSignedIn={onSignedIn} withHeading={methods.length > 1} />}
      </div>
    </div>
  );
}

function OidcSignIn({ oidc }: { oidc: NonNullable<Konfiguration['oidc']> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const { startSignIn } = await import('../oidc');
      await startSignIn(oidc, window.location.hash || '#/');
    } catch (err) {
      setError(`Kommunens login kunne ikke nås: ${(err as Error).message}`);
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="oidc-titel" className="mb-7">
      <h2 id="oidc-titel" className="h3">
        Kommunens login
      </h2>
      <p>Du sendes videre til kommunens login og kommer tilbage hertil, når du er logget ind.</p>
      {error && <Alert kind="error" heading="Du blev ikke logget ind">{error}</Alert>}
      <button type="button" className="button button-primary" onClick={() => void start()} disabled={busy}>
        Log ind med kommunens login
      </button>
    </section>
  );
}

function DevSignIn({ onSignedIn, withHeading }: { onSignedIn: () => void; withHeading: boolean }) {
  const [userId, setUserId] = useState(DEV_USERS[0]!.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const user = DEV_USERS.find((u) => u.id === userId);
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const { token } = await post<{ token: string }>('/api/dev/token', {
        rolle: user.rolle,
        kommune: user.kommune,
        navn: user.navn,
        ...(user.enhed ? { enhed: user.enhed } : {}),
      });
      setToken(token, 'udvikling');
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? 'Udviklingslogin er slået fra på denne server. Log ind via kommunens login.' : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={withHeading ? 'udvikling-titel' : undefined}>
      {withHeading && (
        <h2 id="udvikling-titel" className="h3">
          Udviklingsbrugere
        </h2>
      )}
      <p>Vælg en udviklingsbruger. Udviklingslogin findes kun, når serveren kører i udviklingstilstand.</p>
      {error && <Alert kind="error" heading="Du blev ikke logget ind">{error}</Alert>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Bruger" name="bruger" hint="Rolle, kommune og enhed, eller drift af systemet">
          {(p) => (
            <select {...p} className="form-select" value={userId} onChange={(e) => setUserId(e.target.value)}>
              {KOMMUNER.map((k) => (
                <optgroup key={k} label={`${k} Kommune`}>
                  {DEV_USERS.filter((u) => u.kommune === k && u.rolle !== 'drift').map((u) => (
                    <option key={u.id} value={u.id}>
                      {ROLLE_NAVN[u.rolle]}: {u.navn}
                      {u.enhed ? `, ${u.enhed}` : ''}
                    </option>
                  ))}
                </optgroup>
              ))}
              <optgroup label="Drift af systemet">
                {DEV_USERS.filter((u) => u.rolle === 'drift').map((u) => (
                  <option key={u.id} value={u.id}>
                    {ROLLE_NAVN[u.rolle]}: {u.navn}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          Log ind
        </button>
      </form>
    </section>
  );
}
