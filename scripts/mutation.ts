// Detection power: runs the conformance suites (API + browser) against the embedded simulator once
// per fault mode, under one or more personalities (other conforming servers: a fault must be caught
// whatever the server's undocumented choices are). Per personality the clean simulator must pass, and
// every fault must be killed; the faults together must cover every rule requirement id.
//
// Two scores per personality:
// - strict: a check tagged with one of the fault's requirement ids failed as a conformance failure
//   (read from the run's conformance.json: a rule of the fault with status "failed"); an
//   infrastructure error, a harness error, a timeout or another rule's failure does not count;
// - loose: the run failed at all.
// The exit code follows the strict score. Prints the kill matrix and the scores; writes
// reports/mutation.json and reports/mutation.md.
//
//   npm run mutation -- [FAULT ...] [--personality NAME]... [--personalities=all|a,b] [--parallel=N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadContract } from '../src/contract/index.ts';
import { FAULT_MODES, type FaultMode, type Personality } from '../src/mock/index.ts';
import { combineKills, judgeKill, type KillVerdict } from './lib/fault-kill.ts';
import { badInputLine, UsageError } from '../src/cli/flags.ts';
import { mockEnv, takePersonalities } from './lib/personality-env.ts';
import { runPlaywright, type RunOptions, type RunResult } from './lib/playwright-run.ts';

const projects = ['api', 'browser'];
/** The least a run may take before it is killed; a slow personality's limit scales with its clean run. */
const MIN_RUN_TIMEOUT_MS = 180_000;

interface Row extends KillVerdict {
  readonly fault: string;
  readonly requirementIds: readonly string[];
  readonly seconds: number;
}

interface PersonalityResult {
  readonly personality: string;
  readonly clean: { passed: number; failed: number; skipped: number; ok: boolean; seconds: number; problems: string[] };
  readonly rows: Row[];
  readonly strict: number;
  readonly loose: number;
  readonly seconds: number;
}

function parseArgs(argv: readonly string[]): { personalities: Personality[]; faults: FaultMode[]; parallel: number } {
  const { personalities, rest } = takePersonalities(argv, ['default']);
  let parallel = 2;
  const names: string[] = [];
  for (const arg of rest) {
    if (arg.startsWith('--parallel=')) parallel = Number(arg.slice('--parallel='.length));
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError('--parallel must be a positive whole number');
  const unknown = names.filter((n) => !FAULT_MODES.some((f) => f.name === n));
  if (unknown.length) throw new UsageError(`unknown fault ${unknown.join(', ')} (npm run mock -- --list-faults)`);
  return { personalities, faults: FAULT_MODES.filter((f) => names.length === 0 || names.includes(f.name)), parallel };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(badInputLine('mutation', error));
    return 2;
  }
  const seed = process.env['INGO_SEED'] ?? String(Math.floor(Math.random() * 0x7fffffff));
  const started = performance.now();
  console.log(`mutation: seed ${seed}; ${args.faults.length} fault modes; personalities ${args.personalities.map((p) => p.name).join(', ')}; ${args.parallel} runs at a time; suites: ${projects.join(', ')}`);

  const results: PersonalityResult[] = [];
  for (const personality of args.personalities) results.push(await underPersonality(personality, args.faults, seed, args.parallel));

  const rules = loadContract().requirements.filter((r) => r.kind === 'rule').map((r) => r.id);
  const covered = new Set(FAULT_MODES.flatMap((f) => f.requirementIds));
  const uncovered = rules.filter((id) => !covered.has(id));
  const wall = (performance.now() - started) / 1000;

  console.log('\nDetection power per personality (strict: a check of the fault\'s own rule failed; loose: any failure)');
  console.log(`  ${'personality'.padEnd(16)} ${'strict'.padStart(9)} ${'loose'.padStart(9)}  clean    time`);
  for (const r of results) {
    console.log(`  ${r.personality.padEnd(16)} ${`${r.strict}/${r.rows.length}`.padStart(9)} ${`${r.loose}/${r.rows.length}`.padStart(9)}  ${r.clean.ok ? 'passed' : 'FAILED'}  ${r.seconds.toFixed(0).padStart(5)} s`);
  }
  console.log(`rule requirement ids covered by the ${FAULT_MODES.length} fault modes: ${rules.length - uncovered.length}/${rules.length}${uncovered.length ? ` (missing: ${uncovered.join(', ')})` : ''}`);
  console.log(`wall time: ${wall.toFixed(0)} s`);

  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/mutation.json', JSON.stringify({ seed, wallSeconds: wall, uncovered, personalities: results }, null, 2));
  writeFileSync('reports/mutation.md', renderMarkdown(seed, wall, results));
  const ok = uncovered.length === 0 && results.every((r) => r.clean.ok && r.strict === r.rows.length);
  return ok ? 0 : 1;
}

