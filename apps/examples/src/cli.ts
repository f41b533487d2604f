import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';

/**
 * The small command-line layer every example shares: typed options on top of node:util parseArgs, the
 * `--backend` choice, `--help`, and the "am I the entry point" check.
 */

/** Backends an example can run on. Only the CPU backend is a dependency of @tessera/examples today. */
export const BACKENDS = { cpu } as const;
export type BackendName = keyof typeof BACKENDS;

export async function useBackend(name: string): Promise<void> {
  const make = (BACKENDS as Record<string, () => tf.AnyBackend>)[name];
  if (!make) throw new Error(`Unknown backend '${name}'. Available: ${Object.keys(BACKENDS).join(', ')}.`);
  // One backend per name per process: reuse the registered one (a test may have set it already).
  await tf.setBackend(tf.listBackends().includes(name) ? tf.getBackend(name) : make());
}

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === metaUrl;
  } catch {
    return false;
  }
}

export type OptionSpec =
  | { kind: 'int' | 'float'; default: number; help: string; min?: number }
  | { kind: 'string'; default: string; help: string; choices?: readonly string[] }
  | { kind: 'flag'; help: string };

type ValueOf<O extends OptionSpec> = O extends { kind: 'flag' } ? boolean : O extends { kind: 'string' } ? string : number;
export type CliValues<S extends Record<string, OptionSpec>> = { [K in keyof S]: ValueOf<S[K]> } & { backend: BackendName };

/** Thrown by parseCli for --help; mains print the message and exit 0. */
export class HelpRequested extends Error {}

const COMMON: Record<string, OptionSpec> = {
  backend: { kind: 'string', default: 'cpu', help: 'backend to run on', choices: Object.keys(BACKENDS) },
};

/** The command that runs an example from the repository root. */
export function commandFor(example: string): string {
  return `node --conditions=tessera-source --import tsx apps/examples/src/${example}.ts`;
}

export function usage(example: string, about: string, spec: Record<string, OptionSpec>): string {
  const lines = [`${about}`, '', `Usage: ${commandFor(example)} [options]`, '', 'Options:'];
  for (const [name, o] of Object.entries({ ...spec, ...COMMON })) {
    const arg = o.kind === 'flag' ? '' : o.kind === 'string' && o.choices ? ` <${o.choices.join('|')}>` : ` <${o.kind === 'string' ? 'text' : 'number'}>`;
    const dflt = o.kind === 'flag' ? '' : ` (default ${o.default})`;
    lines.push(`  --${name}${arg}`.padEnd(36) + `${o.help}${dflt}`);
  }
  lines.push(`  --help`.padEnd(36) + 'show this help');
  return lines.join('\n');
}

/**
 * Parses `argv` against `spec` (option names in kebab-case, as typed on the command line); `example` is the file
 * name without `.ts`, used in messages. Numbers are checked;
 * an unknown option or a bad value throws an error that names the option, what was expected and what was given.
 */
export function parseCli<S extends Record<string, OptionSpec>>(argv: string[], spec: S, example: string, about: string): CliValues<S> {
  const all: Record<string, OptionSpec> = { ...spec, ...COMMON };
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, o] of Object.entries(all)) options[name] = { type: o.kind === 'flag' ? 'boolean' : 'string' };
  let parsed: Record<string, string | boolean | undefined>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new Error(`${example}: ${(e as Error).message}\n\n${usage(example, about, spec)}`);
  }
  if (parsed.help) throw new HelpRequested(usage(example, about, spec));
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(all)) {
    const raw = parsed[name];
    if (o.kind === 'flag') {
      out[name] = raw === true;
    } else if (raw === undefined) {
      out[name] = o.default;
    } else if (o.kind === 'string') {
      if (o.choices && !o.choices.includes(raw as string)) {
        throw new Error(`${example}: invalid value for --${name}. Expected one of ${o.choices.join(', ')}. Received: ${String(raw)}`);
      }
      out[name] = raw;
    } else {
      const v = Number(raw);
      const ok = raw !== '' && Number.isFinite(v) && (o.kind === 'float' || Number.isInteger(v)) && (o.min === undefined || v >= o.min);
      if (!ok) {
        const what = `${o.kind === 'int' ? 'an integer' : 'a number'}${o.min !== undefined ? ` >= ${o.min}` : ''}`;
        throw new Error(`${example}: invalid value for --${name}. Expected ${what}. Received: ${String(raw)}`);
      }
      out[name] = v;
    }
  }
  return out as CliValues<S>;
}

/**
 * Runs an example's main as a script: prints --help, reports errors without a stack trace, sets the exit code.
 */
export async function runMain(main: (argv: string[]) => Promise<unknown>): Promise<void> {
  try {
    await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof HelpRequested) {
      console.log(e.message);
      return;
    }
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}

/** Reads a scalar tensor (or the first element) as a number. */
export async function scalarOf(t: tf.Tensor): Promise<number> {
  return (await t.data())[0]!;
}
