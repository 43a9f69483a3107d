// Runs the harness's own commands (playwright, the CLIs) as a person would, from the repository root,
// with an environment cleaned of the outer Playwright run's worker variables.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  return { ...env, CI: '1', ...extra };
}

export function run(command: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs = 170_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export function playwright(args: readonly string[], env: Record<string, string | undefined>, timeoutMs?: number): Promise<Run> {
  return run(process.execPath, [PLAYWRIGHT_CLI, ...args], env, timeoutMs);
}

export function tsx(script: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs?: number): Promise<Run> {
  return run(process.execPath, [TSX_CLI, script, ...args], env, timeoutMs);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ingo-${prefix}-`));
}
