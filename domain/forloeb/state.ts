// The state of a forløb is a fold of its events (`evolve`).
import type { LocalDate } from '../calendar';
import type { DeadlineType, Frame, Period, Role } from '../regelsaet/schema';
import type { RecordedEvent } from './events';
import type { Genoptraeningsplan } from './sources';

export const PHASES = ['visitering', 'opstart', 'traening', 'status', 'afslutning'] as const;
export type Phase = (typeof PHASES)[number];

export type DeadlineState = {
  type: DeadlineType;
  anchorDate: LocalDate;
  period: Period;
  dueDate: LocalDate;
  responsible: Role;
  met?: { on: LocalDate; inTime: boolean };
  remindersSent: number;
  escalationsSent: number;
};

export type ForloebState =
  | { status: 'empty'; seq: 0 }
  | {
      status: 'open' | 'refused';
      seq: number;
      phase: Phase;
      regelsaetId: string;
      kommune: string;
      createdAt: string;
      source: Genoptraeningsplan;
      visitation?: {
        decision: 'bevilget' | 'afslaaet';
        decidedOn: LocalDate;
        indsatsId?: string;
        kategori?: string;
        niveau?: 'basal' | 'avanceret';
        frame?: Frame;
      };
      start?: { startDate: LocalDate };
      deadlines: Partial<Record<DeadlineType, DeadlineState>>;
    };

export type OpenForloebState = Exclude<ForloebState, { status: 'empty' }>;

export const initialState = (): ForloebState => ({ status: 'empty', seq: 0 });

export function evolve(state: ForloebState, event: RecordedEvent): ForloebState {
  const seq = event.seq;
  if (event.type === 'ForloebCreated') {
    return {
      status: 'open',
      seq,
      phase: 'visitering',
      regelsaetId: event.data.regelsaetId,
      kommune: event.data.kommune,
      createdAt: event.at,
      source: event.data.source,
      deadlines: {},
    };
  }
  if (state.status === 'empty') return state;
  switch (event.type) {
    case 'VisitationRecorded':
      return {
        ...state,
        seq,
        status: event.data.decision === 'bevilget' ? 'open' : 'refused',
        phase: event.data.decision === 'bevilget' ? 'opstart' : 'afslutning',
        visitation: event.data,
      };
    case 'StartBooked':
      return { ...state, seq, start: { startDate: event.data.startDate } };
    case 'DeadlineOpened': {
      const { deadline, ...rest } = event.data;
      return {
        ...state,
        seq,
        deadlines: { ...state.deadlines, [deadline]: { type: deadline, ...rest, remindersSent: 0, escalationsSent: 0 } },
      };
    }
    case 'DeadlineMet':
      return updateDeadline(state, seq, event.data.deadline, (d) => ({ ...d, met: { on: event.data.metOn, inTime: event.data.inTime } }));
    case 'ReminderSent':
      return updateDeadline(state, seq, event.data.deadline, (d) => ({ ...d, remindersSent: event.data.index + 1 }));
    case 'DeadlineEscalated':
      return updateDeadline(state, seq, event.data.deadline, (d) => ({ ...d, escalationsSent: event.data.level + 1 }));
  }
}

function updateDeadline(
  state: OpenForloebState,
  seq: number,
  type: DeadlineType,
  change: (d: DeadlineState) => DeadlineState,
): OpenForloebState {
  const current = state.deadlines[type];
  if (!current) return { ...state, seq };
  return { ...state, seq, deadlines: { ...state.deadlines, [type]: change(current) } };
}
