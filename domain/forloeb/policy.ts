// What the regelsæt says about a forløb's attendance, frame and extensions, read into the shapes the
// rules need. Kept apart from `decide` so each rule reads as the sentence of its document.
import type { AttendanceStep } from '../regelsaet/regelsaet.schema';
import { DEFAULT_REPEAT_COUNT } from '../regelsaet/data/defaults';
import type { OpenForloebState } from './state';

/** The share of the frame at which the therapist is warned that it is nearly used (no seed names one). */
export const FRAME_WARNING_SHARE = 0.8;

/** The steps that apply at exactly the n-th occurrence. */
export const stepsAt = (steps: readonly AttendanceStep[], n: number) => steps.filter((s) => s.count === n);

/**
 * The count from which ending for this cause is allowed: the first step that may end the forløb
 * (a reassessment alone does not: Brøndby ends at the second no-show, 003:197), else "gentagne" = 2 (A13).
 */
export const mayEndFrom = (steps: readonly AttendanceStep[]) => steps.find((s) => s.consequence !== 'revurdering')?.count ?? DEFAULT_REPEAT_COUNT;

/** Extra sessions already added without an application. */
export const extraUsed = (state: OpenForloebState) =>
  state.extensions.filter((x) => x.kind === 'ekstra_sessioner' && x.decision === 'godkendt').reduce((sum, x) => sum + x.amount, 0);
