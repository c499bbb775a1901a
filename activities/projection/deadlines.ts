// The `forloeb_deadlines` read table: one row per forløb and deadline type. Pure `evolveDeadline`
// and the SQL that loads and saves rows.
import type { PoolClient } from 'pg';
import type { DeadlineType } from '../../domain/regelsaet';
import { metInTime, type RecordedEvent } from '../../domain/forloeb';
import type { ForloebRow } from './forloeb-row';

export type DeadlineRow = {
  forloebId: string;
  type: string;
  regelsaetId: string;
  kommune: string;
  anchorDate: string;
  periodAmount: number;
  periodUnit: string;
  dueDate: string;
  responsible: string;
  metOn: string | null;
  inTime: boolean | null;
  /** The day the deadline stopped applying because the forløb ended before it was met. */
  lapsedOn: string | null;
  remindersSent: number;
  escalationsSent: number;
};

/** The deadline an event is about, if any: the key of the row it changes. */
export function deadlineOf(event: RecordedEvent): DeadlineType | undefined {
  switch (event.type) {
    case 'DeadlineOpened':
    case 'DeadlineMet':
    case 'DeadlineLapsed':
    case 'ReminderSent':
    case 'DeadlineEscalated':
      return event.data.deadline;
    case 'ForloebCreated':
    case 'VisitationRecorded':
    case 'TherapistAssigned':
    case 'ContactRecorded':
    case 'StartBooked':
    case 'StartHeld':
    case 'SessionRecorded':
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired':
    case 'StatusRecorded':
    case 'ExtensionRequested':
    case 'ExtensionDecided':
    case 'AfslutningRecorded':
    case 'ForloebClosed':
    case 'FollowUpRecorded':
    case 'BorgerNavnRecorded':
    case 'SessionAnnulled':
      return undefined;
    default: {
      const unhandled: never = event;
      throw new Error(`deadlines: unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** The row of `deadlineOf(event)` after the event. */
export function evolveDeadline(row: DeadlineRow | null, event: RecordedEvent, forloeb: ForloebRow): DeadlineRow | null {
  switch (event.type) {
    case 'DeadlineOpened': {
      const d = event.data;
      return {
        forloebId: forloeb.id,
        type: d.deadline,
        regelsaetId: forloeb.regelsaetId,
        kommune: forloeb.kommune,
        anchorDate: d.anchorDate,
        periodAmount: d.period.amount,
        periodUnit: d.period.unit,
        dueDate: d.dueDate,
        responsible: d.responsible,
        metOn: null,
        inTime: null,
        lapsedOn: null,
        remindersSent: 0,
        escalationsSent: 0,
      };
    }
    case 'DeadlineMet':
      // As the domain's fold: a fact recorded after an escalation was sent is met late (metInTime).
      return row && { ...row, metOn: event.data.metOn, inTime: metInTime(event.data.inTime, row.escalationsSent) };
    case 'DeadlineLapsed':
      return row && { ...row, lapsedOn: event.data.on };
    case 'ReminderSent':
      return row && { ...row, remindersSent: Math.max(row.remindersSent, event.data.index + 1) };
    case 'DeadlineEscalated':
      return row && { ...row, escalationsSent: Math.max(row.escalationsSent, event.data.level + 1) };
    case 'ForloebCreated':
    case 'VisitationRecorded':
    case 'TherapistAssigned':
    case 'ContactRecorded':
    case 'StartBooked':
    case 'StartHeld':
    case 'SessionRecorded':
    case 'FrameNearlyUsed':
    case 'ReassessmentRequired':
    case 'StatusRecorded':
    case 'ExtensionRequested':
    case 'ExtensionDecided':
    case 'AfslutningRecorded':
    case 'ForloebClosed':
    case 'FollowUpRecorded':
    case 'BorgerNavnRecorded':
    case 'SessionAnnulled':
      return row;
    default: {
      const unhandled: never = event;
      throw new Error(`deadlines: unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** A statement that yields the forløb's deadline rows as a JSON array shaped like DeadlineRow[]. */
export const deadlineRowsJson = (id: string) =>
  `SELECT coalesce(json_agg(json_build_object(
     'forloebId', forloeb_id, 'type', type, 'regelsaetId', regelsaet_id, 'kommune', kommune, 'anchorDate', anchor_date,
     'periodAmount', period_amount, 'periodUnit', period_unit, 'dueDate', due_date, 'responsible', responsible, 'metOn', met_on,
     'inTime', in_time, 'lapsedOn', lapsed_on, 'remindersSent', reminders_sent, 'escalationsSent', escalations_sent)), '[]')
     FROM forloeb_deadlines WHERE forloeb_id = ${id}`;

export async function saveDeadlineRows(client: PoolClient, rows: readonly DeadlineRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof DeadlineRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO forloeb_deadlines (forloeb_id, type, regelsaet_id, kommune, anchor_date, period_amount, period_unit, due_date,
                                    responsible, met_on, in_time, lapsed_on, reminders_sent, escalations_sent)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[], $7::text[], $8::date[],
                          $9::text[], $10::date[], $11::boolean[], $12::date[], $13::int[], $14::int[])
     ON CONFLICT (forloeb_id, type) DO UPDATE SET
       regelsaet_id = EXCLUDED.regelsaet_id, kommune = EXCLUDED.kommune, anchor_date = EXCLUDED.anchor_date,
       period_amount = EXCLUDED.period_amount, period_unit = EXCLUDED.period_unit, due_date = EXCLUDED.due_date,
       responsible = EXCLUDED.responsible, met_on = EXCLUDED.met_on, in_time = EXCLUDED.in_time, lapsed_on = EXCLUDED.lapsed_on,
       reminders_sent = EXCLUDED.reminders_sent, escalations_sent = EXCLUDED.escalations_sent`,
    [
      col('forloebId'),
      col('type'),
      col('regelsaetId'),
      col('kommune'),
      col('anchorDate'),
      col('periodAmount'),
      col('periodUnit'),
      col('dueDate'),
      col('responsible'),
      col('metOn'),
      col('inTime'),
      col('lapsedOn'),
      col('remindersSent'),
      col('escalationsSent'),
    ],
  );
}
