// Writes the watchdog's findings to the operations inbox (drift_fund). One open row per forløb and
// kind: a finding seen again updates it; a repaired one is resolved by the watchdog, anything else
// stays open until a person of the operations role acknowledges it.
import type { Pool } from 'pg';
import type { FindingKind, RepairOutcome } from './verdict';

export type Finding = { forloebId: string; runId: string | null; kind: FindingKind; detail: string; repair: RepairOutcome; repairDetail?: string };

export async function recordFinding(pool: Pool, f: Finding): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO drift_fund (forloeb_id, run_id, kind, detail, repair, repair_detail, resolved_at, resolved_by)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'repareret' THEN now() END, CASE WHEN $5 = 'repareret' THEN 'watchdog' END)
     ON CONFLICT (forloeb_id, kind) WHERE resolved_at IS NULL DO UPDATE SET
       run_id = EXCLUDED.run_id, detail = EXCLUDED.detail, repair = EXCLUDED.repair, repair_detail = EXCLUDED.repair_detail,
       resolved_at = EXCLUDED.resolved_at, resolved_by = EXCLUDED.resolved_by
     RETURNING id`,
    [f.forloebId, f.runId, f.kind, f.detail, f.repair, f.repairDetail ?? null],
  );
  return Number(rows[0]!.id);
}
