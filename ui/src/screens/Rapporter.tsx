// Rapporter (leder): for the own kommune — all of its regelsæt together unless one is chosen — how many
// deadlines fell due in a period (month, quarter, year or from–to) and the share met in time, broken
// down by regelsæt, deadline kind, unit and therapist; the same per week over the last year as a chart;
// and who will miss a deadline this week, with the action that meets it. Every table has its CSV.
import { useEffect, useState } from 'react';
import { get, getRegelsaetSummaries, query } from '../api';
import { Alert, PageHeading, usePageTitle } from '../components';
import { dato, FRIST_NAVN, idag, navn, procent, tal } from '../format';
import { downloadCsv } from '../rapporter/csv';
import { FristListe } from '../rapporter/FristListe';
import { UgeDiagram } from '../rapporter/UgeDiagram';
import type { Identity } from '../session';
import type { Rapport, RapportLinje, RegelsaetSummary, UgeRapport } from '../types';

type PeriodeArt = 'maaned' | 'kvartal' | 'aar' | 'interval';
type Opdeling = 'regelsaet' | 'fristtype' | 'enhed' | 'terapeut';
const OPDELING_NAVN: Record<Opdeling, string> = { regelsaet: 'Regelsæt', fristtype: 'Frist', enhed: 'Enhed', terapeut: 'Terapeut' };
const PERIODE_NAVN: Record<PeriodeArt, string> = { maaned: 'Måned', kvartal: 'Kvartal', aar: 'År', interval: 'Fra–til' };
const IKKE_TILDELT = 'Ikke tildelt';

