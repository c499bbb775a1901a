// Opgaver: the role's inbox, one row per open piece of work (a forløb and a deadline at its highest
// level, a request awaiting the role's decision, a reassessment, a frame nearly used, a start booked
// without a therapist), most urgent first (escalations, then the earliest due date), overdue marked,
// each with the borger, who holds the forløb, the next step and Kvittér, paged; below them the forløb
// that wait for the role's next step by the kommune's regelsæt (for a §140 team the plans waiting for
// visitation and the starts not yet booked; for a §86 visitator the applications waiting for a
// decision), each with its next deadline. Both are fetched again every 10 seconds, without a reload.
// After "Kvittér" the keyboard focus moves to the next row's button, not the page body.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, getOwnRegelsaet, post, query } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { dageTekst, dato, FASE_NAVN, FRIST_NAVN, idag, navn, OPGAVE_NAVN, tidspunkt } from '../format';
import { announceOpgaverAntal } from '../opgaver-antal';
import { href } from '../router';
import { ROLLE_NAVN, type Identity, type Rolle } from '../session';
import type { Inbox, ListAnswer, ListElement, Paamindelse, Phase, Regelsaet } from '../types';

export const POLL_MS = 10_000;
const QUEUE_ROWS = 25;
export const INBOX_PAGE = 25;

/** A list of forløb waiting for this role: a phase under one regelsæt; `aabenFrist`: only those with that deadline still open. */
type Queue = { fase: Phase; regelsaet: Regelsaet; aabenFrist?: 'opstart' };

/**
 * Which phases wait for the role, per regelsæt: visitation by its deciding role, the start by its
 * booking role. A start once booked waits no more: where the regelsæt has a start deadline, only the
 * forløb with it still open (booking meets it).
 */
export function queuesFor(rolle: Rolle, regelsaet: readonly Regelsaet[]): Queue[] {
  return regelsaet.flatMap((r) => [
    ...(r.roles.visitation === rolle || r.indsatser.some((i) => i.visitation === rolle) ? [{ fase: 'visitering' as const, regelsaet: r }] : []),
    ...(r.roles.startBooking === rolle
      ? [{ fase: 'opstart' as const, regelsaet: r, ...(r.deadlines.some((d) => d.type === 'opstart') ? { aabenFrist: 'opstart' as const } : {}) }]
      : []),
  ]);
}

const VENTER_PAA: Record<string, string> = { visitering: 'Visitation', opstart: 'Kontakt og opstart' };
type Waiting = ListElement & { regelsaetNavn: string };

/** What a row is about: a deadline's name, or the task's. */
export const opgaveNavn = (p: Pick<Paamindelse, 'frist'>) => navn({ ...FRIST_NAVN, ...OPGAVE_NAVN }, p.frist);

/** The row's current level, as a badge. */
function Trin({ p }: { p: Paamindelse }) {
  switch (p.type) {
    case 'eskalering':
      return <span className="badge badge-error">Eskalering, trin {p.niveau + 1}</span>;
    case 'paamindelse':
      return <span className="badge badge-info">Påmindelse{p.niveau > 0 ? ` ${p.niveau + 1}` : ''}</span>;
    case 'anmodning':
      return <span className="badge badge-warning">Afventer afgørelse</span>;
    case 'revurdering':
      return <span className="badge badge-warning">Revurdering, {p.niveau}. gang</span>;
    default:
      return <span className="badge badge-warning">Opgave</span>;
  }
}

const borgerTekst = (p: Paamindelse) => p.borger.navn ?? p.borger.cprMaskeret ?? 'borgeren';

