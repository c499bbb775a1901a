// The `paamindelser` inbox: one row per open piece of work per role it concerns. A piece of work is
// a forløb and a deadline (its reminders and escalations to that role), a request awaiting the
// deciding role (an extension request, on the `forlaengelse` deadline), a reassessment the rules
// demand, a frame nearly used, or a start booked without a therapist. A row is made by the first
// notice of its piece and carries the highest notice since (its `rank`); it is resolved when the
// work is done, and a later notice of the same deadline after that starts a new row. The projection
// owns every column but `read_at`, `acknowledged_at` and `acknowledged_rank`, which are what people
// did with the row; it never writes those. A row is open while it is unresolved and its rank lies
// above the acknowledged one: one acknowledgement clears every level up to the current one.
import type { PoolClient } from 'pg';
import { copenhagenDateOf } from '../../domain/calendar';
import type { RecordedEvent } from '../../domain/forloeb';
import type { Regelsaet } from '../../domain/regelsaet';
import type { ForloebRow } from './forloeb-row';
import { isoUtc } from './sql';

export type PaamindelseRow = {
  forloebId: string;
  /** The event that made the row: with `rolle`, the row's identity, which a rebuild gives again. */
  seq: number;
  rolle: string;
  kommune: string;
  /** The row's current notice: a reminder or escalation of a deadline, or the task's own kind. */
  kind: InboxKind;
  /** What the work is about: the deadline type, or the task's kind (`forlaengelse` for a request). */
  deadline: string;
  level: number;
  /** Orders the notices of one piece of work: a higher rank reopens an acknowledged row. */
  rank: number;
  dueDate: string;
  scheduledAt: string;
  createdAt: string;
  /** Set when the work is done (the deadline met or lapsed, the request decided …): the row leaves the open inbox. */
  resolvedAt: string | null;
};

export type InboxKind = 'paamindelse' | 'eskalering' | 'revurdering' | 'ramme' | 'anmodning' | 'terapeut';

/** The tasks that are not deadlines. A request is about the `forlaengelse` deadline, whose notices it shares. */
export const TASK_SUBJECTS = ['revurdering', 'ramme', 'terapeut'] as const;

/** A notice an event gives to some roles: a new row for each, or a higher rank on the open one. */
export type Notice = {
  to: readonly string[];
  kind: InboxKind;
  deadline: string;
  level: number;
  rank: number;
  dueDate: string;
  scheduledAt: string;
};

/** Escalations outrank every reminder; within a kind the higher step wins. */
const ESCALATION_RANK = 1000;

const today = (event: RecordedEvent) => copenhagenDateOf(new Date(event.at));

/**
 * The notice an event gives, if any. `forloeb` is the row after the event (for the therapist it has
 * or lacks), `regelsaet` the forløb's (for the role that decides a request or books the start).
 */
export function noticeOf(event: RecordedEvent, forloeb: ForloebRow, regelsaet: Regelsaet | undefined): Notice | null {
  switch (event.type) {
    case 'ReminderSent':
      return { to: event.data.to, kind: 'paamindelse', deadline: event.data.deadline, level: event.data.index, rank: 1 + event.data.index, dueDate: event.data.dueDate, scheduledAt: event.data.scheduledAt };
    case 'DeadlineEscalated':
      return { to: event.data.to, kind: 'eskalering', deadline: event.data.deadline, level: event.data.level, rank: ESCALATION_RANK + event.data.level, dueDate: event.data.dueDate, scheduledAt: event.data.scheduledAt };
    case 'ReassessmentRequired':
      // Each further no-show or cancellation is a higher level of the same reassessment.
      return { to: event.data.to, kind: 'revurdering', deadline: 'revurdering', level: event.data.count, rank: event.data.count, dueDate: today(event), scheduledAt: event.at };
    case 'FrameNearlyUsed':
      return { to: event.data.to, kind: 'ramme', deadline: 'ramme', level: 0, rank: 0, dueDate: today(event), scheduledAt: event.at };
    case 'ExtensionRequested':
      // A request waits for the role that decides it; a request the rules grant at once is resolved in the same step.
      return regelsaet
        ? { to: [regelsaet.roles.extensionDecision], kind: 'anmodning', deadline: 'forlaengelse', level: 0, rank: 0, dueDate: event.data.requestedOn, scheduledAt: event.at }
        : null;
    case 'StartBooked':
      // A start booked with nobody to hold it: the role that books starts assigns a therapist.
      return forloeb.terapeut === null
        ? { to: [regelsaet?.roles.startBooking ?? 'koordinator'], kind: 'terapeut', deadline: 'terapeut', level: 0, rank: 0, dueDate: event.data.startDate, scheduledAt: event.at }
        : null;
    default:
      return null;
  }
}