function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-K${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

function Chart({ linjer, label }: { linjer: RapportLinje[]; label: (l: RapportLinje) => string }) {
  const rowH = 28;
  const labelW = 260;
  const barW = 320;
  const height = linjer.length * rowH + 24;
  return (
    <figure className="diagram">
      <svg role="img" aria-labelledby="diagram-titel" width={labelW + barW + 70} height={height} viewBox={`0 0 ${labelW + barW + 70} ${height}`}>
        <title id="diagram-titel">Andel overholdt i tide</title>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={labelW + t * barW} x2={labelW + t * barW} y1={0} y2={height - 18} stroke="#757575" strokeDasharray="2 3" />
            <text x={labelW + t * barW} y={height - 4} fontSize="12" textAnchor="middle" fill="#1a1a1a">
              {t * 100} %
            </text>
          </g>
        ))}
        {linjer.map((l, i) => (
          <g key={i} transform={`translate(0, ${i * rowH})`}>
            <text x={labelW - 8} y={rowH / 2 + 4} fontSize="13" textAnchor="end" fill="#1a1a1a">
              {label(l)}
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
  const today = idag();
  const [regelsaet, setRegelsaet] = useState<RegelsaetSummary[]>([]);
  // '' = all of the kommune's regelsæt: a leder answers for the whole kommune, and a report that
  // opened on one regelsæt showed nothing when that one had no deadlines due.
  const [valgt, setValgt] = useState('');
  const [art, setArt] = useState<PeriodeArt>('kvartal');
  const [maaned, setMaaned] = useState(today.slice(0, 7));
  const [kvartal, setKvartal] = useState(quarterOf(today));
  const [aar, setAar] = useState(today.slice(0, 4));
  const [fra, setFra] = useState(`${today.slice(0, 4)}-01-01`);
  const [til, setTil] = useState(today);
  const [opdeling, setOpdeling] = useState<Opdeling[]>(['fristtype']);
  const [rapport, setRapport] = useState<Rapport | null>(null);
  const [uger, setUger] = useState<UgeRapport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getRegelsaetSummaries()
      .then((all) => setRegelsaet(all.filter((r) => r.kommune === identity.kommune)))
      .catch((err: Error) => setError(err.message));
  }, [identity.kommune]);
  const regelsaetNavn = (id: string | undefined) => (id ? (regelsaet.find((r) => r.id === id)?.name ?? id) : '–');

  const periode =
    art === 'maaned' ? { maaned } : art === 'kvartal' ? { kvartal } : art === 'aar' ? { aar } : { fra, til };
  const q = query({ regelsaet: valgt, ...periode, opdeling: opdeling.length === 0 ? 'ingen' : opdeling.join(',') });
  useEffect(() => {
    // Only the answer for the latest choice is shown: an earlier request may answer later.
    let current = true;
    get<Rapport>(`/api/rapporter/frister${q}`)
      .then((r) => current && (setRapport(r), setError(null)))
      .catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [q]);
  const ugerQ = query({ regelsaet: valgt });
  useEffect(() => {
    let current = true;
    get<UgeRapport>(`/api/rapporter/uger${ugerQ}`)
      .then((u) => current && setUger(u))
      .catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [ugerQ]);

  // The columns of the answer shown, not of the boxes ticked since: the two differ while a request runs.
  const opdelingShown = (rapport?.opdeling ?? []) as Opdeling[];
  const toggle = (o: Opdeling) => setOpdeling((all) => (all.includes(o) ? all.filter((x) => x !== o) : [...all, o]));
  const keyCells = (l: RapportLinje) =>
    (['regelsaet', 'fristtype', 'enhed', 'terapeut'] as const)
      .filter((o) => opdelingShown.includes(o))
      .map((o) =>
        o === 'regelsaet' ? regelsaetNavn(l.regelsaetId) : o === 'fristtype' ? navn(FRIST_NAVN, l.fristtype) : o === 'enhed' ? (l.enhed ?? IKKE_TILDELT) : (l.terapeut ?? IKKE_TILDELT),
      );
  const save = (path: string, filename: string) => downloadCsv(path, filename).catch((err: Error) => setError(err.message));

  return (
    <>
      <PageHeading>Rapporter</PageHeading>
      {error && <Alert kind="error" heading="Rapporten kunne ikke hentes">{error}</Alert>}
      <form className="filter-grid" onSubmit={(e) => e.preventDefault()} aria-label="Vælg rapport">
        <div className="form-group">
          <label className="form-label" htmlFor="r-regelsaet">Regelsæt</label>
          <select id="r-regelsaet" className="form-select" value={valgt} onChange={(e) => setValgt(e.target.value)}>
            <option value="">Alle regelsæt i {identity.kommune}</option>
            {regelsaet.map((r) => (
              <option key={r.id} value={r.id}>{r.name}</option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="r-periode">Periode</label>
          <select id="r-periode" className="form-select" value={art} onChange={(e) => setArt(e.target.value as PeriodeArt)}>
            {(Object.keys(PERIODE_NAVN) as PeriodeArt[]).map((a) => (
              <option key={a} value={a}>{PERIODE_NAVN[a]}</option>
            ))}
          </select>
        </div>
        {art === 'maaned' && (
          <div className="form-group">
            <label className="form-label" htmlFor="r-maaned">Måned</label>
            <input id="r-maaned" className="form-input" type="month" value={maaned} onChange={(e) => setMaaned(e.target.value)} />
          </div>
        )}
        {art === 'kvartal' && (
          <div className="form-group">
            <label className="form-label" htmlFor="r-kvartal">Kvartal</label>
            <select id="r-kvartal" className="form-select" value={kvartal} onChange={(e) => setKvartal(e.target.value)}>
              {[0, 1, 2].flatMap((back) => {
                const y = Number(today.slice(0, 4)) - back;
                return [4, 3, 2, 1].map((k) => `${y}-K${k}`);
              })
                .filter((k) => k <= quarterOf(today))
                .map((k) => (
                  <option key={k} value={k}>{`${k.slice(6)}. kvartal ${k.slice(0, 4)}`}</option>
                ))}
            </select>
          </div>
        )}
        {art === 'aar' && (
          <div className="form-group">
            <label className="form-label" htmlFor="r-aar">År</label>
            <input id="r-aar" className="form-input" inputMode="numeric" pattern="\d{4}" value={aar} onChange={(e) => setAar(e.target.value)} />
          </div>
        )}
        {art === 'interval' && (
          <>
            <div className="form-group">
              <label className="form-label" htmlFor="r-fra">Fra</label>
              <input id="r-fra" className="form-input" type="date" value={fra} onChange={(e) => setFra(e.target.value)} />
            </div>
            <div className="form-group">
              <label className="form-label" htmlFor="r-til">Til</label>
              <input id="r-til" className="form-input" type="date" value={til} onChange={(e) => setTil(e.target.value)} />
            </div>
          </>
        )}
        <fieldset className="form-group">
          <legend className="form-label">Opdel efter</legend>
          {(Object.keys(OPDELING_NAVN) as Opdeling[]).map((o) => (
            <div className="form-group-checkbox" key={o}>
              <input id={`r-opdeling-${o}`} type="checkbox" className="form-checkbox" checked={opdeling.includes(o)} onChange={() => toggle(o)} />
              <label htmlFor={`r-opdeling-${o}`}>{OPDELING_NAVN[o]}</label>
            </div>
          ))}
        </fieldset>
      </form>

      <h2 className="h3">Overholdelse af frister</h2>
      {rapport && rapport.frister.length === 0 && <Alert kind="info">Ingen frister forfaldt i perioden.</Alert>}
      {rapport && rapport.frister.length > 0 && (
        <>
          <p>
            Frister med forfald {dato(rapport.fra)}–{dato(rapport.til)}, {rapport.regelsaetId ? regelsaetNavn(rapport.regelsaetId) : `alle regelsæt i ${identity.kommune}`}.
          </p>
          <div className="table--responsive-scroll">
            <table className="table table--compact table--zebra" data-testid="rapport">
              <caption className="sr-only">Overholdelse af frister</caption>
              <thead>
                <tr>
                  {opdelingShown.map((o) => (
                    <th scope="col" key={o}>{OPDELING_NAVN[o]}</th>
                  ))}
                  <th scope="col" className="tal">Forfaldne</th>
                  <th scope="col" className="tal">Overholdt i tide</th>
                  <th scope="col" className="tal">Andel i tide</th>
                  <th scope="col" className="tal">Median dage</th>
                </tr>
              </thead>
              <tbody>
                {rapport.frister.map((l, i) => (
                  <tr key={i} data-fristtype={l.fristtype}>
                    {keyCells(l).map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                    <td className="tal" data-kolonne="antal">{l.antal}</td>
                    <td className="tal" data-kolonne="overholdtITide">{l.overholdtITide}</td>
                    <td className="tal" data-kolonne="andelITide">{procent(l.andelITide)}</td>
                    <td className="tal" data-kolonne="medianDage">{l.medianDage === null ? '–' : tal(l.medianDage)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Chart linjer={rapport.frister} label={(l) => keyCells(l).join(' · ') || 'Alle'} />
        </>
      )}
      <button
        type="button"
        className="button button-secondary"
        disabled={!rapport}
        onClick={() => rapport && void save(`/api/rapporter/frister${q}&format=csv`, `frister-${rapport.fra}-${rapport.til}.csv`)}
      >
        Hent som CSV
      </button>

      <h2 className="h3 mt-7">Frister pr. uge det seneste år</h2>
      {uger && <UgeDiagram uger={uger.uger} />}
      <button
        type="button"
        className="button button-secondary"
        disabled={!uger}
        onClick={() => uger && void save(`/api/rapporter/uger${query({ regelsaet: valgt, format: 'csv' })}`, `uger-${uger.fra}-${uger.til}.csv`)}
      >
        Hent ugerne som CSV
      </button>

      <FristListe regelsaet={valgt} regelsaetNavn={regelsaetNavn} />
    </>
  );
}
