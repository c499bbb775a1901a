// The workflow bundle, made as the worker makes it, holds the rules and no schema library: every
// cached workflow evaluates the bundle's modules again, so what is in it is paid per open forløb.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../worker/bundle';

/**
 * The bundle's code without its inline source map, in bytes. 663 kB when this limit was set
 * (1 December 2026), down from 1,198 kB with zod and the schemas; the limit leaves about 20 %
 * for the workflow to grow before someone has to look at what it pulls in.
 */
const CODE_LIMIT_BYTES = 800_000;

let code = '';
/** The modules webpack put in the bundle, by the path it names them with ("./domain/forloeb/decide.ts"). */
let modules: string[] = [];

beforeAll(async () => {
  code = await bundleWorkflows();
  modules = [...new Set([...code.matchAll(/"(\.\/[^"\s]+\.(?:ts|js|cjs|mjs))"/g)].map((m) => m[1]!))];
}, 120_000);

describe('the workflow bundle', () => {
  it('is built from the workflows and the rules they use', () => {
    expect(modules).toContain('./workflows/forloeb.workflow.ts');
    expect(modules).toContain('./domain/forloeb/decide.ts');
    expect(modules).toContain('./domain/regelsaet/upgrade.ts');
  });

  it('holds no zod module and no schema module', () => {
    expect(modules.filter((m) => m.includes('/node_modules/zod/'))).toEqual([]);
    expect(modules.filter((m) => m.endsWith('.schema.ts'))).toEqual([]);
    expect(code).not.toMatch(/node_modules\/zod\//);
  });

  it(`keeps its code under ${CODE_LIMIT_BYTES / 1000} kB`, () => {
    const mapAt = code.lastIndexOf('//# sourceMappingURL=');
    const codeBytes = Buffer.byteLength(mapAt >= 0 ? code.slice(0, mapAt) : code);
    expect(codeBytes).toBeLessThanOrEqual(CODE_LIMIT_BYTES);
  });
});
