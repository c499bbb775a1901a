// The open deadlines a leder can still act on — the forecast (overdue and due this week), or either
// part alone — with who answers for each and the action that meets it. 25 rows a page, sortable by
// the column headings; the CSV holds every row.
import { useEffect, useState } from 'react';
import { get, query } from '../api';
import { Alert } from '../components';
import { dageTekst, dato, FRIST_NAVN, navn, ROLLE_NAVN, tidspunkt } from '../format';
import { href } from '../router';
import type { AabneFrister } from '../types';
import { downloadCsv } from './csv';

export type Visning = 'prognose' | 'overskredne' | 'denne-uge';
type Sortering = 'forfald' | 'fristtype' | 'ansvarlig' | 'terapeut' | 'enhed';

export const VISNING_NAVN: Record<Visning, string> = {
  prognose: 'Overskredne og denne uges frister',
  overskredne: 'Overskredne frister',
  'denne-uge': 'Frister der forfalder denne uge',
};
const PAGE = 25;
const IKKE_TILDELT = 'Ikke tildelt';

export function FristListe({ regelsaet, regelsaetNavn }: { regelsaet: string; regelsaetNavn: (id: string) => string }) {
  const [visning, setVisning] = useState<Visning>('prognose');
  const [sorter, setSorter] = useState<Sortering>('forfald');
  const [faldende, setFaldende] = useState(false);
  const [side, setSide] = useState(1);
  const [answer, setAnswer] = useState<AabneFrister | null>(null);
  const [error, setError] = useState<string | null>(null);

  const q = { regelsaet, sorter, retning: faldende ? 'faldende' : undefined };
  const path = `/api/rapporter/${visning}`;
  const key = `${path}${query({ ...q, side, antal: PAGE })}`;
  useEffect(() => {
    let current = true;
    get<AabneFrister>(key)
      .then((a) => current && (setAnswer(a), setError(null)))
      .catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [key]);
  useEffect(() => setSide(1), [visning, sorter, faldende, regelsaet]);

  const sortBy = (s: Sortering) => {
    if (s === sorter) setFaldende((f) => !f);
    else {
      setSorter(s);
      setFaldende(false);
    }
  };
  const heading = (s: Sortering, label: string) => (
    <th scope="col" aria-sort={sorter === s ? (faldende ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="button-unstyled" onClick={() => sortBy(s)}>
        {label}
        {sorter === s ? (faldende ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE)) : 1;

  return (
    <section aria-labelledby="frister-titel">
      <h2 className="h3 mt-7" id="frister-titel">
        Hvem misser en frist i denne uge?
      </h2>
      <div className="form-group">
        <label className="form-label" htmlFor="r-visning">Vis</label>
        <select id="r-visning" className="form-select" value={visning} onChange={(e) => setVisning(e.target.value as Visning)}>
          {(Object.keys(VISNING_NAVN) as Visning[]).map((v) => (
            <option key={v} value={v}>{VISNING_NAVN[v]}</option>
          ))}
        </select>
      </div>
      {error && <Alert kind="error" heading="Listen kunne ikke hentes">{error}</Alert>}
      {answer && answer.total === 0 && <p>Ingen åbne frister i denne visning.</p>}
      {answer && answer.total > 0 && (
        <>
          <p>
            {answer.total} {answer.total === 1 ? 'frist' : 'frister'}. Side {answer.side} af {pages}.
          </p>
          <div className="table--responsive-scroll">
            <table className="table table--compact table--zebra" data-testid="frister">
              <caption className="sr-only">{VISNING_NAVN[visning]}</caption>
              <thead>
                <tr>
                  <th scope="col">Forløb</th>
                  {heading('fristtype', 'Frist')}
                  {heading('forfald', 'Senest i tide')}
                  <th scope="col">Status</th>
                  {heading('ansvarlig', 'Ansvarlig')}
                  {heading('terapeut', 'Terapeut')}
                  {heading('enhed', 'Enhed')}
                  <th scope="col">Næste handling</th>
                </tr>
              </thead>
              <tbody>
                {answer.elementer.map((f) => (
                  <tr key={`${f.forloebId}/${f.fristtype}`} data-fristtype={f.fristtype}>
                    <td>
                      <a href={href(`/forloeb/${f.forloebId}`)}>{f.forloebId.slice(8, 16)}</a>
                      <div className="form-hint">{regelsaetNavn(f.regelsaetId)}</div>
                    </td>
                    <td>{navn(FRIST_NAVN, f.fristtype)}</td>
                    <td>
                      {dato(f.forfald)}
                      <span className="sr-only"> (inden {tidspunkt(f.senestITide)})</span>
                    </td>
                    <td>{dageTekst(f.dageTilbage)}</td>
                    <td>{navn(ROLLE_NAVN, f.ansvarligRolle)}</td>
                    <td>{f.terapeut ?? IKKE_TILDELT}</td>
                    <td>{f.enhed ?? IKKE_TILDELT}</td>
                    <td>{f.naesteHandling.tekst}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pagination-knapper" aria-label="Sider">
            <button type="button" className="button button-secondary" disabled={side <= 1} onClick={() => setSide((s) => s - 1)}>
              Forrige side
            </button>
            <button type="button" className="button button-secondary" disabled={side >= pages} onClick={() => setSide((s) => s + 1)}>
              Næste side
            </button>
          </nav>
        </>
      )}
      <button
        type="button"
        className="button button-secondary mt-5"
        onClick={() => void downloadCsv(`${path}${query({ ...q, format: 'csv' })}`, `${visning}.csv`).catch((err: Error) => setError(err.message))}
      >
        Hent listen som CSV
      </button>
    </section>
  );
}