async function underPersonality(personality: Personality, faults: readonly FaultMode[], seed: string, parallel: number): Promise<PersonalityResult> {
  const started = performance.now();
  const base = { ...mockEnv(personality), INGO_SEED: seed };
  console.log(`\n== personality ${personality.name}: the clean simulator first (it must pass)`);
  const clean = await runPlaywright({ projects, env: base, workers: 2, conformanceReport: true, timeoutMs: 3_600_000 });
  const cleanOk = clean.failed === 0 && clean.passed > 0 && !!clean.report && clean.report.counts.failed === 0 && clean.report.counts.infrastructureError === 0 && clean.report.testCounts.harnessError === 0;
  const problems = [
    ...clean.failures.map((f) => `${f.file.replace(/^.*tests\//, '')} › ${f.title}: ${f.error?.split('\n')[0] ?? ''}`),
    ...(clean.report?.requirements.filter((r) => r.status === 'failed' || r.status === 'infrastructure-error').map((r) => `${r.id} ${r.status}: ${(r.why ?? '').split('\n')[0]}`) ?? []),
  ];
  console.log(`  clean: ${clean.passed} passed, ${clean.failed} failed, ${clean.skipped} skipped (${(clean.wallMs / 1000).toFixed(1)} s)${cleanOk ? '' : ' — NOT CLEAN'}`);
  for (const p of problems) console.log(`  ✘ ${p}`);
  // A run of the whole suite on one worker takes about twice the clean run on two; allow three times.
  const timeoutMs = Math.max(MIN_RUN_TIMEOUT_MS, Math.ceil(3 * clean.wallMs));

  const rows: Row[] = [];
  const queue = [...faults];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let fault = queue.shift(); fault; fault = queue.shift()) {
        const row = await hunt(fault, { ...base, INGO_MOCK_FAULTS: fault.name }, timeoutMs);
        rows.push(row);
        const mark = row.strict ? '✔ killed  ' : row.loose ? '~ loosely ' : '✘ SURVIVED';
        console.log(`  ${mark} ${fault.name.padEnd(34)} ${row.seconds.toFixed(1).padStart(6)} s  ${row.killedBy}`);
      }
    }),
  );
  rows.sort((a, b) => a.fault.localeCompare(b.fault));
  const seconds = (performance.now() - started) / 1000;
  const result: PersonalityResult = {
    personality: personality.name,
    clean: { passed: clean.passed, failed: clean.failed, skipped: clean.skipped, ok: cleanOk, seconds: clean.wallMs / 1000, problems },
    rows,
    strict: rows.filter((r) => r.strict).length,
    loose: rows.filter((r) => r.loose).length,
    seconds,
  };
  console.log(`  ${personality.name}: strict ${result.strict}/${rows.length}, loose ${result.loose}/${rows.length}, clean ${cleanOk ? 'passed' : 'FAILED'}, ${seconds.toFixed(0)} s`);
  for (const r of rows.filter((x) => !x.strict)) console.log(`    ${r.loose ? 'loosely killed' : 'SURVIVED'}: ${r.fault} [${r.requirementIds.join(' ')}] ${r.killedBy}`);
  return result;
}

/**
 * The checks tagged with the fault's requirement ids first (a subset of the full suite, same seed),
 * stopping at the first failure: most faults die there in seconds. If that failure was not on the
 * fault's own rules, the subset runs to the end; if the fault's rules still did not fail, the whole suite.
 */
async function hunt(fault: FaultMode, env: Record<string, string>, timeoutMs: number): Promise<Row> {
  const run = (options: Partial<RunOptions>): Promise<RunResult> => runPlaywright({ projects, env, workers: 1, timeoutMs, conformanceReport: true, ...options });
  const grep = tagPattern(fault.requirementIds);
  const verdicts: KillVerdict[] = [];
  let seconds = 0;
  const attempt = async (options: Partial<RunOptions>) => {
    const result = await run(options);
    seconds += result.wallMs / 1000;
    verdicts.push(judgeKill(result, fault.requirementIds));
    return verdicts[verdicts.length - 1]!;
  };
  let verdict = await attempt({ grep, maxFailures: 1 });
  if (!verdict.strict && verdict.loose) verdict = await attempt({ grep });
  if (!verdict.strict) await attempt({});
  return { fault: fault.name, requirementIds: fault.requirementIds, seconds, ...combineKills(verdicts) };
}

/** Matches the tests tagged with any of the ids, and not ids that merely start the same. */
function tagPattern(ids: readonly string[]): string {
  return ids.map((id) => `@${id}(?![-A-Z0-9])`).join('|');
}

function renderMarkdown(seed: string, wall: number, results: readonly PersonalityResult[]): string {
  const lines = [
    `# Detection power (seed ${seed})`,
    '',
    'Strict: a check tagged with one of the fault\'s requirement ids failed as a conformance failure (conformance.json). Loose: the run failed at all.',
    '',
    '| personality | strict | loose | clean simulator | time |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${r.personality} | ${r.strict}/${r.rows.length} | ${r.loose}/${r.rows.length} | ${r.clean.ok ? 'passed' : '**FAILED**'} | ${r.seconds.toFixed(0)} s |`),
    '',
    `Wall time ${wall.toFixed(0)} s.`,
  ];
  for (const r of results) {
    lines.push('', `## ${r.personality}`, '', '| fault | requirement ids | strict | loose | killed by |', '|---|---|---|---|---|');
    for (const row of r.rows) lines.push(`| ${row.fault} | ${row.requirementIds.join(' ')} | ${row.strict ? 'yes' : '**no**'} | ${row.loose ? 'yes' : '**no**'} | ${row.killedBy.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

process.exit(await main());
