// The message contract of the forløb workflow: the API, the workflow and the tests import it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BookStart, CreateForloeb, DeadlineView, ForloebState, RecordedEvent, RecordVisitation } from '../domain/forloeb';
import type { Frame, Regelsaet } from '../domain/regelsaet';

export const FORLOEB_WORKFLOW_TYPE = 'forloebWorkflow';

/** Workflow ids are opaque: `forloeb-<uuid>`, never a CPR number or a name. */
export const forloebWorkflowId = (forloebId: string) => forloebId;

export type ForloebWorkflowInput = {
  forloebId: string;
  /** The regelsæt the forløb runs by, fixed when it starts, so a later edit never changes a running promise. */
  regelsaet: Regelsaet;
  create?: CreateForloeb;
  /** Carried over by continue-as-new. */
  state?: ForloebState;
  unpublished?: RecordedEvent[];
};

export type CommandResult = { events: RecordedEvent[] };

export const recordVisitationUpdate = defineUpdate<CommandResult, [RecordVisitation]>('recordVisitation');
export const bookStartUpdate = defineUpdate<CommandResult, [BookStart]>('bookStart');

/** The granted frame, or before visitation the standard frame of the plan's category. */
export type ForloebSnapshot = { state: ForloebState; deadlines: DeadlineView[]; frame?: Frame };
export const getForloebQuery = defineQuery<ForloebSnapshot>('getForloeb');
