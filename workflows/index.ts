export { forloebWorkflow } from './forloeb.workflow';
export { watchdogWorkflow } from './watchdog.workflow';
export { lettersWorkflow } from './letters.workflow';
