// The HTTP contract (api/contract): what it may import, so the web UI can bundle it; that routes take
// their typing from it instead of casting; and that command bodies are the domain's fields, strict.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLINGER, KOMMANDOER } from '../../api/contract';
import { GIVEN_COMMANDS } from '../../domain/forloeb';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm;

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);

function resolveModule(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`${relative(root, from)}: cannot resolve ${spec}`);
}

/** Every module the entry reaches by static imports, and every package it names. */
function reach(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) visit(resolveModule(file, spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { modules, packages };
}

const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : []));

describe('the HTTP contract', () => {
  it('reaches only itself, the pure domain and zod: nothing of Node, Fastify, PostgreSQL or Temporal', () => {
    const { modules, packages } = reach(join(root, 'api/contract/index.ts'));
    const outside = [...modules].map((m) => relative(root, m)).filter((m) => !m.startsWith('api/contract/') && !m.startsWith('domain/'));
    expect(outside).toEqual([]);
    expect([...packages]).toEqual(['zod']);
  });

  it('is the only part of the server the web UI imports', () => {
    const reachesOut = filesUnder(join(root, 'ui/src'), /\.tsx?$/).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(root, resolve(dirname(file), spec)))
        .filter((target) => !target.startsWith('ui/') && target !== 'api/contract')
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(reachesOut).toEqual([]);
  });

  it('types every route: no route casts its params, body or query', () => {
    const casts = filesUnder(join(root, 'api'), /\.ts$/).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /request\.(params|body|query)\s+as\b/.test(line))
        .map((line) => `${relative(root, file)}: ${line.trim()}`),
    );
    expect(casts).toEqual([]);
  });

  it('names a resource for every command a person gives, once', () => {
    expect(HANDLINGER.map((h) => KOMMANDOER[h].kommando).sort()).toEqual([...GIVEN_COMMANDS].sort());
  });

  it('refuses an unknown field in every command body', () => {
    for (const handling of HANDLINGER) {
      const parsed = KOMMANDOER[handling].body.safeParse({ ukendtFelt: 1 });
      expect(parsed.success, handling).toBe(false);
      expect(parsed.error?.issues.some((i) => i.code === 'unrecognized_keys'), handling).toBe(true);
    }
  });

  it("keeps the domain's Danish messages in the command bodies", () => {
    expect(KOMMANDOER.status.body.safeParse({ notat: ' ' }).error?.issues[0]?.message).toBe('skal udfyldes');
    expect(KOMMANDOER.sessioner.body.safeParse({ dato: '2026-11-25', udfald: 'glemt' }).error?.issues[0]?.message).toMatch(/^skal være gennemfoert/);
  });
});
