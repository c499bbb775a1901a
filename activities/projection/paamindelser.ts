// The `paamindelser` inbox: one row per reminder or escalation per role it is addressed to, and per
// task the rules raise (a reassessment after no-shows or cancellations, a frame nearly used). The
// projection owns every column but `read_at` and `acknowledged_at`, which are what people did with
// the notice; it never writes those.
import type { PoolClient } from 'pg';
import { copenhagenDateOf } from '../../domain/calendar';
import type { RecordedEvent } from '../../domain/forloeb';
import type { ForloebRow } from './forloeb-row';
import { isoUtc } from './sql';

export type PaamindelseRow = {
  forloebId: string;
  seq: number;
  rolle: string;
  kommune: string;
  kind: InboxKind;
  /** The deadline type for a reminder or escalation; the task's kind for a task. */
  deadline: string;
  level: number;
  dueDate: string;
  scheduledAt: string;
  createdAt: string;
  /** Set when the deadline is met or lapses: the notice has done its job and leaves the open inbox. */
  resolvedAt: string | null;
};

export type InboxKind = 'paamindelse' | 'eskalering' | 'revurdering' | 'ramme';

/** Resolves the open tasks of the given kinds. */
const resolveTasks = (row: PaamindelseRow | null, kinds: readonly InboxKind[], at: string) =>
  row && kinds.includes(row.kind) && row.resolvedAt === null ? { ...row, resolvedAt: at } : row;

export const paamindelseKey = (r: Pick<PaamindelseRow, 'seq' | 'rolle'>) => `${r.seq}:${r.rolle}`;

/** A notice row after an event: `row` is null for a row the event may create. */
export function evolvePaamindelse(row: PaamindelseRow | null, event: RecordedEvent, rolle: string, forloeb: ForloebRow): PaamindelseRow | null {
  switch (event.type) {
    case 'ReminderSent':
    case 'DeadlineEscalated': {
      if (row) return row;
      const reminder = event.type === 'ReminderSent';
      return {
        forloebId: forloeb.id,
        seq: event.seq,
        rolle,
        kommune: forloeb.kommune,
        kind: reminder ? 'paamindelse' : 'eskalering',
        deadline: event.data.deadline,
        level: reminder ? event.data.index : event.data.level,
        dueDate: event.data.dueDate,
        scheduledAt: event.data.scheduledAt,
        createdAt: event.at,
        resolvedAt: null,
      };
    }
    case 'DeadlineMet':
    case 'DeadlineLapsed':
      return row && row.deadline === event.data.deadline && row.resolvedAt === null ? { ...row, resolvedAt: event.at } : row;
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired': {
      if (row) return row;
      const kind = event.type === 'FrameNearlyUsed' ? 'ramme' : 'revurdering';
      return {
        forloebId: forloeb.id,
        seq: event.seq,
        rolle,
        kommune: forloeb.kommune,
        kind,
        deadline: kind,
        level: event.type === 'ReassessmentRequired' ? event.data.count : 0,
        dueDate: copenhagenDateOf(new Date(event.at)),
        scheduledAt: event.at,
        createdAt: event.at,
        resolvedAt: null,
      };
    }
    // A status note documents the reassessment; an approved extension answers a nearly used frame;
    // the end of the forløb ends every task.
    case 'StatusRecorded':
      return resolveTasks(row, ['revurdering'], event.at);
    case 'ExtensionDecided':
      return event.data.decision === 'godkendt' ? resolveTasks(row, ['ramme'], event.at) : row;
    case 'AfslutningRecorded':
    case 'ForloebClosed':
      return resolveTasks(row, ['revurdering', 'ramme'], event.at);
    case 'ForloebCreated':
    case 'VisitationRecorded':
    case 'TherapistAssigned':
    case 'ContactRecorded':
    case 'StartBooked':
    case 'StartHeld':
    case 'SessionRecorded':
    case 'ExtensionRequested':
    case 'FollowUpRecorded':
    case 'BorgerNavnRecorded':
    case 'DeadlineOpened':
    // An annulled no-show leaves its reassessment task open: the therapist closes it by judging.
    case 'SessionAnnulled':
      return row;
    default: {
      const unhandled: never = event;
      throw new Error(`paamindelser: unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** The roles an event addresses new notices to (creating rows); other events only touch existing rows. */
export function recipientsOf(event: RecordedEvent): readonly string[] {
  switch (event.type) {
    case 'ReminderSent':
    case 'DeadlineEscalated':
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired':
      return event.data.to;
    default:
      return [];
  }
}

/** A statement that yields the notices a later event can still change (unresolved) as JSON shaped like PaamindelseRow[]. */
export const openPaamindelserJson = (id: string) =>
  `SELECT coalesce(json_agg(json_build_object(
     'forloebId', forloeb_id, 'seq', seq, 'rolle', rolle, 'kommune', kommune, 'kind', kind, 'deadline', deadline, 'level', level,
     'dueDate', due_date, 'scheduledAt', ${isoUtc('scheduled_at')}, 'createdAt', ${isoUtc('created_at')}, 'resolvedAt', ${isoUtc('resolved_at')})), '[]')
     FROM paamindelser WHERE forloeb_id = ${id} AND resolved_at IS NULL`;

export async function savePaamindelser(client: PoolClient, rows: readonly PaamindelseRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof PaamindelseRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO paamindelser (forloeb_id, seq, rolle, kommune, kind, deadline, level, due_date, scheduled_at, created_at, resolved_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::date[],
                          $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
     ON CONFLICT (forloeb_id, seq, rolle) DO UPDATE SET
       kommune = EXCLUDED.kommune, kind = EXCLUDED.kind, deadline = EXCLUDED.deadline, level = EXCLUDED.level,
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
      col('dueDate'),
      col('scheduledAt'),
      col('createdAt'),
      col('resolvedAt'),
    ],
  );
}
