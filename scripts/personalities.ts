// npm run personalities: the harness against every conforming server the simulator can play. For each
// personality a simulator process of its own (real time, no virtual clock, as scripts/test.sh starts
// its remote pass), then `npm run conformance` in remote mode against it, with the simulator's demo
// participants and the personality's harnessEnv, for each profile asked for (default: the full suite
// and the onboarding checklist). Reports under reports/personalities/<name>/<profile>/; prints the
// matrix and writes it to reports/personalities/matrix.md (+ summary.json). Exit 0 only when every
// run passed: no failure, no infrastructure error, no harness error, none out of time.
//
//   npm run personalities -- [--personality NAME]... [--personalities=all|a,b] [--profile NAME]...
//                            [--seed N] [--parallel N] [--timeout-minutes N] [--workers N]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../src/config/index.ts';
import type { Personality } from '../src/mock/index.ts';
import { runConformance } from './lib/conformance-process.ts';
import { fromOnboarding, fromReport, renderMatrix, runPassed, type PersonalityRun } from './lib/personality-matrix.ts';
import { badInputLine, UsageError } from '../src/cli/flags.ts';
import { remoteEnv, takePersonalities } from './lib/personality-env.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const HELP = `Usage: npm run personalities -- [options]

Runs npm run conformance (remote mode) against the simulator playing each personality, each in a
simulator process of its own, and prints a matrix of the verdicts.

  --personality NAME       a personality (repeatable); default: all of them
  --personalities=LIST     all, or a comma-separated list
  --profile NAME           a profile (repeatable): ${PROFILES.join(', ')}; default: default and onboarding
  --seed N                 the property-test seed of every run (default: random, printed)
  --parallel N             personalities run at once (default 2; the slowest start first)
  --workers N              Playwright workers per run (default: the config's)
  --timeout-minutes N      the time limit of one run (default: 3 for onboarding, 30 for default and
                           nightly, 240 for certification)

Exit codes: 0 every run passed · 1 a failure, an infrastructure or harness error, or a run out of time · 2 bad usage`;

const DEFAULT_TIMEOUT_MINUTES: Readonly<Record<string, number>> = { onboarding: 3, default: 30, nightly: 30, certification: 240 };
const REPORTS_ROOT = 'reports/personalities';

interface Options {
  readonly personalities: Personality[];
  readonly profiles: string[];
  readonly seed: number;
  readonly parallel: number;
  readonly workers?: number;
  readonly timeoutMinutes?: number;
}

function parse(argv: readonly string[]): Options | 'help' {
  const { personalities, rest } = takePersonalities(argv, ['all']);
  const profiles: string[] = [];
  let seed = process.env['INGO_SEED'] ? Number(process.env['INGO_SEED']) : Math.floor(Math.random() * 0x7fffffff);
  let parallel = 2;
  let workers: number | undefined;
  let timeoutMinutes: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--') continue;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const whole = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number ≥ ${min} (got "${v}")`);
      return n;
    };
    if (name === '--profile') {
      const profile = value();
      if (!(PROFILES as readonly string[]).includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')} (got "${profile}")`);
      profiles.push(profile);
    } else if (name === '--seed') seed = whole(value(), 0);
    else if (name === '--parallel') parallel = whole(value(), 1);
    else if (name === '--workers') workers = whole(value(), 1);
    else if (name === '--timeout-minutes') timeoutMinutes = whole(value(), 1);
    else throw new UsageError(`unknown option ${arg} (--help lists them)`);
  }
  if (!Number.isInteger(seed)) throw new UsageError('INGO_SEED must be a whole number');
  return {
    personalities,
    profiles: profiles.length ? [...new Set(profiles)] : ['default', 'onboarding'],
    seed,
    parallel,
    ...(workers !== undefined && { workers }),
    ...(timeoutMinutes !== undefined && { timeoutMinutes }),
  };
}

/** A personality with answer latency takes the longest: started first, it overlaps the others. */
function slowFirst(personalities: readonly Personality[]): Personality[] {
  const slow = (p: Personality) => (p.choices.latency !== undefined && p.choices.latency !== 'none' ? 1 : 0);
  return [...personalities].sort((a, b) => slow(b) - slow(a));
}

