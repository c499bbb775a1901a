// The read model: forloeb_events (append-only) and the tables projected from it.
export { appendAndProject, projectPending, type ProjectionResult } from './project';
export { rebuildReadModel, type RebuildProgress } from './rebuild';
