// Command-line flags of the project's commands (mock, proxy, certify-client, sign; UsageError also for the scripts): Node's own
// util.parseArgs, strict and without positionals, and the one-line usage errors that name the flag.
// Each command catches UsageError, prints its message on one line and exits 2.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/index.ts';

export class UsageError extends Error {}

/**
 * The one line a command prints for bad input (a flag, a file, the configuration) before it exits 2:
 * "<command>: [configuration error: ]<first line of the message> (--help for usage)". Anything else is
 * rethrown: a bug in the command, not bad input.
 */
export function badInputLine(command: string, error: unknown): string {
  if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
  return `${command}: ${error instanceof ConfigError ? 'configuration error: ' : ''}${error.message.split('\n')[0]} (--help for usage)`;
}

type FlagOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
type StrictConfig<O extends FlagOptions> = { args: string[]; strict: true; allowPositionals: false; options: O };

/** The flags' values; an unknown flag, a missing value or a stray argument is a UsageError. */
export function parseFlags<const O extends FlagOptions>(argv: readonly string[], options: O): ReturnType<typeof parseArgs<StrictConfig<O>>>['values'] {
  try {
    return parseArgs<StrictConfig<O>>({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

/** A check whose error is already one clear line (a bad URL, a participants file), as a usage error. */
export function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A flag's number, undefined when the flag is absent; `what` says what it must be ("a share between 0 and 1"). */
export function numberFlag(flag: string, raw: string | undefined, accepts: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !accepts(n)) throw new UsageError(`--${flag} must be ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

export function integerFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  return numberFlag(flag, raw, (n) => Number.isInteger(n) && n >= min && n <= max, `an integer between ${min} and ${max}`);
}
