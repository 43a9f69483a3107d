// Runs `npm run conformance` (src/cli/conformance.ts, with tsx's loader) as a child process in a
// process group of its own, its output written to a log file, killed whole when it outlives its time
// limit; returns its exit code, its wall time and the conformance report it wrote (if it wrote one).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConformanceReport } from '../../src/report/model.ts';

export interface ConformanceRunOptions {
  readonly profile: string;
  readonly env: Readonly<Record<string, string>>;
  /** INGO_REPORTS_DIR of the run. */
  readonly reportsDir: string;
  /** Playwright's --output. */
  readonly outputDir: string;
  /** Where the run's stdout and stderr go. */
  readonly logFile: string;
  readonly timeoutMs: number;
  /** More options for `playwright test` (e.g. --workers=4); not for the onboarding profile. */
  readonly extraArgs?: readonly string[];
}

export interface ConformanceRunResult {
  /** The CLI's exit code (src/cli/exit-code.ts); null when it was killed. */
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly timedOut: boolean;
  /** conformance.json, when this run wrote one (the onboarding profile writes none). */
  readonly report?: ConformanceReport;
  /** The whole log. */
  readonly output: string;
}

export async function runConformance(options: ConformanceRunOptions): Promise<ConformanceRunResult> {
  mkdirSync(options.reportsDir, { recursive: true });
  mkdirSync(dirname(options.logFile), { recursive: true });
  const reportFile = join(options.reportsDir, 'conformance.json');
  const args = ['--import', 'tsx', 'src/cli/conformance.ts', '--profile', options.profile];
  if (options.profile !== 'onboarding') args.push('--output', options.outputDir, ...(options.extraArgs ?? []));
  const started = Date.now();
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env, INGO_REPORTS_DIR: options.reportsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid!);
  }, options.timeoutMs);
  // Ctrl-C on the script: take the whole run down with it, never leave a browser or a worker behind.
  const onSignal = () => killGroup(child.pid!);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await new Promise<void>((resolve) => log.end(resolve));
  const report = readFresh(reportFile, started);
  return { exitCode, wallMs: Date.now() - started, timedOut, ...(report && { report }), output: readFileSync(options.logFile, 'utf8') };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The report, if this run wrote it (one left over from an earlier run must not be read as this one's). */
function readFresh(path: string, since: number): ConformanceReport | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as ConformanceReport;
  return Date.parse(report.run.generatedAt) >= since - 1000 ? report : undefined;
}
