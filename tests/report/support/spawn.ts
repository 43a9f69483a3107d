// Runs the harness's own commands (playwright, the CLIs) as a person would, from the repository root,
// with an environment cleaned of the outer Playwright run's worker variables.
//
// A nested run is a whole Playwright run inside a test: on a 2-core machine, several of them side by
// side (each with its workers, simulators and Chromium) starve each other and the outer run, and a
// fixed time limit then fails whichever was unlucky. So nested runs get one worker and go one at a
// time (a lock per checkout), and their time limits follow progress, not the clock: the wait for the
// lock is not counted, the test's time limit moves on while the nested run keeps writing output, and
// a nested run is stopped when it has been silent for `silentMs` (stuck), or after 5 × that in all.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from '@playwright/test';
import { REPO_ROOT } from '../../../src/report/run-context.ts';

export const FIXTURE_CONFIG = 'tests/report/fixtures/playwright.config.ts';
export const PLAYWRIGHT_CLI = join(REPO_ROOT, 'node_modules/@playwright/test/cli.js');
export const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The outer run's variables would make the inner one think it is a worker, or reuse its seed. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TEST_|PW_|PLAYWRIGHT_|INGO_|FORCE_COLOR)/.test(k)) continue;
    env[k] = v;
  }
  // CI=1: plain progress lines. A developer's .env cannot override these: the shell's values win.
  // INGO_WORKERS=1: a nested run is small; more workers would only compete with the outer run.
  return { ...env, CI: '1', INGO_WORKERS: '1', ...extra };
}

const LOCK = join(tmpdir(), `ingo-nested-run-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the checkout's nested-run lock (a lock left by a process that died is taken over). The wait
 * is given back to the running test as it passes, so the test's time limit never runs out in the queue.
 */
async function takeLock(info: ReturnType<typeof test.info> | undefined): Promise<() => void> {
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(LOCK);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(LOCK, 'utf8'));
      } catch {
        continue; // released between the two calls
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        try {
          unlinkSync(LOCK);
        } catch {
          // someone else took it over first
        }
        continue;
      }
      const waited = Date.now();
      await sleep(100);
      extendTest(info, Date.now() - waited);
    }
  }
}

/** The running test's TestInfo, when called inside one (scripts call run() too). */
function currentTest(): ReturnType<typeof test.info> | undefined {
  try {
    return test.info();
  } catch {
    return undefined;
  }
}

/** Gives the running test back `ms` of its time limit (time spent waiting, or while the nested run progressed). */
function extendTest(info: ReturnType<typeof test.info> | undefined, ms: number): void {
  if (info && info.timeout > 0 && ms > 0) info.setTimeout(info.timeout + Math.ceil(ms));
}

export async function run(command: string, args: readonly string[], env: Record<string, string | undefined>, silentMs = 170_000): Promise<Run> {
  const info = currentTest();
  const release = await takeLock(info);
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let lastOutput = Date.now();
      let stopped = '';
      const stop = (why: string) => {
        stopped = why;
        child.kill('SIGTERM');
      };
      const progressed = () => {
        const now = Date.now();
        extendTest(info, now - lastOutput);
        lastOutput = now;
        clearTimeout(silence);
        silence = setTimeout(() => stop(`no output for ${silentMs / 1000} s`), silentMs);
      };
      let silence = setTimeout(() => stop(`no output for ${silentMs / 1000} s`), silentMs);
      const cap = setTimeout(() => stop(`still running after ${(5 * silentMs) / 1000} s`), 5 * silentMs);
      child.stdout.on('data', (d) => {
        stdout += d;
        progressed();
      });
      child.stderr.on('data', (d) => {
        stderr += d;
        progressed();
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(silence);
        clearTimeout(cap);
        resolve({ code: code ?? -1, stdout, stderr: stopped ? `${stderr}\n[nested run stopped: ${stopped}]` : stderr });
      });
    });
  } finally {
    release();
  }
}

export function playwright(args: readonly string[], env: Record<string, string | undefined>, silentMs?: number): Promise<Run> {
  return run(process.execPath, [PLAYWRIGHT_CLI, ...args], env, silentMs);
}

export function tsx(script: string, args: readonly string[], env: Record<string, string | undefined>, silentMs?: number): Promise<Run> {
  return run(process.execPath, [TSX_CLI, script, ...args], env, silentMs);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ingo-${prefix}-`));
}
