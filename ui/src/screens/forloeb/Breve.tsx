// The forløb's decision letters (docs/letters.md): each letter with its decision date, its delivery
// status and a button that opens the PDF. Every opening is a download the API writes to the access
// log; the PDF lives only in a short-lived object URL, never in the address or in storage.
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type * as breve from '../../../../api/contract';
import { ApiError, get, getBlob } from '../../api';
import { Alert } from '../../components';
import { dato } from '../../format';
import { leveringsstatus } from './breve-status';

type Brev = z.infer<typeof breve.Brev>;
type Breve = z.infer<typeof breve.Breve>;

export function Breve({ forloebId }: { forloebId: string }) {
  const [list, setList] = useState<Brev[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<number | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setList((await get<Breve>(`/api/forloeb/${forloebId}/breve`)).breve);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Brevene kunne ikke hentes.');
    }
  }, [forloebId]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = async (b: Brev) => {
    setOpening(b.id);
    setError(null);
    try {
      const blob = await getBlob(`/api/forloeb/${forloebId}/breve/${b.id}`);
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `afgoerelse-${b.id}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Brevet kunne ikke hentes.');
    } finally {
      setOpening(null);
    }
  };

  return (
    <div data-testid="breve">
      {error && <Alert kind="error" heading="Fejl">{error}</Alert>}
      {list === null && !error && <p>Henter breve …</p>}
      {list !== null && list.length === 0 && <p>Der er endnu ingen afgørelser, som borgeren skal have skriftligt.</p>}
      {list !== null && list.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">Afgørelsesbreve til borgeren</caption>
            <thead>
              <tr>
                <th scope="col">Afgørelse</th>
                <th scope="col">Dato</th>
                <th scope="col">Status</th>
                <th scope="col">Brev</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id}>
                  <td>{b.titel.replace(/^Afgørelse: /, '')}</td>
                  <td>{dato(b.afgoerelsesdato)}</td>
                  <td>
                    {leveringsstatus(b)}
                    {b.sidsteFejl && b.status !== 'sendt' && <div className="muted">{b.sidsteFejl}</div>}
                  </td>
                  <td>
                    <button type="button" className="button button-secondary button-small" disabled={opening === b.id} onClick={() => void open(b)}>
                      {opening === b.id ? 'Henter …' : 'Hent PDF'}
                      <span className="sr-only"> for afgørelsen {dato(b.afgoerelsesdato)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
