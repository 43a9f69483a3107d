// Detection power: runs the conformance suites (API + browser) against the embedded simulator once
// per fault mode. Every fault must make the run fail (the mutant is "killed"), the clean simulator
// must pass, and the faults together must cover every rule requirement id. Prints the kill matrix
// and the score; writes reports/mutation.json and reports/mutation.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadContract } from '../src/contract/index.ts';
import { FAULT_MODES } from '../src/mock/index.ts';
import { runPlaywright, type RunResult } from './lib/playwright-run.ts';

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const parallel = Number(args.find((a) => a.startsWith('--parallel='))?.split('=')[1] ?? 2);
const seed = process.env['INGO_SEED'] ?? String(Math.floor(Math.random() * 0x7fffffff));
const projects = ['api', 'browser'];
const perRunTimeoutMs = 180_000;

interface Row {
  readonly fault: string;
  readonly requirementIds: readonly string[];
  readonly killed: boolean;
  readonly killedBy: string;
  readonly seconds: number;
}

async function main(): Promise<void> {
  const faults = FAULT_MODES.filter((f) => only.length === 0 || only.includes(f.name));
  const started = performance.now();
  console.log(`mutation: seed ${seed}; ${faults.length} fault modes; ${parallel} runs at a time; suites: ${projects.join(', ')}`);

  console.log('mutation: the clean simulator first (it must pass)');
  const clean = await runPlaywright({ projects, env: { INGO_TARGET: 'mock', INGO_SEED: seed }, workers: 2, timeoutMs: perRunTimeoutMs });
  console.log(`  clean: ${clean.passed} passed, ${clean.failed} failed, ${clean.skipped} skipped (${(clean.wallMs / 1000).toFixed(1)} s)`);
  for (const f of clean.failures) console.log(`  ✘ ${f.title}: ${f.error?.split('\n')[0] ?? ''}`);

  const rows: Row[] = [];
  const queue = [...faults];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let fault = queue.shift(); fault; fault = queue.shift()) {
        // The checks tagged with the fault's requirement ids first (a subset of the full suite, same
        // seed): most faults die there in seconds. A fault they miss gets the whole suite.
        const env = { INGO_TARGET: 'mock', INGO_SEED: seed, INGO_MOCK_FAULTS: fault.name };
        let result = await runPlaywright({ projects, env, workers: 1, maxFailures: 1, timeoutMs: perRunTimeoutMs, grep: tagPattern(fault.requirementIds) });
        if (result.failed === 0) result = await runPlaywright({ projects, env, workers: 1, maxFailures: 1, timeoutMs: perRunTimeoutMs });
        const row = toRow(fault.name, fault.requirementIds, result);
        rows.push(row);
        console.log(`  ${row.killed ? '✔ killed ' : '✘ SURVIVED'} ${fault.name.padEnd(34)} ${row.seconds.toFixed(1).padStart(5)} s  ${row.killedBy}`);
      }
    }),
  );

  rows.sort((a, b) => a.fault.localeCompare(b.fault));
  const killed = rows.filter((r) => r.killed).length;
  const rules = loadContract().requirements.filter((r) => r.kind === 'rule').map((r) => r.id);
  const covered = new Set(FAULT_MODES.flatMap((f) => f.requirementIds));
  const uncovered = rules.filter((id) => !covered.has(id));
  const score = rows.length ? killed / rows.length : 0;
  const wall = (performance.now() - started) / 1000;

  console.log('\nKill matrix (fault → the first test that failed)');
  for (const r of rows) console.log(`  ${r.killed ? 'killed  ' : 'SURVIVED'}  ${r.fault.padEnd(34)} ${r.killedBy}`);
  console.log(`\nmutation score: ${killed}/${rows.length} = ${(score * 100).toFixed(1)} %`);
  console.log(`clean simulator: ${clean.failed === 0 && clean.passed > 0 ? 'passed' : 'FAILED'} (${clean.passed} passed, ${clean.failed} failed)`);
  console.log(`rule requirement ids covered by the ${FAULT_MODES.length} fault modes: ${rules.length - uncovered.length}/${rules.length}${uncovered.length ? ` (missing: ${uncovered.join(', ')})` : ''}`);
  console.log(`wall time: ${wall.toFixed(0)} s`);

  mkdirSync('reports', { recursive: true });
  const summary = { seed, wallSeconds: wall, clean: { passed: clean.passed, failed: clean.failed, skipped: clean.skipped }, score, killed, total: rows.length, uncovered, rows };
  writeFileSync('reports/mutation.json', JSON.stringify(summary, null, 2));
  writeFileSync(
    'reports/mutation.md',
    [
      `# Detection power (seed ${seed})`,
      '',
      `Score: **${killed}/${rows.length}** (${(score * 100).toFixed(1)} %). Clean simulator: ${clean.failed === 0 ? 'passed' : 'FAILED'}. Wall time ${wall.toFixed(0)} s.`,
      '',
      '| fault | requirement ids | killed | first failing test |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.fault} | ${r.requirementIds.join(' ')} | ${r.killed ? 'yes' : '**no**'} | ${r.killedBy.replace(/\|/g, '\\|')} |`),
    ].join('\n') + '\n',
  );
  const ok = killed === rows.length && clean.failed === 0 && clean.passed > 0 && uncovered.length === 0;
  process.exit(ok ? 0 : 1);
}

/** Matches the tests tagged with any of the ids, and not ids that merely start the same. */
function tagPattern(ids: readonly string[]): string {
  return ids.map((id) => `@${id}(?![-A-Z0-9])`).join('|');
}

function toRow(fault: string, requirementIds: readonly string[], result: RunResult): Row {
  const first = result.failures[0];
  return {
    fault,
    requirementIds,
    killed: result.failed > 0 && !!first && first.status !== 'broken',
    killedBy: first ? `${first.file.replace(/^.*tests\//, '')} › ${first.title}` : result.timedOut ? '(run timed out)' : '—',
    seconds: result.wallMs / 1000,
  };
}

await main();
