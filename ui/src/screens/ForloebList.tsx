// Forløb: the kommune's forløb with filters (fase, regelsæt, enhed, terapeut, an open deadline of a
// type, overskredet, forfald denne uge), sorting and pages, and the days left to each forløb's next
// deadline. The visitator's shortcuts: *Forlængelser* lists the forløb whose extension request waits
// for a decision (an open `forlaengelse` deadline) with the date it is due; *Afventer afgørelse* lists
// the applications in visitering with their decision deadline, where the regelsæt sets one.
// A search for a borger (the header's field, on every page) shows its hits here: the term travels in
// the request body and the screen's memory, never in the address, so it stays out of the history and
// out of proxy logs. Each row names the borger (name and masked CPR number), not an internal id.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, getRegelsaetSummaries, postRead, query } from '../api';
import { Alert, Field, PageHeading, usePageTitle } from '../components';
import { dageTekst, dato, ENHED_NAVN, FASE_NAVN, FRIST_NAVN, idag, navn, tal } from '../format';
import { href, navigate } from '../router';
import type { Identity } from '../session';
import { PHASES, type ListAnswer, type ListFrist, type RegelsaetSummary } from '../types';

const FILTERS = ['fase', 'regelsaet', 'enhed', 'terapeut', 'aabenFrist', 'overskredet', 'uge', 'sorter', 'retning'] as const;
const PAGE_SIZE = 25;

/** The Monday after this week (Copenhagen): "forfald denne uge" is a due date before it. */
function nextMonday(): string {
  const [y, m, d] = idag().split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() + (7 - weekday));
  return date.toISOString().slice(0, 10);
}

function titleOf(params: URLSearchParams): string {
  const aaben = params.get('aabenFrist');
  if (aaben === 'forlaengelse') return 'Forlængelser, der afventer afgørelse';
  if (aaben === 'afgoerelse') return 'Ansøgninger, der afventer afgørelse';
  if (aaben) return `Forløb med åben frist: ${navn(FRIST_NAVN, aaben).toLowerCase()}`;
  if (params.get('fase') === 'visitering') return 'Afventer afgørelse';
  if (params.get('fase') === 'status') return 'Forløb i status';
  if (params.get('overskredet') === 'true') return 'Forløb med overskredne frister';
  if (params.get('enhed') && !params.get('fase')) return 'Min caseload';
  return 'Forløb';
}

/** The heading of the column with one deadline's due date: a decision is "senest" a date. */
function fristKolonne(type: string): string {
  return type === 'forlaengelse' || type === 'afgoerelse' ? 'Afgørelse senest' : `${navn(FRIST_NAVN, type)}, forfald`;
}

/** A deadline's due date, the days left, and whether it is missed or escalated. */
function FristDato({ frist }: { frist: ListFrist | undefined }) {
  if (!frist) return <span className="muted">Ingen frist</span>;
  return (
    <>
      {dato(frist.forfald)}
      <div className={frist.dageTilbage < 0 ? 'tekst-fejl' : 'muted'}>
        {dageTekst(frist.dageTilbage)}
        {frist.status === 'overskredet' && <span className="badge badge-error">Overskredet</span>}
        {frist.eskaleret && <span className="badge badge-warning">Eskaleret</span>}
      </div>
    </>
  );
}

/** Who the forløb is for, as a row shows it: the name (or that none is recorded) and the masked CPR number. */
function BorgerCelle({ f }: { f: ListAnswer['elementer'][number] }) {
  return (
    <>
      <a href={href(`/forloeb/${f.id}`)} data-testid="borger-navn">
        {f.borger.navn ?? 'Navn ikke registreret'}
      </a>
      <div className="muted" data-testid="borger-cpr">
        {f.borger.cprMaskeret ?? '–'}
      </div>
    </>
  );
}

/**
 * `soeg`: the term of a search for a borger (from the header); the screen then lists its hits,
 * without the filters. Undefined on the plain list.
 */
