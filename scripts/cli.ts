// How every command-line script reads its options: Node's util.parseArgs in strict mode. `--help` (or
// `-h`) prints the usage and exits 0, and an unknown option, a stray argument, a missing value or a
// value of the wrong kind exits 2 with a message that names the option. Both happen before the script
// does anything else, so `--help` never rebuilds, migrates or starts what the script is for.
// Plain TypeScript that Node can run without tsx (type stripping), so the .mjs scripts share it.
import { relative } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export type CliSpec<O extends ParseArgsOptionsConfig> = {
  /** The whole `--help` text, starting with `Usage:`. */
  usage: string;
  options: O;
};

type Values<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

/** What a command line asks for; the pure part of parseCli. */
export type CommandLine<O extends ParseArgsOptionsConfig> =
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'run'; values: Values<O> };

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** Reads a command line against the script's options, without printing or exiting. */
export function readCommandLine<const O extends ParseArgsOptionsConfig>(spec: CliSpec<O>, args: readonly string[]): CommandLine<O> {
  if ('help' in spec.options) throw new Error('a script may not define its own --help');
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...args], options: { ...spec.options, ...HELP }, strict: true, allowPositionals: false }));
  } catch (err) {
    // Node's messages name the option ("Unknown option '--smaple'", "Option '--sample <value>'
    // argument missing"); its codes all start with ERR_PARSE_ARGS.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return { kind: 'error', message: (err as Error).message };
    throw err;
  }
  if (values.help) return { kind: 'help', text: spec.usage };
  delete values.help;
  return { kind: 'run', values: values as Values<O> };
}

/** Checks an option's text as a whole number ≥ min; undefined when the option was not given. */
export function wholeNumber(name: string, text: string | undefined, min = 0): { value: number | undefined } | { error: string } {
  if (text === undefined) return { value: undefined };
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value >= min ? { value } : { error: `--${name} takes a whole number ≥ ${min}, not '${text}'` };
}

/** Checks an option's text as whole numbers ≥ min separated by commas (`1000,10000`); undefined when not given. */
export function wholeNumberList(name: string, text: string | undefined, min = 0): { value: number[] | undefined } | { error: string } {
  if (text === undefined) return { value: undefined };
  const values = text.split(',').map((part) => wholeNumber(name, part, min));
  return values.every((v): v is { value: number } => 'value' in v && v.value !== undefined)
    ? { value: values.map((v) => v.value) }
    : { error: `--${name} takes whole numbers ≥ ${min} separated by commas, not '${text}'` };
}

/** Checks an option's text as a decimal number ≥ min; undefined when the option was not given. */
export function decimalNumber(name: string, text: string | undefined, min = 0): { value: number | undefined } | { error: string } {
  if (text === undefined) return { value: undefined };
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  return Number.isFinite(value) && value >= min ? { value } : { error: `--${name} takes a number ≥ ${min}, not '${text}'` };
}

export type Cli<O extends ParseArgsOptionsConfig> = {
  values: Values<O>;
  /** Ends the process: the message, a pointer to --help, exit code 2. */
  fail(message: string): never;
  /** The option as a whole number ≥ min (or undefined when absent); exits 2 on anything else. */
  wholeNumber(name: keyof O & string, min?: number): number | undefined;
  /** The option as a number ≥ min (or undefined when absent); exits 2 on anything else. */
  decimalNumber(name: keyof O & string, min?: number): number | undefined;
  /** The option as comma-separated whole numbers ≥ min (or undefined when absent); exits 2 on anything else. */
  wholeNumberList(name: keyof O & string, min?: number): number[] | undefined;
  /** The option as one of the given words (or undefined when absent); exits 2 on anything else. */
  oneOf<const W extends string>(name: keyof O & string, words: readonly W[]): W | undefined;
};

/** The script's name as a person runs it, for messages: `npm run reconcile`, or else its file. */
function commandName(): string {
  const file = process.argv[1] ? relative(process.cwd(), process.argv[1]) : 'this script';
  // A child of an npm script inherits npm's variables, so they count only when they name this file.
  const event = process.env.npm_lifecycle_event;
  if (!event || !(process.env.npm_lifecycle_script ?? '').includes(file)) return file;
  return event === 'start' ? 'npm start' : `npm run ${event}`;
}

/**
 * Parses process.argv for a script: prints the usage and exits 0 on --help, prints the problem and
 * exits 2 on a bad command line, and otherwise returns the values with checkers for their kinds.
 */
export function parseCli<const O extends ParseArgsOptionsConfig>(spec: CliSpec<O>, args: readonly string[] = process.argv.slice(2)): Cli<O> {
  const fail = (message: string): never => {
    console.error(`${commandName()}: ${message}\nRun it with --help for the options.`);
    process.exit(2);
  };
  const line = readCommandLine(spec, args);
  if (line.kind === 'help') {
    console.log(line.text);
    process.exit(0);
  }
  if (line.kind === 'error') return fail(line.message);
  const { values } = line;
  const text = (name: string): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const checked = <T>(result: { value: T | undefined } | { error: string }): T | undefined => ('error' in result ? fail(result.error) : result.value);
  return {
    values,
    fail,
    wholeNumber: (name, min = 0) => checked(wholeNumber(name, text(name), min)),
    decimalNumber: (name, min = 0) => checked(decimalNumber(name, text(name), min)),
    wholeNumberList: (name, min = 0) => checked(wholeNumberList(name, text(name), min)),
    oneOf: (name, words) => {
      const value = text(name);
      if (value === undefined) return undefined;
      return (words as readonly string[]).includes(value) ? (value as (typeof words)[number]) : fail(`--${name} takes ${words.join(' or ')}, not '${value}'`);
    },
  };
}
