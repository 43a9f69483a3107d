// npm run bench [-- --runs=3 --no-remote --no-default --throughput --seconds=5]
// The harness's own speed where people wait for it, each figure next to its floor measured in the
// same run, median of --runs whole-process runs (interleaved: floor, run, floor, run...):
//  1. `npm run conformance` against the embedded simulator (default profile): wall time, next to an
//     empty Playwright run of the same projects (start-up only: config, test listing, no test);
//  2. the same in remote mode against the simulator started on its own (real time), next to its floor:
//     the one real wait for an authorized_url to expire (its lifetime + the margin);
//  3. where the time goes: start-up (wall minus Playwright's own run), each project and file (summed
//     test time), and the CPU of the run's processes by kind (runner, workers, Chromium): on 2 cores,
//     half the CPU is a floor no scheduling beats;
//  4. what was run: checks (tests), rules decided, generated property cases: a faster run must not
//     run less.
// --throughput adds the older figures: signed cases per second through the harness client, and a
// shortened bench:mock. Figures are printed and written to reports/bench.json; nothing passes or fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { loadContract } from '../src/contract/index.ts';
import { EXPIRY_MARGIN_MS } from '../src/browser/url-clock.ts';
import { totalPropertyRuns } from '../src/harness/profile.ts';
import type { ConformanceReport } from '../src/report/model.ts';
import { sampleTreeCpu, type CpuByKind } from './lib/process-cpu.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';
import { remoteEnv } from './lib/personality-env.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = Math.max(1, arg('runs', 3));
const seconds = arg('seconds', 5);
const withDefault = !process.argv.includes('--no-default');
const withRemote = !process.argv.includes('--no-remote');
const withThroughput = process.argv.includes('--throughput');
const PROJECTS = ['api', 'browser'];
const SEED = '20261123';
const PLAYWRIGHT_CLI = 'node_modules/@playwright/test/cli.js';

interface Timed {
  readonly wallSeconds: number;
  readonly exitCode: number | null;
  readonly cpu: CpuByKind;
}

/** Runs a command as its own process tree; wall time and the CPU of everything it started. */
function timed(args: readonly string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const cpu = sampleTreeCpu(child.pid!);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-3000)));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const result = { wallSeconds: (performance.now() - started) / 1000, exitCode, cpu: cpu.stop() };
      if (exitCode !== 0 && exitCode !== 1) process.stderr.write(stderr);
      resolve(result);
    });
  });
}

interface SuiteRun extends Timed {
  readonly report: ConformanceReport;
}