export function ForloebList({ identity, params, soeg, onSoeg }: { identity: Identity; params: URLSearchParams; soeg?: string | undefined; onSoeg?: (term: string) => void }) {
  const soegning = soeg !== undefined;
  const title = soegning ? 'Find borger' : titleOf(params);
  usePageTitle(title);
  const [regelsaet, setRegelsaet] = useState<RegelsaetSummary[]>([]);
  const [answer, setAnswer] = useState<ListAnswer | null>(null);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [error, setError] = useState<string | null>(null);
  const [soegFejl, setSoegFejl] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(true);
  const page = cursors.length - 1;
  const aabenFrist = params.get('aabenFrist');
  // In visitering an application's only open deadline is its decision deadline, when the regelsæt has
  // one, so the next deadline is shown as "afgørelse senest" there.
  const visitering = !aabenFrist && params.get('fase') === 'visitering';
  const fristType = aabenFrist ?? (visitering ? 'afgoerelse' : null);
  const fristAf = (f: ListAnswer['elementer'][number]): ListFrist | undefined =>
    aabenFrist ? f.aabenFrist : f.naesteFrist?.type === 'afgoerelse' ? f.naesteFrist : undefined;

  useEffect(() => {
    getRegelsaetSummaries()
      .then((all) => setRegelsaet(all.filter((r) => r.kommune === identity.kommune)))
      .catch(() => setRegelsaet([]));
  }, [identity.kommune]);

  useEffect(() => {
    setLoading(true);
    const q = query({
      fase: params.get('fase'),
      regelsaet: params.get('regelsaet'),
      enhed: params.get('enhed'),
      terapeut: params.get('terapeut'),
      aabenFrist,
      overskredet: params.get('overskredet') === 'true' ? 'true' : undefined,
      forfaldFoer: params.get('uge') === 'true' ? nextMonday() : undefined,
      // Sorting by the open deadline needs the filter that names it.
      sorter: params.get('sorter') === 'aabenFrist' && !aabenFrist ? undefined : params.get('sorter'),
      retning: params.get('retning'),
      antal: PAGE_SIZE,
      side: cursors[page],
    });
    // Only the answer for the latest filters and page is shown: an earlier request may answer later.
    let current = true;
    if (soegning && soeg.trim() === '') {
      setLoading(false);
      return;
    }
    const request = soegning
      ? postRead<ListAnswer>('/api/borgere/soeg', { soeg, antal: PAGE_SIZE, ...(cursors[page] ? { side: cursors[page] } : {}) })
      : get<ListAnswer>(`/api/forloeb${q}`);
    request
      .then((a) => {
        if (!current) return;
        setAnswer(a);
        setError(null);
        setSoegFejl({});
      })
      .catch((err: Error) => {
        if (!current) return;
        setAnswer(null);
        setError(err.message);
        // The API names the field (soeg) and says what is wrong, without repeating the term.
        if (err instanceof ApiError) setSoegFejl(Object.fromEntries(err.felter.map((f) => [f.felt, f.besked])));
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [params, cursors, page, aabenFrist, soeg, soegning]);

  const applyFilters = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const key of FILTERS) {
      const v = data.get(key);
      if (typeof v === 'string' && v !== '') next.set(key, v);
    }
    navigate(`/forloeb${next.toString() ? `?${next}` : ''}`);
  };

  return (
    <>
      <PageHeading>{title}</PageHeading>
      {soegning && (
        <form
          role="search"
          aria-label="Søg efter borger"
          className="mb-5"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const term = new FormData(e.currentTarget).get('soeg');
            if (typeof term === 'string') onSoeg?.(term);
          }}
        >
          <Field label="CPR-nummer eller navn" name="soeg" errors={soegFejl} hint="Et helt CPR-nummer, eller begyndelsen af borgerens navn eller efternavn. Søgningen registreres i adgangsloggen.">
            {(p) => <input {...p} className="form-input input-width-l" type="search" autoComplete="off" spellCheck={false} defaultValue={soeg} />}
          </Field>
          <button type="submit" className="button button-primary">Søg</button>
        </form>
      )}
      {!soegning && (
        <details className="details filtre" open>
          <summary className="details-summary">
            <span className="details-summary-text">Filtre og sortering</span>
          </summary>
          <form className="details-text filter-form" onSubmit={applyFilters} aria-label="Filtrér forløb">
            <div className="filter-grid">
              <div className="form-group">
                <label className="form-label" htmlFor="f-fase">Fase</label>
                <select id="f-fase" name="fase" className="form-select" defaultValue={params.get('fase') ?? ''}>
                  <option value="">Alle faser</option>
                  {PHASES.map((p) => (
                    <option key={p} value={p}>{FASE_NAVN[p]}</option>
                  ))}
                </select>
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-regelsaet">Regelsæt</label>
                <select id="f-regelsaet" name="regelsaet" className="form-select" defaultValue={params.get('regelsaet') ?? ''}>
                  <option value="">Alle regelsæt</option>
                  {regelsaet.map((r) => (
                    <option key={r.id} value={r.id}>{r.name}</option>
                  ))}
                </select>
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-enhed">Enhed</label>
                <input id="f-enhed" name="enhed" className="form-input" defaultValue={params.get('enhed') ?? ''} />
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-terapeut">Terapeut</label>
                <input id="f-terapeut" name="terapeut" className="form-input" defaultValue={params.get('terapeut') ?? ''} />
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-aaben-frist">Åben frist</label>
                <select id="f-aaben-frist" name="aabenFrist" className="form-select" defaultValue={aabenFrist ?? ''}>
                  <option value="">Alle forløb</option>
                  {Object.entries(FRIST_NAVN).map(([type, tekst]) => (
                    <option key={type} value={type}>{tekst}</option>
                  ))}
                </select>
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-sorter">Sortér efter</label>
                <select id="f-sorter" name="sorter" className="form-select" defaultValue={params.get('sorter') ?? 'naesteFrist'}>
                  <option value="naesteFrist">Næste frist</option>
                  <option value="oprettet">Oprettet</option>
                  <option value="opdateret">Senest opdateret</option>
                  <option value="aabenFrist">Den åbne frists forfald</option>
                </select>
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="f-retning">Rækkefølge</label>
                <select id="f-retning" name="retning" className="form-select" defaultValue={params.get('retning') ?? 'asc'}>
                  <option value="asc">Stigende</option>
                  <option value="desc">Faldende</option>
                </select>
              </div>
            </div>
            <div className="filter-checks">
              {/* One DKFDS checkbox group each: the styled box is drawn over its own label only. */}
              <div className="form-group-checkbox">
                <input id="f-overskredet" type="checkbox" name="overskredet" value="true" className="form-checkbox" defaultChecked={params.get('overskredet') === 'true'} />
                <label htmlFor="f-overskredet">Kun overskredne frister</label>
              </div>
              <div className="form-group-checkbox">
                <input id="f-uge" type="checkbox" name="uge" value="true" className="form-checkbox" defaultChecked={params.get('uge') === 'true'} />
                <label htmlFor="f-uge">Forfalder denne uge</label>
              </div>
            </div>
            <button type="submit" className="button button-primary">Vis forløb</button>
          </form>
        </details>
      )}
      {error && <Alert kind="error" heading={soegning ? 'Søgningen blev ikke udført' : 'Forløbene kunne ikke hentes'}>{error}</Alert>}
      {answer && (
        <>
          <p aria-live="polite" className="mb-2">
            {loading ? 'Henter …' : answer.total !== undefined ? `${answer.total} forløb${soegning ? ' fundet' : ''}` : 'Mange forløb'}
            {page > 0 ? `, side ${page + 1}` : ''}
          </p>
          {answer.elementer.length === 0 ? (
            <Alert kind="info">{soegning ? 'Ingen borger i kommunen passer til søgningen.' : 'Ingen forløb passer til filtrene.'}</Alert>
          ) : (
            <div className="table--responsive-scroll">
              <table className="table table--compact table--zebra" data-testid="forloebsliste">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Borger</th>
                    <th scope="col">Regelsæt</th>
                    <th scope="col">Fase</th>
                    {fristType && <th scope="col">{fristKolonne(fristType)}</th>}
                    <th scope="col">Næste frist</th>
                    <th scope="col">Dage tilbage</th>
                    <th scope="col">Ramme</th>
                    <th scope="col">Terapeut</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.elementer.map((f) => (
                    <tr key={f.id} data-forloeb={f.id}>
                      <td>
                        <BorgerCelle f={f} />
                        {f.kategori && <div className="muted">Kategori: {f.kategori}</div>}
                      </td>
                      <td>{f.regelsaetId}</td>
                      <td>{f.status === 'lukket' ? 'Lukket' : navn(FASE_NAVN, f.fase)}</td>
                      {fristType && (
                        <td data-testid="frist-dato">
                          <FristDato frist={fristAf(f)} />
                        </td>
                      )}
                      <td>{f.naesteFrist ? `${navn(FRIST_NAVN, f.naesteFrist.type)}, ${dato(f.naesteFrist.forfald)}` : '–'}</td>
                      <td className={f.naesteFrist && f.naesteFrist.dageTilbage < 0 ? 'tekst-fejl' : undefined}>
                        {f.naesteFrist ? (
                          <>
                            {dageTekst(f.naesteFrist.dageTilbage)}
                            {f.naesteFrist.status === 'overskredet' && <span className="badge badge-error">Overskredet</span>}
                            {f.naesteFrist.eskaleret && <span className="badge badge-warning">Eskaleret</span>}
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                      <td>{f.ramme ? `${tal(f.ramme.brugt)} af ${tal(f.ramme.antal)} ${navn(ENHED_NAVN, f.ramme.enhed)}` : '–'}</td>
                      <td>{f.tildeling.terapeut ? `${f.tildeling.terapeut}${f.tildeling.enhed ? `, ${f.tildeling.enhed}` : ''}` : 'Ikke tildelt'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pagination-knapper" aria-label="Sider">
            <button type="button" className="button button-secondary" disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Forrige side
            </button>
            <button type="button" className="button button-secondary" disabled={!answer.naesteSide} onClick={() => setCursors((c) => [...c, answer.naesteSide])}>
              Næste side
            </button>
          </nav>
        </>
      )}
    </>
  );
}
