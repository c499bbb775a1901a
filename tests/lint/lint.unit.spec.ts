// The lint rules of eslint.config.mjs, on small sources at made-up paths of the repository: each rule
// fails on what it is there to stop and lets the allowed neighbour pass. The sources are typed by a
// TypeScript program of their own (imports not followed), so no project's program is built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Sources at paths where no file lies, by path relative to the repository. */
const probes = {
  workflowZod: ['workflows/lint-probe-zod.ts', "import { z } from 'zod';\nexport const id = z.string();\n"],
  workflowZodSubpath: ['workflows/lint-probe-zod-locale.ts', "import { da } from 'zod/v4/locales';\nexport const locale = da;\n"],
  workflowNodeFs: ['workflows/lint-probe-fs.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
  workflowClient: ['workflows/lint-probe-client.ts', "import { Client } from '@temporalio/client';\nexport const client = Client;\n"],
  workflowPg: ['workflows/lint-probe-pg.ts', "import pg from 'pg';\nexport const pool = pg.Pool;\n"],
  workflowActivities: ['workflows/lint-probe-activities.ts', "import { createActivities } from '../activities';\nexport const make = createActivities;\n"],
  workflowAllowed: [
    'workflows/lint-probe-allowed.ts',
    [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import { ApplicationFailure } from '@temporalio/common';",
      "import type { createActivities } from '../activities';",
      "import { decide } from '../domain/forloeb/decide';",
      'export const all = [proxyActivities<ReturnType<typeof createActivities>>, ApplicationFailure, decide];',
      '',
    ].join('\n'),
  ],
  domainZod: ['domain/forloeb/x.ts', "import { z } from 'zod';\nexport const id = z.string();\n"],
  domainNodeFs: ['domain/forloeb/x-fs.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
  domainBareFs: ['domain/forloeb/x-bare-fs.ts', "import { readFile } from 'fs/promises';\nexport const read = readFile;\n"],
  domainTemporal: ['domain/forloeb/x-temporal.ts', "import { sleep } from '@temporalio/workflow';\nexport const wait = sleep;\n"],
  domainYaml: ['domain/regelsaet/x-yaml.ts', "import { parse } from 'yaml';\nexport const read = parse;\n"],
  domainOutside: ['domain/forloeb/x-config.ts', "import { loadConfig } from '../../config/env';\nexport const env = loadConfig;\n"],
  domainClock: ['domain/forloeb/x-clock.ts', 'export const today = (): Date => new Date();\nexport const now = (): number => Date.now();\n'],
  domainProcess: ['domain/forloeb/x-env.ts', "export const kommune = (): string | undefined => process.env['KOMMUNE'];\n"],
  domainAllowed: [
    'domain/forloeb/x-allowed.ts',
    "import { decide } from './decide';\nexport const at = (iso: string): Date => new Date(iso);\nexport const d = decide;\n",
  ],
  schemaZod: ['domain/forloeb/x.schema.ts', "import { z } from 'zod';\nexport const Id = z.string();\n"],
  schemaNodeFs: ['domain/forloeb/x-fs.schema.ts', "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nexport const all = [z, readFileSync];\n"],
  floating: [
    'api/lint-probe-floating.ts',
    'async function save(): Promise<void> {}\nexport function handler(): void {\n  save();\n}\n',
  ],
  floatingHandled: [
    'api/lint-probe-handled.ts',
    'async function save(): Promise<void> {}\nexport async function handler(): Promise<void> {\n  await save();\n  void save();\n}\n',
  ],
  misused: [
    'api/lint-probe-misused.ts',
    'async function save(): Promise<void> {}\nexport function handler(ids: string[]): void {\n  ids.forEach(async () => save());\n  if (save()) return;\n}\n',
  ],
  uiToApi: ['ui/src/lint-probe-api.ts', "import { buildApp } from '../../api/app';\nexport const app = buildApp;\n"],
  uiToDomain: ['ui/src/lint-probe-domain.ts', "import { decide } from '../../domain/forloeb/decide';\nexport const d = decide;\n"],
  uiToContractInside: ['ui/src/lint-probe-contract-inside.ts', "import type * as forloeb from '../../api/contract/forloeb';\nexport type F = typeof forloeb;\n"],
  uiAllowed: [
    'ui/src/lint-probe-allowed.ts',
    "import { useState } from 'react';\nimport { get } from './api';\nimport type * as contract from '../../api/contract';\nexport const all = [useState, get];\nexport type C = typeof contract;\n",
  ],
  disableWithoutReason: [
    'api/lint-probe-disable.ts',
    "async function save(): Promise<void> {}\n// eslint-disable-next-line @typescript-eslint/no-floating-promises\nsave();\n",
  ],
  disableWithReason: [
    'api/lint-probe-disable-reason.ts',
    "async function save(): Promise<void> {}\n// eslint-disable-next-line @typescript-eslint/no-floating-promises -- the probe's own reason\nsave();\n",
  ],
  disableUnused: [
    'api/lint-probe-disable-unused.ts',
    'export const one = 1; // eslint-disable-line @typescript-eslint/no-floating-promises -- nothing here to allow\n',
  ],
} as const satisfies Record<string, readonly [string, string]>;

type Probe = keyof typeof probes;

/** A program over the probes alone: their own types, imports not followed. */
function probeProgram(): ts.Program {
  const sources = new Map(Object.values(probes).map(([file, code]) => [path.join(root, file), code]));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, noResolve: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'] };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile } = host;
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  return ts.createProgram([...sources.keys()], options, host);
}

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [probeProgram()] } } },
  });
});