/** `npm run conformance` without npm and setup.sh (their few hundred ms are not the harness's). */
async function conformanceRun(env: Record<string, string>): Promise<SuiteRun> {
  const reports = mkdtempSync(join(tmpdir(), 'ingo-bench-'));
  try {
    const run = await timed(['--import', 'tsx', 'src/cli/conformance.ts', '--output', join(reports, 'test-results')], { INGO_SEED: SEED, INGO_REPORTS_DIR: reports, ...env });
    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    return { ...run, report };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

/** The same projects, started and listed by Playwright, with no test to run: start-up only. */
function emptyRun(env: Record<string, string>): Promise<Timed> {
  return timed([PLAYWRIGHT_CLI, 'test', ...PROJECTS.flatMap((p) => ['--project', p]), '--grep', '@no-such-check-bench-floor', '--pass-with-no-tests', '--reporter=dot'], { INGO_SEED: SEED, ...env });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const s1 = (x: number) => `${x.toFixed(1)} s`;
const range = (values: readonly number[]) => (values.length > 1 ? ` (${s1(Math.min(...values))}–${s1(Math.max(...values))})` : '');

/** Where the time of one run went: Playwright's own start-up, then summed test time per project and file. */
function breakdown(run: SuiteRun): string[] {
  const startUp = run.wallSeconds - run.report.run.durationMs / 1000;
  const byProject = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const t of run.report.tests) {
    byProject.set(t.project, (byProject.get(t.project) ?? 0) + t.durationMs / 1000);
    byFile.set(`${t.project} ${t.file}`, (byFile.get(`${t.project} ${t.file}`) ?? 0) + t.durationMs / 1000);
  }
  const lines = [
    `start-up before Playwright's run (CLI, config, test listing): ${s1(startUp)}; Playwright's run ${s1(run.report.run.durationMs / 1000)}`,
    `summed test time per project (workers run side by side): ${[...byProject].map(([p, t]) => `${p} ${s1(t)}`).join(', ')}`,
    ...[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([f, t]) => `  ${s1(t).padStart(7)}  ${f}`),
    `CPU of the run's processes: ${run.cpu.total} s (runner ${run.cpu.runner}, workers ${run.cpu.worker}, Chromium ${run.cpu.chromium}, other ${run.cpu.other}); on ${cpus().length} cores that alone takes ${s1(run.cpu.total / cpus().length)}`,
  ];
  return lines;
}

function coverage(report: ConformanceReport): string {
  const cases = totalPropertyRuns({ profile: 'default', maxRps: loadConfig({ ...process.env, INGO_TARGET: 'mock' }).maxRps }, true);
  return `${report.testCounts.total} checks (${report.testCounts.passed} passed, ${report.testCounts.failed} failed, ${report.testCounts.notChecked} not checked), rules ${report.counts.passed}/${report.counts.rules} passed, ${cases} generated property cases (default profile)`;
}

async function suite(label: string, env: Record<string, string>, floorLabel: string, floor: () => Promise<number>): Promise<Record<string, unknown>> {
  console.log(`\n${label}`);
  const walls: number[] = [];
  const floors: number[] = [];
  const cpuTotals: number[] = [];
  let last: SuiteRun | undefined;
  for (let i = 1; i <= runs; i++) {
    const floorSeconds = await floor();
    const run = await conformanceRun(env);
    floors.push(floorSeconds);
    walls.push(run.wallSeconds);
    cpuTotals.push(run.cpu.total);
    last = run;
    console.log(`  run ${i}/${runs}: ${s1(run.wallSeconds)} wall (exit ${run.exitCode}), floor ${s1(floorSeconds)}, CPU ${run.cpu.total} s · load average ${loadavg()[0]!.toFixed(1)}`);
  }
  const result = { wallSeconds: median(walls), floorSeconds: median(floors), cpuSeconds: median(cpuTotals), walls, floors, runs, loadAverage: loadavg() };
  console.log(`  median of ${runs}: ${s1(result.wallSeconds)}${range(walls)} next to ${floorLabel} ${s1(result.floorSeconds)}${range(floors)}: ${s1(result.wallSeconds - result.floorSeconds)} above the floor; CPU ${result.cpuSeconds.toFixed(1)} s`);
  console.log(`  what ran: ${coverage(last!.report)}`);
  console.log(`  where the time went (last run):`);
  for (const line of breakdown(last!)) console.log(`    ${line}`);
  return { ...result, coverage: coverage(last!.report) };
}

async function main(): Promise<void> {
  console.log(`bench: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} · ${runs} runs each, medians · seed ${SEED}`);
  const figures: Record<string, unknown> = { machine: { cpus: cpus().length, loadAverageAtStart: loadavg() } };
  if (withDefault) {
    // A first run warms the transform caches; it is not counted.
    await emptyRun({ INGO_TARGET: 'mock' });
    figures['default'] = await suite('1. npm run conformance, default profile, embedded simulator (goal ≤ 20 s)', { INGO_TARGET: 'mock' }, 'an empty Playwright run of the same projects', async () => (await emptyRun({ INGO_TARGET: 'mock' })).wallSeconds);
  }
  if (withRemote) {
    const sim = await startSimulatorProcess();
    try {
      const waitSeconds = loadContract().urlTtlSeconds + EXPIRY_MARGIN_MS / 1000;
      figures['remote'] = await suite(
        '2. npm run conformance, remote mode against the simulator started on its own (real time; goal ≤ 45 s)',
        remoteEnv(sim.url),
        `the one real expiry wait (the URL's ${loadContract().urlTtlSeconds} s lifetime + ${EXPIRY_MARGIN_MS / 1000} s margin)`,
        async () => waitSeconds,
      );
    } finally {
      await sim.stop();
    }
  }
  if (withThroughput) {
    console.log('\n3. the simulator next to a bare node:http server and Prism (bench:mock, shortened)');
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-mock.ts', `--duration=${seconds}`, '--sustain=0'], { stdio: 'inherit' });
      child.on('close', () => resolve());
    });
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', JSON.stringify(figures, null, 2));
  console.log('\nbench: figures written to reports/bench.json');
}

await main();
