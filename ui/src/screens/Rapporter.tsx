// Rapporter (leder): how many deadlines of each type fell due in a month and the share met in time,
// per regelsæt, as a table and a bar chart (inline SVG), with the same figures as CSV; and the
// forløb whose deadlines are overdue.
import { useEffect, useState } from 'react';
import { get, getRegelsaetSummaries, getText, query } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { dageTekst, dato, FRIST_NAVN, idag, navn, procent, tal } from '../format';
import { href } from '../router';
import type { Identity } from '../session';
import type { ListAnswer, Rapport, RapportLinje, RegelsaetSummary } from '../types';

function monthSpan(month: string): { fra: string; til: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { fra: `${month}-01`, til: `${month}-${String(last).padStart(2, '0')}` };
}

function Chart({ linjer }: { linjer: RapportLinje[] }) {
  const rowH = 28;
  const labelW = 190;
  const barW = 320;
  const height = linjer.length * rowH + 24;
  return (
    <figure className="diagram">
      <svg role="img" aria-labelledby="diagram-titel" width={labelW + barW + 70} height={height} viewBox={`0 0 ${labelW + barW + 70} ${height}`}>
        <title id="diagram-titel">Andel overholdt i tide pr. fristtype</title>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={labelW + t * barW} x2={labelW + t * barW} y1={0} y2={height - 18} stroke="#757575" strokeDasharray="2 3" />
            <text x={labelW + t * barW} y={height - 4} fontSize="12" textAnchor="middle" fill="#1a1a1a">
              {t * 100} %
            </text>
          </g>
        ))}
        {linjer.map((l, i) => (
          <g key={l.fristtype} transform={`translate(0, ${i * rowH})`}>
            <text x={labelW - 8} y={rowH / 2 + 4} fontSize="13" textAnchor="end" fill="#1a1a1a">
              {navn(FRIST_NAVN, l.fristtype)}
            </text>
            <rect x={labelW} y={5} width={Math.max(0, (l.andelITide ?? 0) * barW)} height={rowH - 10} fill="#0059b3" />
            <text x={labelW + (l.andelITide ?? 0) * barW + 6} y={rowH / 2 + 4} fontSize="13" fill="#1a1a1a">
              {procent(l.andelITide)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="sr-only">Diagrammet viser de samme tal som tabellen.</figcaption>
    </figure>
  );
}

export function Rapporter({ identity }: { identity: Identity }) {
  usePageTitle('Rapporter');
  const [regelsaet, setRegelsaet] = useState<RegelsaetSummary[]>([]);
  const [valgt, setValgt] = useState('');
  const [month, setMonth] = useState(idag().slice(0, 7));
  const [rapport, setRapport] = useState<Rapport | null>(null);
  const [overskredne, setOverskredne] = useState<ListAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getRegelsaetSummaries()
      .then((all) => {
        const own = all.filter((r) => r.kommune === identity.kommune);
        setRegelsaet(own);
        setValgt((v) => v || (own[0]?.id ?? ''));
      })
      .catch((err: Error) => setError(err.message));
    get<ListAnswer>('/api/forloeb?overskredet=true&antal=50')
      .then(setOverskredne)
      .catch((err: Error) => setError(err.message));
  }, [identity.kommune]);

  const q = valgt && /^\d{4}-\d{2}$/.test(month) ? query({ regelsaet: valgt, ...monthSpan(month) }) : '';
  useEffect(() => {
    if (!q) return;
    // Only the answer for the latest choice is shown: an earlier request may answer later.
    let current = true;
    get<Rapport>(`/api/rapporter/frister${q}`)
      .then((r) => {
        if (!current) return;
        setRapport(r);
        setError(null);
      })
      .catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [q]);

  const downloadCsv = async () => {
    try {
      const csv = await getText(`/api/rapporter/frister${q}&format=csv`);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `frister-${valgt}-${month}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <PageHeading>Rapporter</PageHeading>
      {error && <Alert kind="error" heading="Rapporten kunne ikke hentes">{error}</Alert>}
      <form className="filter-grid" onSubmit={(e) => e.preventDefault()} aria-label="Vælg rapport">
        <div className="form-group">
          <label className="form-label" htmlFor="r-regelsaet">Regelsæt</label>
          <select id="r-regelsaet" className="form-select" value={valgt} onChange={(e) => setValgt(e.target.value)}>
            {regelsaet.map((r) => (
              <option key={r.id} value={r.id}>{r.name}</option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="r-maaned">Måned</label>
          <input id="r-maaned" className="form-input input-width-s" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      </form>
      <h2 className="h3">Overholdelse af frister</h2>
      {rapport && rapport.frister.length === 0 && <Alert kind="info">Ingen frister forfaldt i perioden.</Alert>}
      {rapport && rapport.frister.length > 0 && (
        <>
          <p>
            Frister med forfald {dato(rapport.fra)}–{dato(rapport.til)}.
          </p>
          <table className="table table--compact table--zebra" data-testid="rapport">
            <caption className="sr-only">Overholdelse af frister pr. fristtype</caption>
            <thead>
              <tr>
                <th scope="col">Fristtype</th>
                <th scope="col" className="tal">Antal</th>
                <th scope="col" className="tal">Overholdt i tide</th>
                <th scope="col" className="tal">Andel i tide</th>
                <th scope="col" className="tal">Median dage</th>
              </tr>
            </thead>
            <tbody>
              {rapport.frister.map((l) => (
                <tr key={l.fristtype} data-fristtype={l.fristtype}>
                  <td>{navn(FRIST_NAVN, l.fristtype)}</td>
                  <td className="tal" data-kolonne="antal">{l.antal}</td>
                  <td className="tal" data-kolonne="overholdtITide">{l.overholdtITide}</td>
                  <td className="tal" data-kolonne="andelITide">{procent(l.andelITide)}</td>
                  <td className="tal" data-kolonne="medianDage">{l.medianDage === null ? '–' : tal(l.medianDage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Chart linjer={rapport.frister} />
        </>
      )}
      <button type="button" className="button button-secondary" onClick={() => void downloadCsv()} disabled={!q}>
        Hent som CSV
      </button>
      <h2 className="h3 mt-7">Forløb med overskredne frister</h2>
      {overskredne && overskredne.elementer.length === 0 && <p>Ingen forløb har overskredne frister.</p>}
      {overskredne && overskredne.elementer.length > 0 && (
        <table className="table table--compact table--zebra" data-testid="overskredne">
          <caption className="sr-only">Forløb med overskredne frister</caption>
          <thead>
            <tr>
              <th scope="col">Forløb</th>
              <th scope="col">Regelsæt</th>
              <th scope="col">Frist</th>
              <th scope="col">Forfald</th>
              <th scope="col">Overskredet</th>
            </tr>
          </thead>
          <tbody>
            {overskredne.elementer.map((f) => (
              <tr key={f.id}>
                <td>
                  <a href={href(`/forloeb/${f.id}`)}>{f.id.slice(8, 16)}</a>
                </td>
                <td>{f.regelsaetId}</td>
                <td>{f.naesteFrist ? navn(FRIST_NAVN, f.naesteFrist.type) : '–'}</td>
                <td>{f.naesteFrist ? dato(f.naesteFrist.forfald) : '–'}</td>
                <td>{f.naesteFrist ? dageTekst(f.naesteFrist.dageTilbage) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
