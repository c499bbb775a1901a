// The Temporal dev server of one `npm run bench:workflow` run: SQLite with WAL in the run's folder,
// free ports, the flags of `npm start` (scripts/temporal-dev-server.ts), and the CPU it used.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../../config/binaries';
import { freePort } from '../../scripts/ports';
import { devServerArgs } from '../../scripts/temporal-dev-server';

export type DevServer = {
  address: string;
  /** CPU seconds the server process has used so far (NaN where /proc is missing). */
  cpuSeconds: () => number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop: () => Promise<void>;
  /** Kills it at once, for a synchronous exit handler. */
  kill: () => void;
};

/** CPU seconds a process has used (Linux /proc), or NaN elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

export async function startDevServer(dir: string): Promise<DevServer> {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const args = devServerArgs({ dbFile: join(dir, 'temporal.db'), port, httpPort, metricsPort, logLevel: 'error' });
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const running = () => child.exitCode === null && child.signalCode === null;
  const server: DevServer = {
    address: `127.0.0.1:${port}`,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    kill: () => {
      if (running()) child.kill('SIGKILL');
    },
    stop: async () => {
      if (!running()) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (!running()) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    try {
      const c = await Connection.connect({ address: server.address, connectTimeout: 1000 });
      await c.workflowService.describeNamespace({ namespace: 'default' });
      await c.close();
      return server;
    } catch {
      // not ready yet
    }
  }
  await server.stop();
  throw new Error('the Temporal dev server did not answer within 30 s');
}