/** Which open rows an event resolves: the work they stand for is done, or can no longer be done. */
export function resolves(event: RecordedEvent): ((row: PaamindelseRow) => boolean) | null {
  switch (event.type) {
    case 'DeadlineMet':
    case 'DeadlineLapsed':
      return (row) => row.deadline === event.data.deadline;
    // A status note documents the reassessment.
    case 'StatusRecorded':
      return (row) => row.deadline === 'revurdering';
    // A decided request leaves the decider's inbox; an approved one also answers a nearly used frame.
    case 'ExtensionDecided':
      return (row) => row.deadline === 'forlaengelse' || (event.data.decision === 'godkendt' && row.deadline === 'ramme');
    case 'TherapistAssigned':
      return (row) => row.deadline === 'terapeut';
    case 'AfslutningRecorded':
      return (row) => (TASK_SUBJECTS as readonly string[]).includes(row.deadline);
    // The end of the forløb ends every piece of work.
    case 'ForloebClosed':
      return () => true;
    case 'VisitationRecorded':
      return event.data.decision === 'afslaaet' ? () => true : null;
    case 'ForloebCreated':
    case 'ContactRecorded':
    case 'StartBooked':
    case 'StartHeld':
    case 'SessionRecorded':
    case 'ExtensionRequested':
    case 'FollowUpRecorded':
    case 'BorgerNavnRecorded':
    case 'DeadlineOpened':
    case 'ReminderSent':
    case 'DeadlineEscalated':
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired':
    // An annulled no-show leaves its reassessment open: the therapist closes it by judging.
    case 'SessionAnnulled':
      return null;
    default: {
      const unhandled: never = event;
      throw new Error(`paamindelser: unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

export const paamindelseKey = (r: Pick<PaamindelseRow, 'seq' | 'rolle'>) => `${r.seq}:${r.rolle}`;

/**
 * The forløb's inbox rows after one event: resolves the rows whose work it ends, then raises each
 * addressed role's open row of the same piece of work, or makes one. `rows` holds the unresolved
 * rows and those this fold has touched; the answer is `rows` itself when nothing changed.
 */
export function evolvePaamindelser(
  rows: ReadonlyMap<string, PaamindelseRow>,
  event: RecordedEvent,
  forloeb: ForloebRow,
  regelsaet: Regelsaet | undefined,
): ReadonlyMap<string, PaamindelseRow> {
  let next: Map<string, PaamindelseRow> | null = null;
  const set = (key: string, row: PaamindelseRow) => {
    next ??= new Map(rows);
    next.set(key, row);
  };
  const done = resolves(event);
  if (done) {
    for (const [key, row] of rows) if (row.resolvedAt === null && done(row)) set(key, { ...row, resolvedAt: event.at });
  }
  const notice = noticeOf(event, forloeb, regelsaet);
  if (notice) {
    const current: ReadonlyMap<string, PaamindelseRow> = next ?? rows;
    for (const rolle of new Set(notice.to)) {
      const open = [...current].find(([, r]) => r.resolvedAt === null && r.rolle === rolle && r.deadline === notice.deadline);
      if (open) {
        const [key, row] = open;
        if (notice.rank > row.rank) {
          set(key, { ...row, kind: notice.kind, level: notice.level, rank: notice.rank, dueDate: notice.dueDate, scheduledAt: notice.scheduledAt });
        }
        continue;
      }
      const row: PaamindelseRow = {
        forloebId: forloeb.id,
        seq: event.seq,
        rolle,
        kommune: forloeb.kommune,
        kind: notice.kind,
        deadline: notice.deadline,
        level: notice.level,
        rank: notice.rank,
        dueDate: notice.dueDate,
        scheduledAt: notice.scheduledAt,
        createdAt: event.at,
        resolvedAt: null,
      };
      set(paamindelseKey(row), row);
    }
  }
  return next ?? rows;
}

/** A statement that yields the rows a later event can still change (unresolved) as JSON shaped like PaamindelseRow[]. */
export const openPaamindelserJson = (id: string) =>
  `SELECT coalesce(json_agg(json_build_object(
     'forloebId', forloeb_id, 'seq', seq, 'rolle', rolle, 'kommune', kommune, 'kind', kind, 'deadline', deadline, 'level', level,
     'rank', rank, 'dueDate', due_date, 'scheduledAt', ${isoUtc('scheduled_at')}, 'createdAt', ${isoUtc('created_at')},
     'resolvedAt', ${isoUtc('resolved_at')}) ORDER BY seq, rolle), '[]')
     FROM paamindelser WHERE forloeb_id = ${id} AND resolved_at IS NULL`;

export async function savePaamindelser(client: PoolClient, rows: readonly PaamindelseRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof PaamindelseRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO paamindelser (forloeb_id, seq, rolle, kommune, kind, deadline, level, rank, due_date, scheduled_at, created_at, resolved_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::date[],
                          $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])
     ON CONFLICT (forloeb_id, seq, rolle) DO UPDATE SET
       kommune = EXCLUDED.kommune, kind = EXCLUDED.kind, deadline = EXCLUDED.deadline, level = EXCLUDED.level, rank = EXCLUDED.rank,
       due_date = EXCLUDED.due_date, scheduled_at = EXCLUDED.scheduled_at, created_at = EXCLUDED.created_at,
       resolved_at = EXCLUDED.resolved_at`,
    [
      col('forloebId'),
      col('seq'),
      col('rolle'),
      col('kommune'),
      col('kind'),
      col('deadline'),
      col('level'),
      col('rank'),
      col('dueDate'),
      col('scheduledAt'),
      col('createdAt'),
      col('resolvedAt'),
    ],
  );
}
