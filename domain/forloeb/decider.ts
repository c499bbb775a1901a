// The forløb's rules as the workflow uses them, and nothing that parses: no schema, no zod. The
// workflow imports this module, never the index, so its bundle holds the rules alone (a schema
// library in the bundle costs every cached workflow its own copy; tests/workflows/bundle.unit.spec.ts
// guards it). Input is validated once, at the API's edge.
export { instantOf } from './command-instant';
export { CURRENT_RULES, decide, decideAndRecord } from './decide';
export { nextWakeUp, noticeSpreadMs, snapshotOf } from './deadlines';
export { evolve, initialState } from './state';
export type { CommandOf, ForloebCommand } from './commands.schema';
export type { RecordedEvent } from './events.schema';
export type { ForloebState } from './state';
