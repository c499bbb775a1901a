// A municipality's own regelsæt: JSON or YAML files in a folder (REGELSAET_DIR), read once at start
// and validated by the same schema as the built-in ones. Any problem stops the start, with one line
// per problem: "<file>: <field path>: <reason>". The messages are English: they are for the IT staff
// who maintain the files. This lives outside domain/ because it reads files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative } from 'node:path';
import type { Logger } from 'pino';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { BUILT_IN_REGELSAET, RegelsaetFile, type Regelsaet } from '../domain/regelsaet';

export const REGELSAET_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/** Thrown when a regelsæt file cannot be used; `problems` holds one "file: path: reason" line each. */
export class RegelsaetConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid regelsæt configuration (REGELSAET_DIR):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'RegelsaetConfigError';
  }
}

export type Problem = { path: string; reason: string };
export type ParseResult = { ok: true; regelsaet: Regelsaet } | { ok: false; problems: Problem[] };

// The API process sets Danish messages for its users (z.config in api/app.ts); file problems are
// reported in English whatever the global setting.
const english = z.locales.en().localeError;

/** "deadlines.0.period.unit"; "(root)" for the file as a whole. */
export const formatPath = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(root)' : path.map(String).join('.'));

/** Parses the text of one regelsæt file; `format` follows the file's extension. */
export function parseRegelsaetText(text: string, format: 'json' | 'yaml'): ParseResult {
  let data: unknown;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [{ path: '(file)', reason: `not valid JSON: ${(error as Error).message}` }] };
    }
  } else {
    // YAML 1.2 (the core schema): 2026-12-24 and 08:00 stay strings, as the schema wants them.
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      // The first line of each message says what and where ("… at line 5, column 17:"); the rest quotes the file.
      return {
        ok: false,
        problems: doc.errors.map((e) => ({ path: '(file)', reason: `not valid YAML: ${e.message.split('\n')[0]!.replace(/:$/, '')}` })),
      };
    }
    data = doc.toJS();
  }
  const parsed = RegelsaetFile.safeParse(data, { error: english });
  if (parsed.success) return { ok: true, regelsaet: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), reason: i.message })) };
}

export const formatOf = (file: string): 'json' | 'yaml' | undefined => {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
};

/** A path as the person who set REGELSAET_DIR would write it: relative to the working folder when inside it. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export type LoadedRegelsaet = {
  /** The built-in regelsæt followed by the folder's, in file-name order. */
  regelsaet: Regelsaet[];
  /** The files that were read, with the id each one defines. */
  files: { file: string; id: string }[];
  /** Files in the folder that are not regelsæt files by their extension (a README, say); they are left alone. */
  ignored: string[];
};

/**
 * The built-in regelsæt plus every *.json, *.yaml and *.yml file in `dir` (not its sub-folders;
 * names starting with a dot are skipped). Throws RegelsaetConfigError listing every problem in every
 * file, including an id that a built-in regelsæt or another file already uses.
 */
export function loadRegelsaet(dir: string | undefined, builtIn: readonly Regelsaet[] = BUILT_IN_REGELSAET): LoadedRegelsaet {
  const result: LoadedRegelsaet = { regelsaet: [...builtIn], files: [], ignored: [] };
  if (dir === undefined) return result;

  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new RegelsaetConfigError([`${displayPath(dir)}: (folder): REGELSAET_DIR is not a folder`]);
    names = readdirSync(dir).sort();
  } catch (error) {
    if (error instanceof RegelsaetConfigError) throw error;
    throw new RegelsaetConfigError([`${displayPath(dir)}: (folder): cannot read REGELSAET_DIR: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }

  const problems: string[] = [];
  const owner = new Map<string, string>(builtIn.map((r) => [r.id, 'a built-in regelsæt']));
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const shown = displayPath(path);
    if (!statSync(path).isFile()) continue;
    const format = formatOf(name);
    if (!format) {
      result.ignored.push(shown);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${shown}: (file): cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    const parsed = parseRegelsaetText(text, format);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => `${shown}: ${p.path}: ${p.reason}`));
      continue;
    }
    const { id } = parsed.regelsaet;
    const taken = owner.get(id);
    if (taken) {
      problems.push(`${shown}: id: '${id}' is already used by ${taken}`);
      continue;
    }
    owner.set(id, shown);
    result.regelsaet.push(parsed.regelsaet);
    result.files.push({ file: shown, id });
  }
  if (problems.length > 0) throw new RegelsaetConfigError(problems);
  return result;
}

/**
 * The catalogue a process runs with: the built-in regelsæt and REGELSAET_DIR's. The API, the worker
 * and the rebuild all load it, so a municipality's own regelsæt is known wherever a forløb's rules
 * are needed (the worker's read model computes the next notice moment from them). A bad file stops
 * the process at once, with its file, field path and reason on stderr.
 */
export function loadCatalogueOrExit(dir: string | undefined, log: Pick<Logger, 'info' | 'warn'>): Regelsaet[] {
  let loaded: LoadedRegelsaet;
  try {
    loaded = loadRegelsaet(dir);
  } catch (error) {
    if (!(error instanceof RegelsaetConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  for (const file of loaded.files) log.info(file, 'regelsæt loaded');
  for (const file of loaded.ignored) log.warn({ file }, 'not a regelsæt file (.json, .yaml, .yml): ignored');
  return loaded.regelsaet;
}
