// Sign-in in the development mode: pick one of the development users (role, kommune, unit);
// POST /api/dev/token gives a token, kept in sessionStorage until sign-out.
import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';
import { Alert, Field, PageHeading, usePageTitle } from '../components';
import { DEV_USERS, KOMMUNER, ROLLE_NAVN, setToken } from '../session';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  usePageTitle('Log ind');
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
      setToken(token);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? 'Udviklingslogin er slået fra på denne server. Log ind via kommunens login.' : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <PageHeading>Log ind</PageHeading>
        <p>Vælg en udviklingsbruger. Udviklingslogin findes kun, når serveren kører i udviklingstilstand.</p>
        {error && <Alert kind="error" heading="Du blev ikke logget ind">{error}</Alert>}
        <form onSubmit={submit} noValidate>
          <Field label="Bruger" name="bruger" hint="Rolle, kommune og enhed">
            {(p) => (
              <select {...p} className="form-select" value={userId} onChange={(e) => setUserId(e.target.value)}>
                {KOMMUNER.map((k) => (
                  <optgroup key={k} label={`${k} Kommune`}>
                    {DEV_USERS.filter((u) => u.kommune === k).map((u) => (
                      <option key={u.id} value={u.id}>
                        {ROLLE_NAVN[u.rolle]}: {u.navn}
                        {u.enhed ? `, ${u.enhed}` : ''}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={busy}>
            Log ind
          </button>
        </form>
      </div>
    </div>
  );
}