async function lint(probe: Probe): Promise<Linter.LintMessage[]> {
  const [file, code] = probes[probe];
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const parseErrors = result.messages.filter((m) => m.fatal);
  if (parseErrors.length > 0) throw new Error(`${file}: ${parseErrors.map((m) => m.message).join('; ')}`);
  return result.messages;
}

/** The rules that failed, with their line, e.g. "2:@typescript-eslint/no-floating-promises". */
async function failures(probe: Probe): Promise<string[]> {
  return (await lint(probe)).filter((m) => m.severity === 2).map((m) => `${m.line}:${m.ruleId ?? 'unused-directive'}`);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('workflow code imports only @temporalio/workflow, @temporalio/common and its own and the domain’s modules', () => {
  it.each([
    ['workflowZod', 'zod'],
    ['workflowZodSubpath', 'zod'],
    ['workflowNodeFs', 'no Node built-in'],
    ['workflowClient', 'may import only @temporalio/workflow, @temporalio/common'],
    ['workflowPg', 'may import only @temporalio/workflow, @temporalio/common'],
  ] as const)('%s fails', async (probe, says) => {
    const messages = await lint(probe);
    expect(messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual([`1:${RESTRICTED}`]);
    expect(messages[0]?.message).toContain(says);
  });

  it('fails on a value import of the activities, which would bundle them into the workflow', async () => {
    expect(await failures('workflowActivities')).toEqual([`1:${RESTRICTED}`]);
  });

  it('passes the workflow and common packages, the activities’ types and the domain', async () => {
    expect(await failures('workflowAllowed')).toEqual([]);
  });
});

describe('the pure domain imports no package and nothing outside domain/', () => {
  it.each([
    ['domainZod', 'does not import zod'],
    ['domainNodeFs', 'no Node built-in'],
    ['domainBareFs', 'no Node built-in'],
    ['domainTemporal', 'imports no package'],
    ['domainYaml', 'imports no package'],
  ] as const)('%s fails', async (probe, says) => {
    const messages = await lint(probe);
    expect(messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual([`1:${RESTRICTED}`]);
    expect(messages[0]?.message).toContain(says);
  });

  it('fails on a module outside domain/', async () => {
    expect(await failures('domainOutside')).toEqual(['1:import-x/no-restricted-paths']);
  });

  it('has no clock and no process', async () => {
    expect(await failures('domainClock')).toEqual(['1:no-restricted-syntax', '2:no-restricted-syntax']);
    expect(await failures('domainProcess')).toEqual(['1:no-restricted-globals']);
  });

  it('passes its own modules and a date made from a value', async () => {
    expect(await failures('domainAllowed')).toEqual([]);
  });

  it('lets a *.schema.ts module import zod, but no Node built-in', async () => {
    expect(await failures('schemaZod')).toEqual([]);
    expect(await failures('schemaNodeFs')).toEqual([`2:${RESTRICTED}`]);
  });
});

describe('promises', () => {
  it('fails on a promise nobody awaits, returns or marks with void', async () => {
    expect(await failures('floating')).toEqual(['3:@typescript-eslint/no-floating-promises']);
    expect(await failures('floatingHandled')).toEqual([]);
  });

  it('fails on a promise where a void callback or a condition is expected', async () => {
    expect(await failures('misused')).toEqual(['3:@typescript-eslint/no-misused-promises', '4:@typescript-eslint/no-misused-promises']);
  });
});

describe('the web UI reaches the server only through the HTTP contract', () => {
  it('fails on an import of the API’s or the domain’s modules', async () => {
    expect(await failures('uiToApi')).toEqual(['1:import-x/no-restricted-paths']);
    expect(await failures('uiToDomain')).toEqual(['1:import-x/no-restricted-paths']);
  });

  it('fails on a module inside the contract, past its index', async () => {
    expect(await failures('uiToContractInside')).toEqual(['1:import-x/no-restricted-paths']);
  });

  it('passes its own modules, packages and the contract', async () => {
    expect(await failures('uiAllowed')).toEqual([]);
  });
});

describe('inline disables', () => {
  it('need a reason after --', async () => {
    expect(await failures('disableWithoutReason')).toEqual(['2:@eslint-community/eslint-comments/require-description']);
    expect(await failures('disableWithReason')).toEqual([]);
  });

  it('fail when nothing is left to allow', async () => {
    const messages = await lint('disableUnused');
    expect(messages.map((m) => [m.severity, m.message])).toEqual([[2, expect.stringContaining('Unused eslint-disable directive')]]);
  });
});

describe('import cycles', () => {
  let folder: string;
  beforeAll(() => {
    mkdirSync(path.join(root, '.test-data'), { recursive: true });
    folder = mkdtempSync(path.join(root, '.test-data', 'lint-cycle-'));
    writeFileSync(path.join(folder, 'a.mjs'), "import { b } from './b.mjs';\nexport const a = () => b;\n");
    writeFileSync(path.join(folder, 'b.mjs'), "import { c } from './c.mjs';\nexport const b = () => c;\n");
    writeFileSync(path.join(folder, 'c.mjs'), "import { a } from './a.mjs';\nexport const c = () => a;\n");
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('fail, on every module of the cycle', async () => {
    // .test-data/ is ignored by the configuration, as every generated folder is.
    const linter = new ESLint({ cwd: root, ignore: false });
    const results = await linter.lintFiles([path.join(folder, '*.mjs')]);
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId)])).toEqual([
      ['a.mjs', ['import-x/no-cycle']],
      ['b.mjs', ['import-x/no-cycle']],
      ['c.mjs', ['import-x/no-cycle']],
    ]);
  });
});
