// The borger's CPR number on the forløb detail: masked until the user asks, each showing logged by the API.
import { useState } from 'react';
import { postRead } from '../../api';

/**
 * The CPR number masked until the user asks for it; the API logs each showing in the access log. The
 * number lives only in this component's state: never in the address, the title, the history or storage,
 * and it is gone when the user hides it or leaves the forløb.
 */
export function CprNummer({ id, masked }: { id: string; masked: string }) {
  const [cpr, setCpr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setCpr((await postRead<{ cpr: string }>(`/api/forloeb/${id}/cpr`)).cpr);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span data-testid="cpr" aria-live="polite">
        {cpr ?? (
          <>
            {masked}
            <span className="sr-only"> (de sidste fire cifre skjult)</span>
          </>
        )}
      </span>{' '}
      {cpr ? (
        <button type="button" className="button button-tertiary button-small cpr-knap" onClick={() => setCpr(null)}>
          Skjul CPR-nummer
        </button>
      ) : (
        <button type="button" className="button button-tertiary button-small cpr-knap" onClick={() => void show()} disabled={busy} aria-describedby="cpr-logges">
          Vis CPR-nummer
        </button>
      )}
      <span id="cpr-logges" className="form-hint cpr-hint">
        Visningen registreres i adgangsloggen.
      </span>
      {error && (
        <span className="form-error-message" role="alert">
          CPR-nummeret kunne ikke vises: {error}
        </span>
      )}
    </>
  );
}