async function runPersonality(personality: Personality, options: Options): Promise<PersonalityRun[]> {
  const runs: PersonalityRun[] = [];
  for (const profile of options.profiles) {
    const dir = join(REPORTS_ROOT, personality.name, profile);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // A simulator of its own per run: no sessions or keys left over from another run.
    const simulator = await startSimulatorProcess(['--personality', personality.name]);
    console.log(`▶ ${personality.name} / ${profile}: simulator at ${simulator.url}${simulator.pluginOrigin !== simulator.url ? ` (plug-in pages on ${simulator.pluginOrigin})` : ''}${Object.keys(personality.harnessEnv).length ? ` · harnessEnv ${Object.keys(personality.harnessEnv).join(', ')}` : ''}`);
    try {
      const base = {
        personality: personality.name,
        profile,
        reportsDir: dir,
        logFile: join(dir, 'run.log'),
      };
      const result = await runConformance({
        profile,
        env: { ...remoteEnv(simulator.url, personality), INGO_SEED: String(options.seed) },
        reportsDir: dir,
        outputDir: join('test-results', 'personalities', personality.name, profile),
        logFile: base.logFile,
        timeoutMs: (options.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES[profile] ?? 30) * 60_000,
        ...(options.workers !== undefined && { extraArgs: [`--workers=${options.workers}`] }),
      });
      const done = { ...base, exitCode: result.exitCode, seconds: result.wallMs / 1000, timedOut: result.timedOut };
      const run = profile === 'onboarding' ? fromOnboarding(done, result.output) : fromReport(done, result.report, result.output);
      runs.push(run);
      console.log(`${runPassed(run) ? '✔' : '✘'} ${personality.name} / ${profile} (${run.seconds.toFixed(0)} s): ${run.verdict}`);
    } finally {
      await simulator.stop();
    }
  }
  return runs;
}

async function main(): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(badInputLine('personalities', error));
    return 2;
  }
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const started = Date.now();
  const names = options.personalities.map((p) => p.name);
  console.log(`personalities: ${names.join(', ')} · profiles ${options.profiles.join(', ')} · seed ${options.seed} · ${options.parallel} at a time`);
  console.log(`re-run exactly this: INGO_SEED=${options.seed} npm run personalities -- ${names.map((n) => `--personality ${n}`).join(' ')} ${options.profiles.map((p) => `--profile ${p}`).join(' ')}`);

  const queue = slowFirst(options.personalities);
  const byName = new Map<string, PersonalityRun[]>();
  await Promise.all(
    Array.from({ length: Math.min(options.parallel, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) byName.set(next.name, await runPersonality(next, options));
    }),
  );
  // The matrix in the order asked for, whatever order the runs finished in.
  const runs = names.flatMap((n) => byName.get(n) ?? []);
  const seconds = (Date.now() - started) / 1000;
  const matrix = renderMatrix(runs);
  const ok = runs.length > 0 && runs.every(runPassed);
  const verdict = ok ? `every personality passed (${runs.length} runs)` : `${runs.filter((r) => !runPassed(r)).length} of ${runs.length} runs did not pass`;
  console.log(`\n${matrix}\n\n${verdict} · seed ${options.seed} · wall time ${seconds.toFixed(0)} s · reports in ${REPORTS_ROOT}/<personality>/<profile>/`);
  mkdirSync(REPORTS_ROOT, { recursive: true });
  writeFileSync(join(REPORTS_ROOT, 'matrix.md'), `# Personalities (seed ${options.seed})\n\n\`\`\`\n${matrix}\n\`\`\`\n\n${verdict}; wall time ${seconds.toFixed(0)} s.\n`);
  writeFileSync(join(REPORTS_ROOT, 'summary.json'), JSON.stringify({ seed: options.seed, profiles: options.profiles, wallSeconds: seconds, ok, runs }, null, 2));
  return ok ? 0 : 1;
}

process.exit(await main());
