// The two steps of the sharded nightly, shared by the drop-in pipelines (ci/github/nightly.yml,
// ci/gitlab/nightly.gitlab-ci.yml) so both behave alike and the local pipeline test proves both:
//
//   npx tsx scripts/nightly-ci.ts shard <index> <total>   one machine's part, as a blob report
//   npx tsx scripts/nightly-ci.ts merge <total>           every blob → one conformance report + verdict
//
// A shard succeeds when it delivered its blob, whatever its checks found: the verdict is the merge
// step's, from the merged report, so a shard is never shown red for a contract failure or a dead
// target. Exit codes are those of `npm run conformance` (src/cli/exit-code.ts); 4 (or any other) is
// a harness or pipeline error. Nothing here prints the environment or the secret.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/index.ts';
import { EXIT } from '../src/cli/exit-code.ts';
import { nightlySeed } from '../src/cli/profiles.ts';
import { reportsDirOf } from '../src/report/reports-dir.ts';
import type { ConformanceReport } from '../src/report/model.ts';
import { needleFor, scanArtifacts } from '../src/report/scan/scan-artifacts.ts';
import { knownSecrets, secretForms } from '../src/report/secret-forms.ts';
import { nightlyVerdict, PIPELINE_ERROR, verdictOfExitCode, type NightlyVerdict } from './lib/nightly-verdict.ts';

const CONFORMANCE_REPORTER = './src/report/conformance-reporter.ts';
const SHARD_CONFIG = 'playwright.config.ts';
/**
 * Each shard's blob goes to blob-report/shard-<i>/ (a blob reporter empties its directory first); the
 * merge gathers them, wherever the CI unpacked them under blob-report/, into blob-report/all/.
 * (blob-report/ is git-ignored, like Playwright's own default.)
 */
const BLOBS_DIR = 'blob-report';
const MERGE_INPUT_DIR = join(BLOBS_DIR, 'all');

const USAGE = `Usage: npx tsx scripts/nightly-ci.ts shard <index> <total> | merge <total>
Environment: INGO_* as for npm run conformance (INGO_PROFILE defaults to nightly); INGO_SEED, or
CI_PIPELINE_CREATED_AT (GitLab) to derive it from the date; INGO_NIGHTLY_GREP narrows the run.`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const numbers = rest.map(Number);
  if (command === 'shard' && numbers.length === 2 && numbers.every(isPositive) && numbers[0]! <= numbers[1]!) return shard(numbers[0]!, numbers[1]!);
  if (command === 'merge' && numbers.length === 1 && numbers.every(isPositive)) return merge(numbers[0]!);
  console.error(USAGE);
  return EXIT.badConfiguration;
}

function isPositive(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** One shard of the api and browser suites, with the night's seed, as a blob report. */
async function shard(index: number, total: number): Promise<number> {
  const prepared = nightlyEnv();
  if (!prepared.ok) {
    console.error(prepared.error);
    return EXIT.badConfiguration;
  }
  const { env } = prepared;
  const blobDir = join(BLOBS_DIR, `shard-${index}`);
  rmSync(blobDir, { recursive: true, force: true });
  console.log(`nightly shard ${index}/${total} · profile ${env['INGO_PROFILE']} · seed ${env['INGO_SEED']}${grepArgs().length ? ` · grep ${process.env['INGO_NIGHTLY_GREP']}` : ''}`);
  const code = await playwright(
    ['test', '--project', 'api', '--project', 'browser', `--shard=${index}/${total}`, '--reporter=blob', `--output=test-results/shard-${index}`, ...grepArgs()],
    { ...env, PLAYWRIGHT_BLOB_OUTPUT_DIR: blobDir },
  );
  if (code === EXIT.badConfiguration) return code;
  const blobs = zipsUnder(blobDir);
  if (!blobs.length) {
    console.error(`shard ${index}/${total}: no blob report was written (playwright exited ${code}): a harness or pipeline error, not a contract failure`);
    return PIPELINE_ERROR;
  }
  const leaks = secretHits([blobDir]);
  if (leaks.length) {
    rmSync(blobDir, { recursive: true, force: true });
    console.error(`shard ${index}/${total}: the blob report contained the HMAC secret; it was deleted and not published (a harness bug: report it)`);
    return PIPELINE_ERROR;
  }
  console.log(`shard ${index}/${total}: blob report ${blobs.map((b) => relative('.', b)).join(', ')} (playwright exited ${code}; the merge step gives the verdict)`);
  return EXIT.ok;
}

/** Every shard's blob → one conformance report (+ JUnit, Playwright's HTML, the nightly history) and the verdict. */
async function merge(expectedShards: number): Promise<number> {
  const reportsDir = reportsDirOf();
  const prepared = nightlyEnv({ seedRequired: false });
  if (!prepared.ok) return conclude(reportsDir, verdictOfExitCode(EXIT.badConfiguration, prepared.error), undefined, { expectedShards, deliveredShards: 0 });
  const { env } = prepared;
  const blobs = collectBlobs();
  // A report left from an earlier run must not be taken for tonight's.
  for (const stale of ['conformance.json', 'conformance.html', 'junit.xml', 'verdict.json']) rmSync(join(reportsDir, stale), { force: true });

  let mergeExitCode: number | undefined;
  if (blobs.length) {
    console.log(`merging ${blobs.length} of ${expectedShards} shard blob reports: ${blobs.map((b) => basename(b)).join(', ')}`);
    // -c: the shards' own config, so test paths resolve in this checkout even when the shards ran
    // from other directories (Playwright refuses to merge blobs with different roots otherwise).
    mergeExitCode = await playwright(['merge-reports', '-c', SHARD_CONFIG, `--reporter=${CONFORMANCE_REPORTER},junit,html`, MERGE_INPUT_DIR], {
      ...env,
      PLAYWRIGHT_JUNIT_OUTPUT_NAME: join(reportsDir, 'junit.xml'),
      PLAYWRIGHT_HTML_OUTPUT_DIR: join(reportsDir, 'playwright-html'),
      PLAYWRIGHT_HTML_OPEN: 'never',
    });
  }
  const reportPath = join(reportsDir, 'conformance.json');
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as ConformanceReport) : undefined;
  const hits = secretHits([reportsDir]);
  for (const file of hits) rmSync(file, { recursive: true, force: true });
  const verdict = nightlyVerdict({
    ...(report && { report }),
    expectedShards,
    deliveredShards: blobs.length,
    secretHits: hits.map((f) => relative('.', f)),
    ...(mergeExitCode !== undefined && { mergeExitCode }),
  });
  return conclude(reportsDir, verdict, report, { expectedShards, deliveredShards: blobs.length });
}

