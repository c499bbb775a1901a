// Opgaver: the role's reminders and escalations, most urgent first (escalations, then the earliest
// due date), overdue marked, each linking to its forløb and with Kvittér; below them the forløb that
// wait for the role's next step by the kommune's regelsæt (for a §140 team the plans waiting for
// visitation and for the start to be booked; for a §86 visitator the applications waiting for a
// decision), each with its next deadline. Both are fetched again every 10 seconds, without a reload.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, getOwnRegelsaet, post, query } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { dageTekst, dato, FASE_NAVN, FRIST_NAVN, idag, navn, tidspunkt } from '../format';
import { href } from '../router';
import { ROLLE_NAVN, type Identity, type Rolle } from '../session';
import type { Inbox, ListAnswer, ListElement, Paamindelse, Phase, Regelsaet } from '../types';

export const POLL_MS = 10_000;
const QUEUE_ROWS = 25;

/** A list of forløb waiting for this role: a phase under one regelsæt. */
type Queue = { fase: Phase; regelsaet: Regelsaet };

/** Which phases wait for the role, per regelsæt: visitation by its deciding role, the start by its booking role. */
export function queuesFor(rolle: Rolle, regelsaet: readonly Regelsaet[]): Queue[] {
  return regelsaet.flatMap((r) => [
    ...(r.roles.visitation === rolle || r.indsatser.some((i) => i.visitation === rolle) ? [{ fase: 'visitering' as const, regelsaet: r }] : []),
    ...(r.roles.startBooking === rolle ? [{ fase: 'opstart' as const, regelsaet: r }] : []),
  ]);
}

const VENTER_PAA: Record<string, string> = { visitering: 'Visitation', opstart: 'Kontakt og opstart' };
type Waiting = ListElement & { regelsaetNavn: string };

export function Opgaver({ identity }: { identity: Identity }) {
  usePageTitle('Opgaver');
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [waiting, setWaiting] = useState<Waiting[] | null>(null);
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

  // The kommune's regelsæt, once: which phases wait for this role.
  useEffect(() => {
    getOwnRegelsaet(identity.kommune)
      .then((own) => setQueues(queuesFor(identity.rolle, own)))
      .catch(() => setQueues([]));
  }, [identity.kommune, identity.rolle]);

  const loadWaiting = useCallback(async () => {
    if (!queues || queues.length === 0) return;
    try {
      const answers = await Promise.all(
        queues.map((q) => get<ListAnswer>(`/api/forloeb${query({ fase: q.fase, regelsaet: q.regelsaet.id, sorter: 'naesteFrist', retning: 'asc', antal: QUEUE_ROWS })}`)),
      );
      const rows = answers.flatMap((a, i) => a.elementer.map((f) => ({ ...f, regelsaetNavn: queues[i]!.regelsaet.name })));
      // Most urgent first: the earliest next deadline; those without one last.
      rows.sort((a, b) => (a.naesteFrist?.forfald ?? '9999').localeCompare(b.naesteFrist?.forfald ?? '9999') || a.id.localeCompare(b.id));
      setWaiting(rows.slice(0, QUEUE_ROWS));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [queues]);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  useEffect(() => {
    void loadWaiting();
    const timer = window.setInterval(() => void loadWaiting(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [loadWaiting]);

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
                        <span className="badge badge-error">Eskalering (trin {p.niveau + 1})</span>
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
      {queues && queues.length > 0 && (
        <section aria-labelledby="venter-titel" className="sektion">
          <h2 id="venter-titel" className="h3">
            Forløb der venter på dig
          </h2>
          <p>
            {queues.map((q, i) => (
              <span key={`${q.fase}-${q.regelsaet.id}`}>
                {i > 0 && ' · '}
                <a href={href(`/forloeb${query({ fase: q.fase, regelsaet: q.regelsaet.id })}`)}>
                  Alle i {FASE_NAVN[q.fase].toLowerCase()}: {q.regelsaet.name}
                </a>
              </span>
            ))}
          </p>
          {waiting && waiting.length === 0 && <Alert kind="info">Ingen forløb venter på dig.</Alert>}
          {waiting && waiting.length > 0 && (
            <div className="table--responsive-scroll">
              <table className="table table--compact table--zebra" data-testid="venter">
                <caption className="sr-only">Forløb der venter på dig, mest presserende først</caption>
                <thead>
                  <tr>
                    <th scope="col">Forløb</th>
                    <th scope="col">Venter på</th>
                    <th scope="col">Regelsæt</th>
                    <th scope="col">Næste frist</th>
                    <th scope="col">Dage tilbage</th>
                  </tr>
                </thead>
                <tbody>
                  {waiting.map((f) => {
                    const overdue = f.naesteFrist?.status === 'overskredet';
                    return (
                      <tr key={f.id} data-forloeb={f.id} className={overdue ? 'raekke-overskredet' : undefined}>
                        <td>
                          <a href={href(`/forloeb/${f.id}`)}>Forløb {f.id.slice(8, 16)}</a>
                          {f.kategori && <div className="muted">{f.kategori}</div>}
                        </td>
                        <td>{navn(VENTER_PAA, f.fase)}</td>
                        <td>{f.regelsaetNavn}</td>
                        <td>{f.naesteFrist ? `${navn(FRIST_NAVN, f.naesteFrist.type)}, ${dato(f.naesteFrist.forfald)}` : '–'}</td>
                        <td className={overdue ? 'tekst-fejl' : undefined}>
                          {f.naesteFrist ? dageTekst(f.naesteFrist.dageTilbage) : '–'}
                          {overdue && <span className="badge badge-error">Overskredet</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
