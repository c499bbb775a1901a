// Deadlines met per week over the last year: one bar per week for the deadlines that counted, the
// part met in time filled in. The same figures are in a table below it (for screen readers and for
// anyone who wants the numbers), and the SVG is described by its title.
import { dato, procent } from '../format';
import type { UgeLinje } from '../types';

const W = 760;
const H = 200;
const LEFT = 40;
const BOTTOM = 24;
const TOP = 12;

export function UgeDiagram({ uger }: { uger: UgeLinje[] }) {
  // An even maximum of at least 2, so the three grid lines fall on whole numbers.
  const max = Math.max(2, Math.ceil(Math.max(0, ...uger.map((u) => u.antal)) / 2) * 2);
  const slot = (W - LEFT) / Math.max(1, uger.length);
  const y = (n: number) => TOP + (H - BOTTOM - TOP) * (1 - n / max);
  const met = uger.reduce((s, u) => s + u.overholdtITide, 0);
  const all = uger.reduce((s, u) => s + u.antal, 0);
  return (
    <>
      <figure className="diagram">
        <svg role="img" aria-labelledby="uge-titel uge-beskrivelse" width={W} height={H} viewBox={`0 0 ${W} ${H}`}>
          <title id="uge-titel">Frister overholdt i tide pr. uge det seneste år</title>
          <desc id="uge-beskrivelse">
            {`${uger.length} uger fra ${dato(uger[0]?.uge)}: ${met} af ${all} forfaldne frister overholdt i tide. Grå søjle: forfaldne, blå: overholdt i tide.`}
          </desc>
          {[0, 0.5, 1].map((t) => (
            <g key={t}>
              <line x1={LEFT} x2={W} y1={y(t * max)} y2={y(t * max)} stroke="#757575" strokeDasharray="2 3" />
              <text x={LEFT - 6} y={y(t * max) + 4} fontSize="11" textAnchor="end" fill="#1a1a1a">
                {t * max}
              </text>
            </g>
          ))}
          {uger.map((u, i) => (
            <g key={u.uge} transform={`translate(${LEFT + i * slot}, 0)`}>
              <rect x={1} y={y(u.antal)} width={Math.max(1, slot - 2)} height={H - BOTTOM - y(u.antal)} fill="#bfbfbf" />
              <rect x={1} y={y(u.overholdtITide)} width={Math.max(1, slot - 2)} height={H - BOTTOM - y(u.overholdtITide)} fill="#0059b3" />
              {i % 13 === 0 && (
                <text x={0} y={H - 6} fontSize="11" fill="#1a1a1a">
                  {dato(u.uge)}
                </text>
              )}
            </g>
          ))}
        </svg>
      </figure>
      <details>
        <summary>Vis ugerne som tabel</summary>
        <table className="table table--compact table--zebra" data-testid="uger">
          <caption className="sr-only">Frister pr. uge</caption>
          <thead>
            <tr>
              <th scope="col">Uge fra</th>
              <th scope="col" className="tal">Forfaldne</th>
              <th scope="col" className="tal">Overholdt i tide</th>
              <th scope="col" className="tal">Andel i tide</th>
            </tr>
          </thead>
          <tbody>
            {uger.map((u) => (
              <tr key={u.uge}>
                <td>{dato(u.uge)}</td>
                <td className="tal">{u.antal}</td>
                <td className="tal">{u.overholdtITide}</td>
                <td className="tal">{procent(u.andelITide)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
