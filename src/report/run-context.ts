// What a report says about the run itself: which harness (version, commit), which contract (sha256),
// which target, profile and seed. Read in the runner process (or the merge-reports process), where the
// configuration may be incomplete: every piece degrades to "unknown" rather than failing the report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/index.ts';
import { loadContract } from '../contract/index.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunContext {
  readonly profile: string;
  readonly seed: number | null;
  readonly target: { mode: string; baseUrl: string; username?: string; hostUri?: string; paypalEnabled?: boolean; algorithm?: string };
  readonly harnessVersion: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean;
  readonly openapi: { path: string; sha256: string };
}

/**
 * `metadata.ingo` (written into the Playwright config by the run environment, carried by blob reports
 * into merge-reports) wins over the environment, so a merged report shows the shards' seed.
 */
export function readRunContext(metadata: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): RunContext {
  const fromRun = (metadata['ingo'] ?? {}) as Partial<RunContext>;
  const fromEnv = contextFromEnv(env);
  return {
    profile: fromRun.profile ?? fromEnv.profile,
    seed: fromRun.seed ?? fromEnv.seed,
    target: fromRun.target ?? fromEnv.target,
    harnessVersion: harnessVersion(),
    gitCommit: fromRun.gitCommit ?? gitCommit(),
    gitDirty: fromRun.gitDirty ?? gitDirty(),
    openapi: fromRun.openapi ?? contractIdentity(),
  };
}

/** What a run environment records into the Playwright config's metadata. */
export function contextFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<RunContext, 'profile' | 'seed' | 'target'> {
  const seedText = env['INGO_SEED'];
  const seed = seedText && /^-?\d+$/.test(seedText.trim()) ? Number(seedText) : null;
  try {
    const config = loadConfig(env);
    return {
      profile: config.profile,
      seed,
      target: {
        mode: config.target,
        baseUrl: config.baseUrl ?? '(embedded simulator, started by the harness)',
        username: config.primary.username,
        hostUri: config.primary.hostUri,
        paypalEnabled: config.primary.paypalEnabled,
        algorithm: config.primary.algorithm,
      },
    };
  } catch {
    return { profile: env['INGO_PROFILE'] || 'default', seed, target: { mode: env['INGO_TARGET'] || 'mock', baseUrl: env['INGO_BASE_URL'] || '(unknown)' } };
  }
}

export function harnessVersion(): string {
  try {
    return String(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

export function gitCommit(): string | null {
  return git(['rev-parse', 'HEAD']);
}

function gitDirty(): boolean {
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return status !== null && status !== '';
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

function contractIdentity(): { path: string; sha256: string } {
  try {
    const contract = loadContract();
    return { path: relative(REPO_ROOT, contract.path), sha256: contract.sha256 };
  } catch {
    return { path: 'openapi/session-management.yaml', sha256: 'unknown' };
  }
}
