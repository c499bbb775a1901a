// given(events).when(command).then(events) for the pure forløb rules.
import { expect } from 'vitest';
import { applyAll, decide, initialState, refusalText, type ForloebCommand, type ForloebEvent, type ForloebState, type Refusal } from '../../domain/forloeb';
import type { Regelsaet } from '../../domain/regelsaet';

export function given(regelsaet: Regelsaet, history: { events: ForloebEvent[]; at: Date }[] = []) {
  const state = history.reduce<ForloebState>((s, h) => applyAll(s, h.events, h.at), initialState());
  return {
    state,
    when(command: ForloebCommand, now: Date) {
      const decision = decide(state, command, now, regelsaet);
      return {
        decision,
        then(expected: ForloebEvent[]) {
          expect(decision).toEqual({ ok: true, events: expected });
        },
        thenRefused(code: Refusal['code'], reasonPattern: RegExp) {
          expect(decision.ok).toBe(false);
          if (!decision.ok) {
            expect(decision.refusal.code).toBe(code);
            // The refusal as one line, field first, as the workflow's failure says it.
            expect(refusalText(decision.refusal)).toMatch(reasonPattern);
          }
        },
        thenNothingHappened() {
          expect(decision).toEqual({ ok: true, events: [] });
        },
      };
    },
  };
}
