// The forløb's deadlines: kind, what they count from, length, due date, who answers for them, status.
import { dato, ENHED_NAVN, FRIST_NAVN, FRIST_STATUS_NAVN, navn } from '../../format';
import { ROLLE_NAVN, type Rolle } from '../../session';
import type { Frist } from '../../types';

function statusBadge(status: Frist['status']) {
  const kind = status === 'overholdt' ? 'success' : status === 'overskredet' || status === 'overholdt_for_sent' ? 'error' : status === 'aaben' ? 'info' : 'warning';
  return <span className={`badge badge-${kind}`}>{FRIST_STATUS_NAVN[status]}</span>;
}

export function FristTabel({ frister }: { frister: Frist[] }) {
  if (frister.length === 0) return <p>Forløbet har ingen frister.</p>;
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact table--zebra" data-testid="frister">
        <caption className="sr-only">Frister</caption>
        <thead>
          <tr>
            <th scope="col">Frist</th>
            <th scope="col">Regnes fra</th>
            <th scope="col">Længde</th>
            <th scope="col">Forfald</th>
            <th scope="col">Ansvarlig</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {frister.map((f) => (
            <tr key={f.type} data-frist={f.type}>
              <td>{navn(FRIST_NAVN, f.type)}</td>
              <td>{dato(f.ankerdato)}</td>
              <td>
                {f.antal} {navn(ENHED_NAVN, f.enhed)}
              </td>
              <td>{dato(f.forfald)}</td>
              <td>{ROLLE_NAVN[f.ansvarlig as Rolle] ?? f.ansvarlig}</td>
              <td>
                {statusBadge(f.status)}
                {f.overholdt && <span className="muted"> {dato(f.overholdt.dato)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
