// Drift: the operations inbox, the one page of the operations role. What the watchdog found wrong
// with a forløb's workflow and what it did about it, open findings first, newest first; each with a
// link to the workflow in the Temporal web UI (where the codec server shows its payloads to drift)
// and Kvittér for the open ones. The first page is fetched again every 10 seconds.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, post, query } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { tidspunkt } from '../format';
import type { DriftIdentity } from '../session';
import type { DriftFund, DriftFundListe } from '../types';
import { POLL_MS } from './Opgaver';

const PAGE_ROWS = 50;

/** What was found, in the words of the people who run the system. */
export const ART_NAVN: Record<DriftFund['art'], string> = {
  ikke_deterministisk: 'Historikken kan ikke genafspilles (ikke-deterministisk)',
  timeout: 'Workflow-opgaver får timeout (kapacitet)',
  opgave_fejler: 'En workflow-opgave fejler',
  frist_uden_tick: 'Et fristtidspunkt passerede, uden at forløbet reagerede',
};

/** What the watchdog did about it. */
export const REPARATION_NAVN: Record<DriftFund['reparation'], string> = {
  ingen: 'Intet forsøgt (kapacitet)',
  repareret: 'Nulstillet og afstemt',
  mislykket: 'Reparationen mislykkedes',
};

type Filter = 'aabne' | 'alle' | 'loeste';
const FILTER_NAVN: Record<Filter, string> = { aabne: 'Åbne fund', alle: 'Alle fund', loeste: 'Løste fund' };
const FILTER_QUERY: Record<Filter, boolean | undefined> = { aabne: true, alle: undefined, loeste: false };

export function Drift({ identity }: { identity: DriftIdentity }) {
  usePageTitle('Drift');
  const [filter, setFilter] = useState<Filter>('aabne');
  const [fund, setFund] = useState<DriftFund[] | null>(null);
  const [naeste, setNaeste] = useState<string | undefined>(undefined);
  // Refreshing replaces the list with its first page, so it waits while the user reads further pages.
  const readingFurther = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const page = useCallback((side?: string) => get<DriftFundListe>(`/api/drift/fund${query({ aabne: FILTER_QUERY[filter], antal: PAGE_ROWS, side })}`), [filter]);

  const loadFirst = useCallback(async () => {
    try {
      const answer = await page();
      setFund(answer.elementer);
      setNaeste(answer.naeste);
      readingFurther.current = false;
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [page]);

  const loadMore = async () => {
    if (!naeste) return;
    try {
      const answer = await page(naeste);
      setFund((rows) => [...(rows ?? []), ...answer.elementer]);
      setNaeste(answer.naeste);
      readingFurther.current = true;
    } catch (err) {
      setError((err as Error).message);
    }
  };

  useEffect(() => {
    setFund(null);
    void loadFirst();
    const timer = window.setInterval(() => {
      if (!readingFurther.current) void loadFirst();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [loadFirst]);

  const kvitter = async (f: DriftFund) => {
    try {
      await post(`/api/drift/fund/${f.id}/kvittering`, {});
      setNotice(`Du har kvitteret for fundet på forløb ${kort(f.forloebId)}.`);
    } catch (err) {
      // Someone else (or the watchdog) resolved it first: the list shows how.
      setError(err instanceof ApiError ? err.message : String(err));
    }
    await loadFirst();
  };

  return (
    <>
      <PageHeading>Drift</PageHeading>
      <p>
        Hvad vagthunden har fundet galt med forløbenes workflows, og hvad den har gjort ved det. Åbne fund står øverst, nyeste først. Et fund, vagthunden
        ikke kunne reparere, står åbent, til du kvitterer for det. Du er logget ind som {identity.navn}; driftsrollen ser ingen borgeroplysninger.
      </p>
      <div className="form-group">
        <fieldset>
          <legend className="form-label">Vis</legend>
          {(Object.keys(FILTER_NAVN) as Filter[]).map((f) => (
            <div className="form-group-radio" key={f}>
              <input type="radio" className="form-radio" id={`drift-filter-${f}`} name="drift-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
              <label htmlFor={`drift-filter-${f}`}>{FILTER_NAVN[f]}</label>
            </div>
          ))}
        </fieldset>
      </div>
      {error && <Alert kind="error" heading="Fundene kunne ikke hentes eller kvitteres">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {fund === null && !error && <p aria-live="polite">Henter fund …</p>}
      {fund && fund.length === 0 && <Alert kind="info">{filter === 'loeste' ? 'Der er ingen løste fund.' : 'Der er ingen fund.'}</Alert>}
      {fund && fund.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact table--zebra" data-testid="drift-fund">
            <caption className="sr-only">{FILTER_NAVN[filter]}, åbne først og nyeste først</caption>
            <thead>
              <tr>
                <th scope="col">Forløb</th>
                <th scope="col">Fundet</th>
                <th scope="col">Hvad</th>
                <th scope="col">Forsøgt</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Handling</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fund.map((f) => (
                <tr key={f.id} data-fund={f.id} className={f.loest === null ? 'raekke-overskredet' : undefined}>
                  <td>
                    <a href={f.temporalLink} target="_blank" rel="noopener noreferrer" className="icon-link">
                      {kort(f.forloebId)}
                      <span className="sr-only"> (forløbets workflow i Temporal, åbner i et nyt vindue)</span>
                    </a>
                    <div className="muted">{f.forloebId}</div>
                  </td>
                  <td>{tidspunkt(f.fundet)}</td>
                  <td>
                    {ART_NAVN[f.art]}
                    <div className="muted">{f.detalje}</div>
                  </td>
                  <td>
                    {REPARATION_NAVN[f.reparation]}
                    {f.reparationDetalje && <div className="muted">{f.reparationDetalje}</div>}
                  </td>
                  <td>
                    {f.loest === null ? (
                      <span className="badge badge-error">Åben</span>
                    ) : (
                      <>
                        <span className="badge badge-success">Løst</span>
                        <div className="muted">
                          {tidspunkt(f.loest)}, {f.loestAf === 'watchdog' ? 'af vagthunden' : `kvitteret af ${f.loestAf ?? 'ukendt'}`}
                        </div>
                      </>
                    )}
                  </td>
                  <td>
                    {f.loest === null && (
                      <button type="button" className="button button-secondary button-small" onClick={() => void kvitter(f)}>
                        Kvittér<span className="sr-only"> for fundet på forløb {kort(f.forloebId)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {naeste && (
        <button type="button" className="button button-secondary" onClick={() => void loadMore()}>
          Vis flere fund
        </button>
      )}
    </>
  );
}

/** The forløb id's first part, as the other screens show it. */
const kort = (forloebId: string) => `Forløb ${forloebId.slice(8, 16)}`;
