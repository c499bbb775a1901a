// Opgaver: the role's reminders and escalations, most urgent first (escalations, then the earliest
// due date), overdue marked; polled every 10 seconds. Each links to its forløb and can be acknowledged.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { dato, FRIST_NAVN, idag, navn, tidspunkt } from '../format';
import { href } from '../router';
import { ROLLE_NAVN, type Identity } from '../session';
import type { Inbox, Paamindelse } from '../types';

export const POLL_MS = 10_000;

export function Opgaver({ identity }: { identity: Identity }) {
  usePageTitle('Opgaver');
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setInbox(await get<Inbox>('/api/paamindelser?antal=100'));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const kvitter = async (p: Paamindelse) => {
    try {
      await post(`/api/paamindelser/${p.id}/kvittering`, {});
      setNotice(`Du har kvitteret for påmindelsen om fristen ${navn(FRIST_NAVN, p.frist).toLowerCase()}.`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const today = idag();
  return (
    <>
      <PageHeading>Opgaver</PageHeading>
      <p>
        Påmindelser og eskaleringer til rollen {ROLLE_NAVN[identity.rolle].toLowerCase()} i {identity.kommune} Kommune. De mest presserende står
        øverst. Listen opdateres hvert 10. sekund.
      </p>
      {error && <Alert kind="error" heading="Opgaverne kunne ikke hentes">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {inbox && inbox.elementer.length === 0 && <Alert kind="info">Du har ingen åbne opgaver.</Alert>}
      {inbox && inbox.elementer.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact table--zebra" data-testid="opgaver">
            <caption className="sr-only">Åbne påmindelser og eskaleringer, {inbox.total} i alt</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Frist</th>
                <th scope="col">Forfald</th>
                <th scope="col">Sendt</th>
                <th scope="col">Forløb</th>
                <th scope="col">
                  <span className="sr-only">Handling</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {inbox.elementer.map((p) => {
                const overdue = p.forfald < today;
                return (
                  <tr key={p.id} data-forloeb={p.forloebId} className={overdue ? 'raekke-overskredet' : undefined}>
                    <td>
                      {p.type === 'eskalering' ? (
                        <span className="badge badge-error">Eskalering (niveau {p.niveau})</span>
                      ) : (
                        <span className="badge badge-info">Påmindelse</span>
                      )}
                    </td>
                    <td>{navn(FRIST_NAVN, p.frist)}</td>
                    <td>
                      {dato(p.forfald)} {overdue && <span className="badge badge-error">Overskredet</span>}
                    </td>
                    <td>{tidspunkt(p.tidspunkt)}</td>
                    <td>
                      <a href={href(`/forloeb/${p.forloebId}`)}>Forløb {p.forloebId.slice(8, 16)}</a>
                    </td>
                    <td>
                      <button type="button" className="button button-secondary button-small" onClick={() => void kvitter(p)}>
                        Kvittér<span className="sr-only"> for påmindelsen om {navn(FRIST_NAVN, p.frist).toLowerCase()}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
