// Runs the Playwright suite in a child process with the JSON reporter and returns what failed, so
// scripts (mutation, false alarms, benchmarks) judge runs by Playwright's own results; on request also
// with the conformance reporter, whose per-rule verdicts tell which rules a run failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../../src/report/model.ts';

const CONFORMANCE_REPORTER = fileURLToPath(new URL('../../src/report/conformance-reporter.ts', import.meta.url));

export interface RunOptions {
  readonly projects: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workers?: number;
  readonly maxFailures?: number;
  readonly grep?: string;
  /** Hard limit for the whole run; the process group is killed after it. */
  readonly timeoutMs?: number;
  /** Called with the run's process group id (the child runs detached, in a group of its own). */
  readonly onSpawn?: (processGroup: number) => void;
  /** Also run the conformance reporter and return its report (per-rule verdicts). */
  readonly conformanceReport?: boolean;
}

export interface TestOutcome {
  readonly title: string;
  readonly file: string;
  readonly tags: readonly string[];
  readonly status: string;
  readonly error?: string;
}

export interface RunResult {
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly TestOutcome[];
  readonly timedOut: boolean;
  /** With options.conformanceReport: the run's conformance.json, when the reporter wrote one. */
  readonly report?: ConformanceReport;
}

interface JsonSuite {
  title: string;
  file?: string;
  specs?: Array<{ title: string; file: string; tags?: string[]; tests: Array<{ status: string; results: Array<{ status: string; error?: { message?: string } }> }> }>;
  suites?: JsonSuite[];
}

export async function runPlaywright(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ingo-run-'));
  const jsonFile = join(dir, 'results.json');
  const reporters = options.conformanceReport ? `json,${CONFORMANCE_REPORTER}` : 'json';
  const args = ['playwright', 'test', ...options.projects.flatMap((p) => ['--project', p]), `--reporter=${reporters}`, `--output=${join(dir, 'test-results')}`];
  if (options.workers) args.push(`--workers=${options.workers}`);
  if (options.maxFailures) args.push(`--max-failures=${options.maxFailures}`);
  if (options.grep) args.push(`--grep=${options.grep}`);
  const started = performance.now();
  const child = spawn('npx', args, {
    env: { ...process.env, ...options.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile, INGO_REPORTS_DIR: join(dir, 'reports'), CI: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  options.onSpawn?.(child.pid!);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, options.timeoutMs)
    : undefined;
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  if (timer) clearTimeout(timer);
  const wallMs = performance.now() - started;
  const conformanceFile = join(dir, 'reports', 'conformance.json');
  const conformance = options.conformanceReport && existsSync(conformanceFile) ? (JSON.parse(readFileSync(conformanceFile, 'utf8')) as ConformanceReport) : undefined;
  let report: { suites: JsonSuite[]; stats?: { expected: number; unexpected: number; skipped: number } };
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { exitCode, wallMs, passed: 0, failed: 1, skipped: 0, timedOut, failures: [{ title: '(run did not produce results)', file: '', tags: [], status: 'broken', error: stderr.trim().split('\n').slice(-5).join('\n') }], ...(conformance && { report: conformance }) };
  }
  rmSync(dir, { recursive: true, force: true });
  const outcomes: TestOutcome[] = [];
  const visit = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const last = t.results[t.results.length - 1];
        outcomes.push({ title: spec.title, file: spec.file, tags: spec.tags ?? [], status: last?.status ?? t.status, ...(last?.error?.message && { error: last.error.message }) });
      }
    }
    suite.suites?.forEach(visit);
  };
  report.suites.forEach(visit);
  const failures = outcomes.filter((o) => o.status === 'failed' || o.status === 'timedOut' || o.status === 'interrupted');
  return {
    exitCode,
    wallMs,
    passed: outcomes.filter((o) => o.status === 'passed').length,
    failed: failures.length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    failures,
    timedOut,
    ...(conformance && { report: conformance }),
  };
}
