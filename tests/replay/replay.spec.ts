// Replays the histories recorded by the workflow tests (tests/replay/histories, written with
// UPDATE_HISTORIES=1) against today's workflow code: a change that would break a running forløb
// fails here. A deliberately changed workflow shows that such a change is caught.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Worker, type ReplayResult } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { installQuietRuntime, workflowBundle } from '../support/temporal';

installQuietRuntime();

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

async function* histories() {
  for (const file of files) {
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as object);
    yield { workflowId: file.replace(/\.json$/, ''), history };
  }
}

async function replayAll(bundle: Awaited<ReturnType<typeof workflowBundle>>): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'forloeb-replay' }, histories())) results.push(result);
  return results;
}

describe('replay of recorded forløb histories', () => {
  it('has histories to replay (one per regelsæt family), of the workflow before and after the outbox patch', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    // Recorded before patch outbox-in-main-loop: running forløb of that version must go on replaying.
    expect(files.filter((f) => f.startsWith('before-outbox-'))).toHaveLength(3);
    expect(files.filter((f) => !f.startsWith('before-outbox-')).length).toBeGreaterThanOrEqual(3);
  });

  it('replays every recorded history without a determinism error', async () => {
    const results = await replayAll(await workflowBundle());
    expect(results).toHaveLength(files.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  });

  it('catches a non-deterministic change to the workflow', async () => {
    const changed = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./changed/workflows.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    });
    const results = await replayAll(changed);
    expect(results).toHaveLength(files.length);
    for (const r of results) {
      expect(r.error, r.workflowId).toBeDefined();
      expect(r.error?.name).toBe('DeterminismViolationError');
    }
  });
});
