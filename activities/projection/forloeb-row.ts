// The `forloeb` read table: one row per forløb. `evolveForloebRow` is pure; the SQL beside it loads
// and saves rows. The next open deadline is derived from the deadline rows after a fold.
import type { PoolClient } from 'pg';
import { earliestNoticeMoment, lifecycleAfter, lifecycleFromStored, storedStatusOf, type DeadlineState, type Phase, type RecordedEvent, type StoredStatus } from '../../domain/forloeb';
import { efternavnOf, maskCpr, normaliseNavn } from '../../domain/citizen/borger';
import { findRegelsaet, type Period, type Regelsaet } from '../../domain/regelsaet';
import type { DeadlineRow } from './deadlines';
import { isoUtc } from './sql';

export type ForloebRow = {
  id: string;
  regelsaetId: string;
  kommune: string;
  /** The domain's lifecycle as stored: open, closed, or refused (closed because the visitation refused it). */
  status: StoredStatus;
  phase: Phase;
  kategori: string | null;
  niveau: string | null;
  frameUnit: string | null;
  frameAmount: number | null;
  frameUsed: number;
  enhed: string | null;
  terapeut: string | null;
  nextDeadlineType: string | null;
  nextDeadlineDue: string | null;
  /** 'aaben', or 'eskaleret' once an escalation of the next deadline has been sent. */
  nextDeadlineStatus: string | null;
  /**
   * The next moment the workflow must wake to send a notice (a reminder or an escalation), from the
   * regelsæt's rules; null when closed, when nothing is pending, or when the regelsæt is not one the
   * worker knows (a municipality's own file). The watchdog reports an open forløb whose moment
   * passed more than 10 minutes ago: its workflow did not tick, or its events did not arrive.
   */
  nextWakeAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  /**
   * The borger as the lists show and search them: the name (null until one is recorded) and the CPR
   * number masked to the birth date (ddmmyy-xxxx). Personal data, like forloeb_borger's CPR hash.
   */
  borgerNavn: string | null;
  cprMaskeret: string | null;
};

/** The row after one event. Phase and status follow the domain's own `lifecycleAfter`, as `evolve` does;
 * system notices and deadline bookkeeping move the sequence but not `updatedAt`, which tells when
 * someone last did something. */