/** reports/verdict.json for tools, the verdict where the CI shows it, and the exit code. */
function conclude(reportsDir: string, verdict: NightlyVerdict, report: ConformanceReport | undefined, shards: { expectedShards: number; deliveredShards: number }): number {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(join(reportsDir, 'verdict.json'), `${JSON.stringify({ ...verdict, ...shards }, null, 2)}\n`);
  announce(verdict, report);
  return verdict.code;
}

/**
 * The environment of a nightly step: the configuration checked (one line and exit 2 when bad), the
 * nightly profile, and the night's seed — INGO_SEED, else the date the pipeline was created
 * (GitLab's CI_PIPELINE_CREATED_AT), so every shard of one night explores the same inputs.
 */
function nightlyEnv(options: { seedRequired?: boolean } = {}): { ok: true; env: NodeJS.ProcessEnv } | { ok: false; error: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, INGO_PROFILE: process.env['INGO_PROFILE']?.trim() || 'nightly' };
  const created = process.env['CI_PIPELINE_CREATED_AT'];
  if (!env['INGO_SEED']?.trim() && created && !Number.isNaN(Date.parse(created))) env['INGO_SEED'] = String(nightlySeed(new Date(created)));
  if (options.seedRequired !== false && !env['INGO_SEED']?.trim()) {
    return { ok: false, error: 'configuration error: INGO_SEED must be set (or CI_PIPELINE_CREATED_AT): every shard of one night needs the same seed' };
  }
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error: `configuration error: ${error.message}` };
    throw error;
  }
  return { ok: true, env };
}

function grepArgs(): string[] {
  const grep = process.env['INGO_NIGHTLY_GREP']?.trim();
  return grep ? ['--grep', grep] : [];
}

/** Copies every shard's blob (however the CI laid out the downloaded artifacts) into one directory. */
function collectBlobs(): string[] {
  rmSync(MERGE_INPUT_DIR, { recursive: true, force: true });
  mkdirSync(MERGE_INPUT_DIR, { recursive: true });
  const copied: string[] = [];
  for (const blob of zipsUnder(BLOBS_DIR)) {
    let target = join(MERGE_INPUT_DIR, basename(blob));
    for (let n = 2; existsSync(target); n++) target = join(MERGE_INPUT_DIR, `${basename(blob, '.zip')}-${n}.zip`);
    copyFileSync(blob, target);
    copied.push(target);
  }
  return copied;
}

function zipsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => path.endsWith('.zip') && statSync(path).isFile())
    .sort();
}

/** Files (outer files, for hits inside archives) that contain a known secret in any form. */
function secretHits(dirs: readonly string[]): string[] {
  const needles = knownSecrets().map((secret, i) => ({ ...needleFor(`secret ${i + 1}`, secret), forms: secretForms(secret) }));
  const { hits } = scanArtifacts(dirs, needles);
  return [...new Set(hits.map((h) => h.file.split('!')[0]!))];
}

function playwright(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The verdict where each CI shows it: the log always; GitHub's annotations, step outputs and summary. */
function announce(verdict: NightlyVerdict, report: ConformanceReport | undefined): void {
  console.log(`\n== Nightly verdict: ${verdict.title} (exit ${verdict.code})\n   ${verdict.line}`);
  const newSince = report?.newSinceLastRun ?? [];
  if (newSince.length) console.log(`   new since last night: ${newSince.map((n) => `${n.id} (${n.now})`).join(', ')}`);
  if (process.env['GITHUB_ACTIONS'] !== 'true') return;
  const level = verdict.kind === 'passed' ? 'notice' : verdict.kind === 'infrastructure' ? 'warning' : 'error';
  console.log(`::${level} title=${escapeProperty(verdict.title)}::${escapeData(verdict.line)}`);
  const output = process.env['GITHUB_OUTPUT'];
  if (output) appendFileSync(output, `code=${verdict.code}\nkind=${verdict.kind}\ntitle=${verdict.title}\n`);
  const summary = process.env['GITHUB_STEP_SUMMARY'];
  if (summary) {
    const lines = [`## IngoPay nightly: ${verdict.title} (exit ${verdict.code})`, '', verdict.line, ''];
    if (newSince.length) lines.push(`**New since last night:** ${newSince.map((n) => `\`${n.id}\` (${n.now})`).join(', ')}`, '');
    lines.push('The `nightly-conformance-report` artifact holds conformance.html, junit.xml and history/trend.html.', '');
    appendFileSync(summary, `${lines.join('\n')}\n`);
  }
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`nightly-ci: ${(error as Error).stack ?? error}`);
    process.exit(PIPELINE_ERROR);
  },
);
