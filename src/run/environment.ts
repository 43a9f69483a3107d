// Runs once in the Playwright runner process before workers start: loads .env, checks the
// configuration (one line and exit on error), fixes the seed so every worker shares it, and picks
// the reporters. Workers inherit process.env from here.
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';
import { loadConfig, ConfigError, type HarnessConfig } from '../config/index.ts';
import { loadDotenv } from '../config/dotenv.ts';
import { readRunContext, REPO_ROOT } from '../report/run-context.ts';
import { runFilters } from '../report/run-filters.ts';

export interface RunEnvironment {
  readonly reporters: ReporterDescription[];
  /**
   * For the Playwright config's `metadata`: the run's profile, seed, target and commit. Blob reports
   * carry it into `merge-reports`, so a report merged from shards shows the shards' seed.
   */
  readonly metadata: Record<string, unknown>;
  /** Where every report goes (INGO_REPORTS_DIR, default reports/). */
  readonly reportsDir: string;
  /** The embedded simulator (mock) or a server of its own (remote): INGO_TARGET. */
  readonly target: HarnessConfig['target'];
}

const CONFORMANCE_REPORTER = fileURLToPath(new URL('../report/conformance-reporter.ts', import.meta.url));
const PROGRESS_REPORTER = fileURLToPath(new URL('../report/progress-reporter.ts', import.meta.url));

export function prepareRunEnvironment(): RunEnvironment {
  loadDotenv();
  let target: HarnessConfig['target'];
  try {
    target = loadConfig().target;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (!process.env['INGO_SEED']) process.env['INGO_SEED'] = String(Math.floor(Math.random() * 0x7fffffff));
  const reportsDir = process.env['INGO_REPORTS_DIR'] || 'reports';
  const reporters: ReporterDescription[] = [
    // `npm run conformance` asks for its own progress lines; a bare `npx playwright test` keeps list/dot.
    process.env['INGO_PROGRESS'] === '1' ? [PROGRESS_REPORTER] : [process.env['CI'] ? 'dot' : 'list'],
    ['junit', { outputFile: `${reportsDir}/junit.xml` }],
    ['html', { outputFolder: `${reportsDir}/playwright-html`, open: 'never' }],
    [CONFORMANCE_REPORTER, { outputDir: reportsDir }],
  ];
  return { reporters, metadata: runMetadata(), reportsDir, target };
}

function runMetadata(): Record<string, unknown> {
  const context = readRunContext();
  const shardArg = process.argv.find((a, i) => a.startsWith('--shard=') || process.argv[i - 1] === '--shard');
  const shard = shardArg ? /(\d+)\/(\d+)/.exec(shardArg) : null;
  const configFile = optionValue(['-c', '--config']);
  return {
    ingo: {
      ...context,
      filters: runFilters(process.argv),
      ...(shard && { shard: { current: Number(shard[1]), total: Number(shard[2]) } }),
      // A merged report's reproduction commands need the shards' config, which merge-reports does not know.
      ...(configFile && { configFile: relative(REPO_ROOT, resolve(configFile)) }),
    },
  };
}

function optionValue(names: readonly string[]): string | undefined {
  for (let i = 0; i < process.argv.length; i++) {
    const arg = process.argv[i]!;
    if (names.includes(arg)) return process.argv[i + 1];
    const inline = names.find((n) => n.startsWith('--') && arg.startsWith(`${n}=`));
    if (inline) return arg.slice(inline.length + 1);
  }
  return undefined;
}
