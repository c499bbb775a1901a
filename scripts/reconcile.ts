// `npm run reconcile [-- --sample N]`: compares the read model with what each forløb workflow holds
// (the getForloeb query) and prints one line per difference: phase, status, last sequence number,
// and per deadline the due date, whether it is met, and the escalations sent. Exits 1 on any drift.
// A workflow that is ahead of the read model by events still in its outbox shows as a `seq` drift;
// run again later to tell a lag from a fault.
import { pathToFileURL } from 'node:url';
import type { Pool } from 'pg';
import { lifecycleOf, storedStatusOf } from '../domain/forloeb';
import { parseCli } from './cli';
import { forloebWorkflowId, getForloebQuery, type ForloebSnapshot } from '../workflows/forloeb.messages';

/** The part of a Temporal client that reconciliation uses. */
export type ReconcileClient = {
  workflow: { getHandle(workflowId: string): { query(def: typeof getForloebQuery): Promise<ForloebSnapshot> } };
};

export type ReconcileResult = { checked: number; drifts: string[]; unavailable: string[] };

type ReadRow = { id: string; phase: string; status: string; last_seq: number };
type ReadDeadline = { forloeb_id: string; type: string; due_date: string; met_on: string | null; escalations_sent: number };

const PAGE = 500;
const CONCURRENCY = 8;

export async function reconcile(options: {
  pool: Pool;
  client: ReconcileClient;
  /** Check a random sample of this many forløb instead of all. */
  sample?: number;
  log?: (line: string) => void;
}): Promise<ReconcileResult> {
  const { pool, client, sample, log = () => {} } = options;
  const result: ReconcileResult = { checked: 0, drifts: [], unavailable: [] };
  const drift = (line: string) => {
    result.drifts.push(line);
    log(line);
  };
  let after = '';
  for (;;) {
    const page =
      sample !== undefined
        ? await pool.query<ReadRow>('SELECT id, phase, status, last_seq FROM forloeb ORDER BY random() LIMIT $1', [sample])
        : await pool.query<ReadRow>('SELECT id, phase, status, last_seq FROM forloeb WHERE id > $1 ORDER BY id LIMIT $2', [after, PAGE]);
    if (page.rows.length === 0) break;
    const deadlines = await pool.query<ReadDeadline>(
      `SELECT forloeb_id, type, due_date::text, met_on::text, escalations_sent FROM forloeb_deadlines WHERE forloeb_id = ANY($1::text[])`,
      [page.rows.map((r) => r.id)],
    );
    const byForloeb = new Map<string, ReadDeadline[]>();
    for (const d of deadlines.rows) byForloeb.set(d.forloeb_id, [...(byForloeb.get(d.forloeb_id) ?? []), d]);

    const queue = [...page.rows];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          let snapshot: ForloebSnapshot;
          try {
            snapshot = await client.workflow.getHandle(forloebWorkflowId(row.id)).query(getForloebQuery);
          } catch (err) {
            result.unavailable.push(`${row.id} workflow: ${(err as Error).name || 'error'}`);
            continue;
          }
          result.checked++;
          for (const line of compare(row, byForloeb.get(row.id) ?? [], snapshot)) drift(line);
        }
      }),
    );
    if (sample !== undefined || page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]!.id;
  }
  return result;
}

/** The differences between one read row (with its deadlines) and the workflow's snapshot, as drift lines. */
export function compare(row: ReadRow, deadlines: readonly ReadDeadline[], snapshot: ForloebSnapshot): string[] {
  const lines: string[] = [];
  const diff = (what: string, workflow: unknown, read: unknown) => {
    if (String(workflow) !== String(read)) lines.push(`${row.id} ${what}: workflow=${String(workflow)} read=${String(read)}`);
  };
  const { state } = snapshot;
  if (state.status === 'empty') {
    lines.push(`${row.id} status: workflow=empty read=${row.status}`);
    return lines;
  }
  diff('phase', state.phase, row.phase);
  // As the read model stores it: a forløb the visitation refused is `refused`, not just closed.
  diff('status', storedStatusOf(lifecycleOf(state)), row.status);
  diff('seq', state.seq, row.last_seq);
  const read = new Map(deadlines.map((d) => [d.type, d]));
  for (const d of snapshot.deadlines) {
    const r = read.get(d.type);
    read.delete(d.type);
    if (!r) {
      lines.push(`${row.id} deadline ${d.type}: workflow=present read=missing`);
      continue;
    }
    diff(`deadline ${d.type} due`, d.dueDate, r.due_date);
    diff(`deadline ${d.type} met`, d.met?.on ?? 'no', r.met_on ?? 'no');
    diff(`deadline ${d.type} escalations`, d.escalationsSent, r.escalations_sent);
  }
  for (const type of read.keys()) lines.push(`${row.id} deadline ${type}: workflow=missing read=present`);
  return lines;
}

const USAGE = `Usage: npm run reconcile -- [--sample N]

Compares the read model (DATABASE_URL) with what each forløb workflow holds (TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE) and prints one line per difference. Exits 1 on any difference.

  --sample N   check N forløb picked at random instead of all (a whole number ≥ 1)`;

async function main(): Promise<void> {
  const cli = parseCli({ usage: USAGE, options: { sample: { type: 'string' } } });
  const sample = cli.wholeNumber('sample', 1);
  const [{ default: pg }, { Client, Connection }, { loadConfig }] = await Promise.all([
    import('pg'),
    import('@temporalio/client'),
    import('../config/env'),
  ]);
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is not set: name the database whose read model to check.');
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const result = await reconcile({ pool, client, ...(sample !== undefined ? { sample } : {}), log: (l) => console.log(l) });
    for (const u of result.unavailable) console.log(`unavailable: ${u}`);
    console.log(`${result.checked} forløb checked, ${result.drifts.length} differences, ${result.unavailable.length} workflows not reachable`);
    process.exitCode = result.drifts.length > 0 ? 1 : 0;
  } finally {
    await connection.close();
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
