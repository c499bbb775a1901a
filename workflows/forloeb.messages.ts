// The message contract of the forløb workflow: the API, the workflow and the tests import it.
import { ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CommandOf, ForloebCommand, ForloebSnapshot, ForloebState, RecordedEvent } from '../domain/forloeb';
// The refusal's own module, not the index: the workflow's bundle imports this file and holds no schema.
import { isRefusalCode, refusalText, type Refusal } from '../domain/forloeb/refusal';
import type { Regelsaet } from '../domain/regelsaet';

export const FORLOEB_WORKFLOW_TYPE = 'forloebWorkflow';

/**
 * Histories recorded before this patch published a command's events from inside its Update handler
 * and re-armed the timer after every Update; they replay on that path (`legacyLoop` in the workflow).
 * Every run started since takes the outbox path, in which only the main loop issues commands.
 */
export const OUTBOX_IN_MAIN_LOOP_PATCH = 'outbox-in-main-loop';

/**
 * The date rules refuse commands that were accepted before (a start booked for a past date). A command
 * replayed from a history recorded before this patch is decided without them, so it gives the events,
 * and the workflow the commands, it gave then; every command handled since is decided with them.
 */
export const DATE_RULES_PATCH = 'date-rules';

/** Workflow ids are opaque: `forloeb-<uuid>`, never a CPR number or a name. */
export const forloebWorkflowId = (forloebId: string) => forloebId;

export type ForloebWorkflowInput = {
  forloebId: string;
  /** The regelsæt the forløb runs by, fixed when it starts, so a later edit never changes a running promise. */
  regelsaet: Regelsaet;
  create?: CommandOf<'CreateForloeb'>;
  /** Carried over by continue-as-new. */
  state?: ForloebState;
  unpublished?: RecordedEvent[];
  /** History length at which the workflow continues as new (default 5,000; tests set it low). */
  historyLimit?: number;
};

export type CommandResult = { events: RecordedEvent[] };

/**
 * A refused command fails its Update with this failure: its type is the refusal's code, its message the
 * refusal as one line ("startdato: …", as before refusals were data), and its one detail the refusal
 * itself. Only the failure's payload says why, so it changes no command of the workflow.
 */
export const refusalFailure = (refusal: Refusal): ApplicationFailure =>
  ApplicationFailure.create({ type: refusal.code, message: refusalText(refusal), details: [refusal], nonRetryable: true });

/**
 * The refusal a failed Update carries: its detail, or, for a failure recorded before refusals carried
 * one, its code and message without a field. Undefined for a failure that is no refusal.
 */
export function refusalOfFailure(failure: ApplicationFailure): Refusal | undefined {
  const detail = (failure.details?.[0] ?? null) as { code?: unknown; field?: unknown; message?: unknown } | null;
  if (detail && isRefusalCode(detail.code) && typeof detail.message === 'string' && (detail.field === undefined || typeof detail.field === 'string')) {
    return detail.field === undefined ? { code: detail.code, message: detail.message } : { code: detail.code, field: detail.field, message: detail.message };
  }
  return isRefusalCode(failure.type) ? { code: failure.type, message: failure.message } : undefined;
}

export const recordVisitationUpdate = defineUpdate<CommandResult, [CommandOf<'RecordVisitation'>]>('recordVisitation');
export const assignTherapistUpdate = defineUpdate<CommandResult, [CommandOf<'AssignTherapist'>]>('assignTherapist');
export const recordContactUpdate = defineUpdate<CommandResult, [CommandOf<'RecordContact'>]>('recordContact');
export const bookStartUpdate = defineUpdate<CommandResult, [CommandOf<'BookStart'>]>('bookStart');
export const holdStartUpdate = defineUpdate<CommandResult, [CommandOf<'HoldStart'>]>('holdStart');
export const recordSessionUpdate = defineUpdate<CommandResult, [CommandOf<'RecordSession'>]>('recordSession');
export const recordStatusUpdate = defineUpdate<CommandResult, [CommandOf<'RecordStatus'>]>('recordStatus');
export const requestExtensionUpdate = defineUpdate<CommandResult, [CommandOf<'RequestExtension'>]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<CommandResult, [CommandOf<'DecideExtension'>]>('decideExtension');
export const recordAfslutningUpdate = defineUpdate<CommandResult, [CommandOf<'RecordAfslutning'>]>('recordAfslutning');
export const closeForloebUpdate = defineUpdate<CommandResult, [CommandOf<'CloseForloeb'>]>('closeForloeb');
export const recordFollowUpUpdate = defineUpdate<CommandResult, [CommandOf<'RecordFollowUp'>]>('recordFollowUp');
export const recordBorgerNavnUpdate = defineUpdate<CommandResult, [CommandOf<'RecordBorgerNavn'>]>('recordBorgerNavn');
/** New with annulment: a workflow whose history lacks this Update name replays as before. */
export const annulSessionUpdate = defineUpdate<CommandResult, [CommandOf<'AnnulSession'>]>('annulSession');

/** The command type each Update carries: an Update that carries another command is refused. */
export const COMMAND_TYPE_OF_UPDATE = {
  recordVisitation: 'RecordVisitation',
  assignTherapist: 'AssignTherapist',
  recordContact: 'RecordContact',
  bookStart: 'BookStart',
  holdStart: 'HoldStart',
  recordSession: 'RecordSession',
  recordStatus: 'RecordStatus',
  requestExtension: 'RequestExtension',
  decideExtension: 'DecideExtension',
  recordAfslutning: 'RecordAfslutning',
  closeForloeb: 'CloseForloeb',
  recordFollowUp: 'RecordFollowUp',
  recordBorgerNavn: 'RecordBorgerNavn',
  annulSession: 'AnnulSession',
} as const satisfies Record<string, ForloebCommand['type']>;

export const COMMAND_UPDATES = [
  recordVisitationUpdate,
  assignTherapistUpdate,
  recordContactUpdate,
  bookStartUpdate,
  holdStartUpdate,
  recordSessionUpdate,
  recordStatusUpdate,
  requestExtensionUpdate,
  decideExtensionUpdate,
  recordAfslutningUpdate,
  closeForloebUpdate,
  recordFollowUpUpdate,
  recordBorgerNavnUpdate,
  annulSessionUpdate,
] as const;

export type { ForloebSnapshot };
export const getForloebQuery = defineQuery<ForloebSnapshot>('getForloeb');
