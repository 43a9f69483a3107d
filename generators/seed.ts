// One seed per run makes every generated request reproducible: INGO_SEED (or `--seed N` for scripts)
// fixes it, the run records it, and a failing property prints the seed and the counterexample path to
// replay exactly that case with INGO_SEED_PATH.
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { maskPersonalFieldsInText } from '../src/report/redact.ts';

export type SeedSource = 'INGO_SEED' | '--seed' | 'random';

let randomSeed: number | undefined;

/**
 * The run's seed: `--seed N` / `--seed=N` on the command line, else INGO_SEED, else a random one (the
 * same for the whole process, so every property of a run shares it).
 */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): { seed: number; source: SeedSource } {
  const flag = flagValue(argv, '--seed');
  if (flag !== undefined) return { seed: parseSeed(flag, '--seed'), source: '--seed' };
  const text = env['INGO_SEED']?.trim();
  if (text) return { seed: parseSeed(text, 'INGO_SEED'), source: 'INGO_SEED' };
  randomSeed ??= randomInt(0, 0x7fffffff);
  return { seed: randomSeed, source: 'random' };
}

/** fast-check's counterexample path to replay (INGO_SEED_PATH or `--seed-path`), if any. */
export function seedPathFromEnv(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): string | undefined {
  const path = (flagValue(argv, '--seed-path') ?? env['INGO_SEED_PATH'])?.trim();
  if (!path) return undefined;
  if (!/^\d+(:\d+)*$/.test(path)) throw new Error(`INGO_SEED_PATH: must be a fast-check path like 12:0:3 (got "${path}")`);
  return path;
}

/**
 * Parameters for fc.assert: the run's seed, and with a path only that counterexample is replayed. A
 * failure's message ends with the line that reproduces it.
 */
export function propertyParameters<T = unknown>(runs: number, env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): fc.Parameters<T> {
  const { seed } = seedFromEnv(env, argv);
  const path = seedPathFromEnv(env, argv);
  const reproduce: fc.Plugin<T> = () => ({
    onAllRunsComplete: (details: fc.RunDetails<T>) => {
      if (!details.failed) return;
      const hint = reproduceHint({ seed: details.seed, path: details.counterexamplePath });
      // The failing check's own message leads (reports show the first line), and counterexamples hold
      // generated people: their personal values are masked before the message reaches any artifact.
      // The cause is not attached: Playwright would print it unmasked.
      // A TypeError (or any error that is no assertion) keeps its class: the report files it as a harness bug.
      const error = details.errorInstance;
      const named = error instanceof Error && !['Error', 'ContractCheckError'].includes(error.name) ? `${error.name}: ` : '';
      const cause = error instanceof Error ? `${named}${error.message}` : String(error ?? '');
      const summary = `Property failed after ${details.numRuns} run(s): ${cause.split('\n')[0] ?? ''}`;
      const report = fc.defaultReportMessage(details) ?? '';
      throw new Error(maskPersonalFieldsInText(`${summary}\n${cause.split('\n').slice(1).join('\n')}\n\n${report.replace(/\nGot error:[\s\S]*$/, '')}\n\n${hint}`));
    },
  });
  return { seed, numRuns: runs, ...(path !== undefined && { path, endOnFailure: true }), plugins: [reproduce] };
}

/** The command-line prefix that replays a run, or one counterexample of it. */
export function reproduceHint(run: { seed: number; path?: string | null | undefined }): string {
  return `reproduce with INGO_SEED=${run.seed}${run.path ? ` INGO_SEED_PATH=${run.path}` : ''}`;
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

function parseSeed(text: string, name: string): number {
  const seed = Number(text);
  // The same range the harness configuration accepts for INGO_SEED.
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff) {
    throw new Error(`${name}: must be a 32-bit whole number (got "${text}")`);
  }
  return seed;
}
