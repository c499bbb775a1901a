export { forloebWorkflow } from './forloeb.workflow';
