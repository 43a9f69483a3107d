// npm run conformance -- [--profile default|nightly|certification|onboarding] [playwright args…]
// Loads .env and the configuration (a bad value: one line, exit 2), fixes and prints the seed, runs the
// api and browser projects with progress lines, then prints a one-screen summary from
// reports/conformance.json. Exit codes: 0 passed, 1 conformance failures, 2 bad configuration,
// 3 infrastructure errors only, 4 harness error.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ConfigError, loadConfig, PROFILES, type Profile } from '../config/index.ts';
import { loadDotenv } from '../config/dotenv.ts';
import type { Certificate } from '../report/certificate.ts';
import { reportsDirOf } from '../report/reports-dir.ts';
import type { ConformanceReport } from '../report/model.ts';
import { needleFor, scanArtifacts } from '../report/scan/scan-artifacts.ts';
import { secretForms } from '../report/secret-forms.ts';
import { describeExit, EXIT, exitCodeOf } from './exit-code.ts';
import { planRun } from './profiles.ts';
import { renderSummary } from './summary.ts';

const HELP = `Usage: npm run conformance -- [--profile <name>] [playwright test options]

Profiles (or INGO_PROFILE):
  default        the full API and browser suites; a random seed, printed and recorded
  nightly        the full suites; the seed is the date (YYYYMMDD, UTC) unless INGO_SEED is set;
                 appends reports/history/history.jsonl and draws reports/history/trend.html
  certification  the full suites with ten times the nightly property runs; writes
                 reports/certificate.html (+ .json): CERTIFIED only if every rule passed or does not apply
  onboarding     a one-minute checklist for new credentials against a remote target
                 (credentials, clock, host_uri, PayPal rule, the plug-in URL in a browser, expiry, recovery)

Other options are passed to "playwright test", e.g. --grep @SM-VAL-STATE, --workers 4, --shard 1/3.
Configuration comes from .env and the shell (see .env.example); INGO_REPORTS_DIR moves reports/.

Exit codes: 0 no failures · 1 conformance failures (or not certified) · 2 bad configuration ·
            3 infrastructure errors only (target down or timeouts) ·
            4 harness error (the harness itself broke; not a verdict on the server)`;

interface Args {
  readonly profile?: string;
  readonly help: boolean;
  readonly passThrough: string[];
}

function parse(argv: readonly string[]): Args {
  let profile: string | undefined;
  let help = false;
  const passThrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--profile') profile = argv[++i];
    else if (arg.startsWith('--profile=')) profile = arg.slice('--profile='.length);
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg !== '--') passThrough.push(arg);
  }
  return { ...(profile !== undefined && { profile }), help, passThrough };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  loadDotenv();
  const profile = (args.profile ?? process.env['INGO_PROFILE'] ?? 'default').trim() || 'default';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    console.error(`configuration error: --profile must be one of ${PROFILES.join(', ')} (got "${profile}")`);
    return EXIT.badConfiguration;
  }
  process.env['INGO_PROFILE'] = profile;
  try {
    loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return EXIT.badConfiguration;
    }
    throw error;
  }
  if (profile === 'onboarding') {
    const { runOnboarding } = await import('./onboarding/index.ts');
    return runOnboarding();
  }
  return runSuites(profile as Exclude<Profile, 'onboarding'>, args.passThrough);
}

async function runSuites(profile: Exclude<Profile, 'onboarding'>, passThrough: readonly string[]): Promise<number> {
  const plan = planRun(profile, process.env);
  const config = loadConfig({ ...process.env, INGO_SEED: String(plan.seed) });
  const reportsDir = reportsDirOf();
  console.log(`IngoPay conformance · profile ${plan.profile} · seed ${plan.seed} (${plan.seedSource})`);
  console.log(`target ${config.target === 'remote' ? config.baseUrl : 'the embedded simulator (mock mode)'} · participant ${config.primary.username} · projects ${plan.projects.join(', ')}`);
  console.log(`re-run exactly this run with: INGO_SEED=${plan.seed} npm run conformance -- --profile ${plan.profile}${passThrough.length ? ` ${passThrough.join(' ')}` : ''}`);

  const startedAt = Date.now();
  const code = await runPlaywright(
    [...plan.projects.flatMap((p) => ['--project', p]), ...passThrough],
    { ...process.env, INGO_PROFILE: plan.profile, INGO_SEED: String(plan.seed), INGO_PROGRESS: '1' },
  );
  const report = readFresh<ConformanceReport>(join(reportsDir, 'conformance.json'), startedAt);
  if (!report) {
    console.error(`\nNo conformance report was written (playwright exited ${code}): no api or browser check ran${passThrough.length ? ' with these options' : ''}.`);
    return code === EXIT.badConfiguration ? EXIT.badConfiguration : EXIT.conformanceFailure;
  }
  const certificate = profile === 'certification' ? readFresh<Certificate>(join(reportsDir, 'certificate.json'), startedAt) : undefined;
  const scan = scanForSecret(reportsDir, config);
  let exit = exitCodeOf(report, certificate ? certificate.verdict === 'CERTIFIED' : undefined);
  if (scan.hits) exit = EXIT.conformanceFailure;
  console.log(`\n${renderSummary({ report, reportsDir, ...(certificate && { certificate }), exitLine: describeExit(exit), notes: [scan.line] })}`);
  return exit;
}

function runPlaywright(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'test', ...args], { stdio: 'inherit', env });
    // Ctrl-C reaches the child through the terminal's process group; wait for it to write its reports.
    process.on('SIGINT', () => {});
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

/** The file, if this run wrote it (a report left over from an earlier run must not be summarised). */
function readFresh<T>(path: string, since: number): T | undefined {
  if (!existsSync(path)) return undefined;
  const value = JSON.parse(readFileSync(path, 'utf8')) as T & { run?: { generatedAt?: string }; issuedAt?: string };
  const written = Date.parse(value.run?.generatedAt ?? value.issuedAt ?? '');
  return written >= since - 1000 ? value : undefined;
}

/** Belt and braces: the reports must not contain the secret in any form, or the run fails loudly. */
function scanForSecret(reportsDir: string, config: ReturnType<typeof loadConfig>): { hits: number; line: string } {
  const secrets = [config.primary.secret, ...(config.secondary ? [config.secondary.secret] : [])];
  const result = scanArtifacts([reportsDir], secrets.map((s, i) => ({ ...needleFor(`secret ${i + 1}`, s), forms: secretForms(s) })));
  if (!result.hits.length) return { hits: 0, line: `Secret scan: ${result.filesScanned} report files (+${result.archiveEntriesScanned} archive entries), no trace of the HMAC secret.` };
  return { hits: result.hits.length, line: `✘ SECRET FOUND in ${[...new Set(result.hits.map((h) => h.file))].join(', ')}: do not share these reports; report this harness bug.` };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`conformance: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
