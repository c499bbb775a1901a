// The HTTP API's contract: every request and answer schema, the table of commands, and the names and
// closed lists a client needs. The API builds its routes on it and the web UI imports nothing else of
// the server. It holds schemas and constants only: zod and the pure domain, never Node, Fastify,
// PostgreSQL or Temporal, so it can go into the web UI's bundle.
export * from './adgang';
export * from './breve';
export * from './drift';
export * from './errors';
export * from './forloeb';
export * from './ggop';
export * from './lister';
export * from './medarbejdere';
export * from './rapporter';
export * from './regelsaet';
export * from './responses';

// What the web UI takes from the domain: the phases, the forms' schemas of a plan, an application
// and a referral, and the Danish words for deadline kinds and roles (the CSV exports use the same).
export { PHASES, type Phase } from '../../domain/forloeb/state';
export { Ansoegning, ForloebSource, Genoptraeningsplan, Henvisning } from '../../domain/forloeb/sources.schema';
export { FRIST_NAVN, labelOf, OPGAVE_NAVN, ROLLE_NAVN } from '../../domain/forloeb/labels';
export type { Role } from '../../domain/regelsaet/regelsaet.schema';
