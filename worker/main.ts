// The worker process: connects to Temporal and PostgreSQL and runs until SIGINT/SIGTERM.
import { runWorkerProcess } from './process';

await runWorkerProcess();