export function evolveForloebRow(row: ForloebRow | null, event: RecordedEvent, forloebId: string): ForloebRow | null {
  if (event.type === 'ForloebCreated') {
    const { regelsaetId, kommune, source } = event.data;
    const born = lifecycleAfter(undefined, event)!;
    return {
      id: forloebId,
      regelsaetId,
      kommune,
      status: storedStatusOf(born),
      phase: born.phase,
      kategori: source.kind === 'genoptraeningsplan' ? source.kategori : null,
      niveau: source.kind === 'genoptraeningsplan' ? source.niveau : null,
      frameUnit: null,
      frameAmount: null,
      frameUsed: 0,
      enhed: null,
      terapeut: null,
      nextDeadlineType: null,
      nextDeadlineDue: null,
      nextDeadlineStatus: null,
      nextWakeAt: null,
      createdAt: event.at,
      updatedAt: event.at,
      lastSeq: event.seq,
      borgerNavn: source.navn ?? null,
      cprMaskeret: maskCpr(source.cpr),
    };
  }
  if (row === null) return null;
  const life = lifecycleAfter(lifecycleFromStored(row.phase, row.status), event)!;
  const seen: ForloebRow = { ...row, lastSeq: event.seq, phase: life.phase, status: storedStatusOf(life) };
  const touched: ForloebRow = { ...seen, updatedAt: event.at };
  switch (event.type) {
    case 'VisitationRecorded': {
      const frame = event.data.frame;
      return {
        ...touched,
        kategori: event.data.kategori ?? row.kategori,
        niveau: event.data.niveau ?? row.niveau,
        ...(frame ? { frameUnit: frame.unit, frameAmount: frame.amount, frameUsed: 0 } : {}),
      };
    }
    case 'TherapistAssigned':
      return { ...touched, terapeut: event.data.terapeut, enhed: event.data.enhed };
    case 'StartHeld':
      return touched;
    case 'SessionRecorded':
    case 'SessionAnnulled':
      return row.frameUnit === null ? touched : { ...touched, frameUsed: event.data.frameUsedTotal };
    case 'StatusRecorded':
    case 'ExtensionRequested':
      return touched;
    case 'ExtensionDecided': {
      if (event.data.decision !== 'godkendt') return touched;
      return {
        ...touched,
        frameAmount: row.frameAmount === null ? null : row.frameAmount + event.data.amount,
      };
    }
    case 'AfslutningRecorded':
    case 'ForloebClosed':
      return touched;
    case 'BorgerNavnRecorded':
      return { ...touched, borgerNavn: event.data.navn };
    case 'ContactRecorded':
    case 'StartBooked':
    case 'FollowUpRecorded':
    case 'DeadlineMet':
      return touched;
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired':
    case 'DeadlineOpened':
    case 'DeadlineLapsed':
    case 'ReminderSent':
    case 'DeadlineEscalated':
      return seen;
    default: {
      const unhandled: never = event;
      throw new Error(`forloeb row: unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** The earliest open deadline (by due date, then type) becomes the row's next deadline; and the next wake-up moment. */
export function withNextDeadline(row: ForloebRow, deadlines: Iterable<DeadlineRow>, catalogue: readonly Regelsaet[]): ForloebRow {
  let next: DeadlineRow | undefined;
  const all = [...deadlines];
  for (const d of all) {
    if (d.metOn !== null || d.lapsedOn !== null) continue;
    if (!next || d.dueDate < next.dueDate || (d.dueDate === next.dueDate && d.type < next.type)) next = d;
  }
  return {
    ...row,
    nextDeadlineType: next?.type ?? null,
    nextDeadlineDue: next?.dueDate ?? null,
    nextDeadlineStatus: next ? (next.escalationsSent > 0 ? 'eskaleret' : 'aaben') : null,
    nextWakeAt: nextWakeAt(row, all, catalogue),
  };
}

/** A deadline row holds what the domain's deadline state holds, so the domain's rule gives its next notice. */
const deadlineStateOf = (d: DeadlineRow): DeadlineState => ({
  type: d.type as DeadlineState['type'],
  anchorDate: d.anchorDate,
  period: { amount: d.periodAmount, unit: d.periodUnit } as Period,
  dueDate: d.dueDate,
  responsible: d.responsible as DeadlineState['responsible'],
  ...(d.metOn !== null ? { met: { on: d.metOn, inTime: d.inTime === true } } : {}),
  ...(d.lapsedOn !== null ? { lapsed: { on: d.lapsedOn } } : {}),
  remindersSent: d.remindersSent,
  escalationsSent: d.escalationsSent,
});

/**
 * The earliest next notice moment over the deadlines, as the workflow's `nextWakeUp` computes it,
 * under the forløb's regelsæt as the catalogue holds it today (a municipality's file edited since the
 * forløb began may move a moment; the watchdog allows ten minutes, and an edit is a deploy).
 */
export function nextWakeAt(row: Pick<ForloebRow, 'status' | 'regelsaetId'>, deadlines: readonly DeadlineRow[], catalogue: readonly Regelsaet[]): string | null {
  const regelsaet = row.status === 'open' ? findRegelsaet(row.regelsaetId, catalogue) : undefined;
  if (!regelsaet) return null;
  return earliestNoticeMoment(deadlines.map(deadlineStateOf), regelsaet)?.toISOString() ?? null;
}

const COLUMNS =
  'id, regelsaet_id, kommune, status, phase, kategori, niveau, frame_unit, frame_amount, frame_used, enhed, terapeut, next_deadline_type, next_deadline_due, next_deadline_status, next_wake_at, created_at, updated_at, last_seq, borger_navn, borger_cpr_maskeret, borger_navn_soeg, borger_efternavn_soeg';

/** A statement that yields the stored row as JSON shaped like ForloebRow (or NULL). */
export const forloebRowJson = (id: string) =>
  `SELECT json_build_object(
     'id', id, 'regelsaetId', regelsaet_id, 'kommune', kommune, 'status', status, 'phase', phase, 'kategori', kategori,
     'niveau', niveau, 'frameUnit', frame_unit, 'frameAmount', frame_amount, 'frameUsed', frame_used, 'enhed', enhed,
     'terapeut', terapeut, 'nextDeadlineType', next_deadline_type, 'nextDeadlineDue', next_deadline_due,
     'nextDeadlineStatus', next_deadline_status, 'nextWakeAt', ${isoUtc('next_wake_at')}, 'createdAt', ${isoUtc('created_at')}, 'updatedAt', ${isoUtc('updated_at')},
     'lastSeq', last_seq, 'borgerNavn', borger_navn, 'cprMaskeret', borger_cpr_maskeret)
     FROM forloeb WHERE id = ${id}`;

export const forloebRowFromJson = (json: ForloebRow | null): ForloebRow | null =>
  json && { ...json, frameAmount: json.frameAmount === null ? null : Number(json.frameAmount), frameUsed: Number(json.frameUsed) };

/** The name as search compares it (see the migration's prefix indexes): the whole name, and its last word. */
const searchForms = (navn: string | null) => {
  if (navn === null) return { whole: null, last: null };
  const whole = normaliseNavn(navn);
  return { whole, last: efternavnOf(whole) };
};

/** Upserts rows. `enhed` and `terapeut` keep a stored value while no event has set one. */
export async function saveForloebRows(client: PoolClient, rows: readonly ForloebRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ForloebRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO forloeb (${COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::numeric[], $10::numeric[], $11::text[], $12::text[], $13::text[], $14::date[], $15::text[],
                          $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::int[],
                          $20::text[], $21::text[], $22::text[], $23::text[])
     ON CONFLICT (id) DO UPDATE SET
       regelsaet_id = EXCLUDED.regelsaet_id, kommune = EXCLUDED.kommune, status = EXCLUDED.status, phase = EXCLUDED.phase,
       kategori = EXCLUDED.kategori, niveau = EXCLUDED.niveau, frame_unit = EXCLUDED.frame_unit,
       frame_amount = EXCLUDED.frame_amount, frame_used = EXCLUDED.frame_used,
       enhed = COALESCE(EXCLUDED.enhed, forloeb.enhed), terapeut = COALESCE(EXCLUDED.terapeut, forloeb.terapeut),
       next_deadline_type = EXCLUDED.next_deadline_type, next_deadline_due = EXCLUDED.next_deadline_due,
       next_deadline_status = EXCLUDED.next_deadline_status, next_wake_at = EXCLUDED.next_wake_at, created_at = EXCLUDED.created_at,
       updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq,
       borger_navn = EXCLUDED.borger_navn, borger_cpr_maskeret = EXCLUDED.borger_cpr_maskeret,
       borger_navn_soeg = EXCLUDED.borger_navn_soeg, borger_efternavn_soeg = EXCLUDED.borger_efternavn_soeg`,
    [
      col('id'),
      col('regelsaetId'),
      col('kommune'),
      col('status'),
      col('phase'),
      col('kategori'),
      col('niveau'),
      col('frameUnit'),
      col('frameAmount'),
      col('frameUsed'),
      col('enhed'),
      col('terapeut'),
      col('nextDeadlineType'),
      col('nextDeadlineDue'),
      col('nextDeadlineStatus'),
      col('nextWakeAt'),
      col('createdAt'),
      col('updatedAt'),
      col('lastSeq'),
      col('borgerNavn'),
      col('cprMaskeret'),
      rows.map((r) => searchForms(r.borgerNavn).whole),
      rows.map((r) => searchForms(r.borgerNavn).last),
    ],
  );
}
