// The forløb's timeline: its events, newest first, each with a line that says what happened.
import { AARSAG_NAVN, dato, FORLAENGELSE_NAVN, FRIST_NAVN, HAENDELSE_NAVN, navn, tal, tidspunkt, UDFALD_NAVN } from '../../format';
import type { Haendelse } from '../../types';

function summary(h: Haendelse): string {
  const d = (h.data ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (h.type) {
    case 'SessionRecorded':
      return `${navn(UDFALD_NAVN, s(d.outcome))}, ${dato(s(d.date))}${Number(d.durationMinutes) > 0 ? `, ${d.durationMinutes} min.` : ''}`;
    case 'DeadlineOpened':
    case 'DeadlineMet':
    case 'DeadlineLapsed':
      return navn(FRIST_NAVN, s(d.type) || s(d.deadline));
    case 'ReminderSent':
    case 'DeadlineEscalated':
      return `${navn(FRIST_NAVN, s(d.deadline))}, forfald ${dato(s(d.dueDate))}`;
    case 'VisitationRecorded':
      return s(d.decision) === 'bevilget' ? 'Bevilget' : s(d.decision) === 'afslaaet' ? 'Afslået' : '';
    case 'TherapistAssigned':
      return `${s(d.terapeut)}, ${s(d.enhed)}`;
    case 'StartBooked':
      return dato(s(d.startDate));
    case 'StartHeld':
      return dato(s(d.heldOn));
    case 'ContactRecorded':
      return dato(s(d.contactedOn));
    case 'ExtensionRequested':
      return `${navn(FORLAENGELSE_NAVN, s(d.kind))}: ${tal(Number(d.amount))}`;
    case 'ExtensionDecided':
      return `${s(d.decision) === 'godkendt' ? 'Godkendt' : 'Afvist'}${Number(d.amount) > 0 ? `: ${tal(Number(d.amount))}` : ''}`;
    case 'AfslutningRecorded':
      return navn(AARSAG_NAVN, s(d.reason));
    case 'SessionAnnulled':
      return `Nr. ${Number(d.sessionSeq)} (${navn(UDFALD_NAVN, s(d.outcome)).toLowerCase()}, ${dato(s(d.date))}): ${s(d.reason)}`;
    default:
      return '';
  }
}

export function TidslinjeListe({ haendelser }: { haendelser: Haendelse[] }) {
  if (haendelser.length === 0) return <p>Ingen hændelser endnu.</p>;
  return (
    <ol className="tidslinje" data-testid="tidslinje">
      {[...haendelser].reverse().map((h) => (
        <li key={h.seq} data-type={h.type}>
          <span className="tidslinje-tid">{tidspunkt(h.tidspunkt)}</span> <strong>{navn(HAENDELSE_NAVN, h.type)}</strong>
          {summary(h) && <span>: {summary(h)}</span>}
        </li>
      ))}
    </ol>
  );
}