export function Opgaver({ identity }: { identity: Identity }) {
  usePageTitle('Opgaver');
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [side, setSide] = useState(1);
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [waiting, setWaiting] = useState<Waiting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The row whose Kvittér button takes the focus once the list is fetched again. */
  const focusRow = useRef<number | null>(null);
  const tableRef = useRef<HTMLTableElement | null>(null);
  const noticeRef = useRef<HTMLDivElement | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await get<Inbox>(`/api/paamindelser${query({ side, antal: INBOX_PAGE })}`);
      // A page emptied by acknowledgements gives way to the one before it.
      if (answer.elementer.length === 0 && side > 1) {
        setSide((n) => n - 1);
        return;
      }
      setInbox(answer);
      announceOpgaverAntal(answer.total);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [side]);

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
        queues.map((q) =>
          get<ListAnswer>(`/api/forloeb${query({ fase: q.fase, regelsaet: q.regelsaet.id, aabenFrist: q.aabenFrist, sorter: 'naesteFrist', retning: 'asc', antal: QUEUE_ROWS })}`),
        ),
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

  // After an acknowledgement: the focus goes to the Kvittér button now in the acknowledged row's
  // place (the next row), or the last one, or to the message when the list is empty.
  useEffect(() => {
    const index = focusRow.current;
    if (index === null || !inbox) return;
    focusRow.current = null;
    const buttons = tableRef.current?.querySelectorAll<HTMLButtonElement>('button[data-kvitter]') ?? [];
    const target = buttons[Math.min(index, buttons.length - 1)];
    if (target) target.focus();
    else noticeRef.current?.focus();
  }, [inbox]);

  const kvitter = async (p: Paamindelse, index: number) => {
    try {
      await post(`/api/paamindelser/${p.id}/kvittering`, {});
      setNotice(`Du har kvitteret for ${opgaveNavn(p).toLowerCase()} for ${borgerTekst(p)}.`);
      focusRow.current = index;
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const today = idag();
  const sider = inbox?.total !== undefined ? Math.max(1, Math.ceil(inbox.total / INBOX_PAGE)) : undefined;
  return (
    <>
      <PageHeading>Opgaver</PageHeading>
      <p>
        Opgaver til rollen {ROLLE_NAVN[identity.rolle].toLowerCase()} i {identity.kommune} Kommune: én pr. forløb og frist eller anmodning, på sit
        højeste trin. De mest presserende står øverst. En opgave forsvinder af sig selv, når den er løst. Listen opdateres hvert 10. sekund.
      </p>
      {error && <Alert kind="error" heading="Opgaverne kunne ikke hentes">{error}</Alert>}
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && <Alert kind="success">{notice}</Alert>}
      </div>
      {inbox && inbox.elementer.length === 0 && <Alert kind="info">Du har ingen åbne opgaver.</Alert>}
      {inbox && inbox.elementer.length > 0 && (
        <>
          <div className="table--responsive-scroll">
            <table className="table table--compact table--zebra" data-testid="opgaver" ref={tableRef}>
              <caption className="sr-only">
                Åbne opgaver, {inbox.total ?? 'mange'} i alt{sider && sider > 1 ? `, side ${side} af ${sider}` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Trin</th>
                  <th scope="col">Borger</th>
                  <th scope="col">Opgave</th>
                  <th scope="col">Forfald</th>
                  <th scope="col">Ansvarlig</th>
                  <th scope="col">Næste skridt</th>
                  <th scope="col">
                    <span className="sr-only">Handling</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {inbox.elementer.map((p, index) => {
                  const overdue = p.forfald < today && p.type !== 'terapeut';
                  return (
                    <tr key={p.id} data-forloeb={p.forloebId} data-opgave={p.id} className={overdue ? 'raekke-overskredet' : undefined}>
                      <td data-testid="trin">
                        <Trin p={p} />
                        <div className="muted">{tidspunkt(p.tidspunkt)}</div>
                      </td>
                      <td>
                        <a href={href(`/forloeb/${p.forloebId}`)} data-testid="borger-navn">
                          {p.borger.navn ?? 'Navn ikke registreret'}
                        </a>
                        <div className="muted">{p.borger.cprMaskeret ?? '–'}</div>
                      </td>
                      <td>{opgaveNavn(p)}</td>
                      <td>
                        {dato(p.forfald)} {overdue && <span className="badge badge-error">Overskredet</span>}
                      </td>
                      <td>{p.ansvarlig.terapeut ? `${p.ansvarlig.terapeut}${p.ansvarlig.enhed ? `, ${p.ansvarlig.enhed}` : ''}` : (p.ansvarlig.enhed ?? 'Ingen terapeut')}</td>
                      <td data-testid="naeste-skridt">{p.naesteSkridt}</td>
                      <td>
                        <button type="button" data-kvitter className="button button-secondary button-small" onClick={() => void kvitter(p, index)}>
                          Kvittér
                          <span className="sr-only">
                            {' '}
                            for {opgaveNavn(p).toLowerCase()} for {borgerTekst(p)}
                          </span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {(side > 1 || (sider ?? side + 1) > side) && (
            <nav className="pagination-knapper" aria-label="Sider med opgaver">
              <button type="button" className="button button-secondary" disabled={side === 1} onClick={() => setSide((n) => n - 1)}>
                Forrige side
              </button>
              <span className="pagination-side">{sider ? `Side ${side} af ${sider}` : `Side ${side}`}</span>
              <button
                type="button"
                className="button button-secondary"
                disabled={sider !== undefined ? side >= sider : inbox.elementer.length < INBOX_PAGE}
                onClick={() => setSide((n) => n + 1)}
              >
                Næste side
              </button>
            </nav>
          )}
        </>
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
                    <th scope="col">Borger</th>
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
                          <a href={href(`/forloeb/${f.id}`)}>{f.borger.navn ?? 'Navn ikke registreret'}</a>
                          <div className="muted">{f.borger.cprMaskeret ?? '–'}</div>
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
