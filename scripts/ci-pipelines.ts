// Proves the drop-in nightly pipelines (ci/) work, as part of npm test, offline:
//
// 1. ci/github/nightly.yml passes action-validator (GitHub's workflow schema; a broken copy must not),
//    and has the shape the docs promise (schedule, seed planned once, shards, one merge, history cache).
// 2. ci/gitlab/nightly.gitlab-ci.yml runs for real under gitlab-ci-local (shell executor, one build
//    directory per job, artifacts and caches passed as GitLab would): two shards against the embedded
//    simulator and the merge job. The merged report must cover every rule of the catalog exactly
//    once, say it came from 2 shards, carry the night's seed, and the history must come back from the
//    previous night's cache with tonight's line added. Before that, a run with a bad setting shows
//    the exit-code mapping: every shard fails with exit 2, and the report job still runs and says
//    "bad configuration", not "contract broken".
// 3. Neither file turns on shell tracing, dumps the environment or puts a secret anywhere but a
//    step's environment.
//
// The pipeline runs in a scratch copy of the working tree (tracked and untracked-but-not-ignored
// files, node_modules linked), so the developer's reports/ and state are never touched, and the copy
// is removed afterwards. Bounded: the whole GitLab run is killed after PIPELINE_TIME_LIMIT_MS.
//   npx tsx scripts/ci-pipelines.ts            (INGO_PIPELINE_GREP="@SM-…" narrows the shards)
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { nightlySeed } from '../src/cli/profiles.ts';
import { loadContract } from '../src/contract/index.ts';
import type { HistoryEntry } from '../src/report/history.ts';
import type { ConformanceReport } from '../src/report/model.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const GITHUB_WORKFLOW = 'ci/github/nightly.yml';
const GITLAB_PIPELINE = 'ci/gitlab/nightly.gitlab-ci.yml';
const SHARDS = 2;
const PIPELINE_TIME_LIMIT_MS = 8 * 60_000;
const HISTORY_CACHE_KEY = 'ingo-nightly-history';

const failures: string[] = [];
let checks = 0;

function check(name: string, ok: boolean, detail = ''): void {
  checks++;
  console.log(`${ok ? '  ✔' : '  ✘'} ${name}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(name);
}

function bin(name: string): string {
  return join(REPO, 'node_modules', '.bin', name);
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions: schema validation and shape

function checkGithubWorkflow(): void {
  console.log(`== ${GITHUB_WORKFLOW}`);
  const validate = (file: string) => {
    try {
      execFileSync(bin('action-validator'), [file], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      return { ok: true, output: '' };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`.slice(0, 2000) };
    }
  };
  const result = validate(join(REPO, GITHUB_WORKFLOW));
  check('action-validator accepts the workflow', result.ok, result.output);

  // The validator must be able to say no: the same workflow with a misspelt job key is refused.
  const dir = mkdtempSync(join(tmpdir(), 'ingo-workflow-'));
  try {
    const broken = join(dir, 'nightly.yml');
    writeFileSync(broken, readFileSync(join(REPO, GITHUB_WORKFLOW), 'utf8').replace('    runs-on: ubuntu-latest', '    runs-onn: ubuntu-latest'));
    check('action-validator refuses a broken copy of it', !validate(broken).ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const workflow = parseYaml(readFileSync(join(REPO, GITHUB_WORKFLOW), 'utf8')) as GithubWorkflow;
  const jobs = workflow.jobs ?? {};
  const runs = (job: string) => (jobs[job]?.steps ?? []).map((s) => s.run ?? '').join('\n');
  const uses = (job: string) => (jobs[job]?.steps ?? []).map((s) => s.uses ?? '');
  check('it runs on a cron schedule', Boolean(workflow.on?.schedule?.[0]?.cron));
  check('the seed is planned once and handed to every shard and the merge', /date -u \+%Y%m%d/.test(runs('plan')) && jobs['shard']?.env?.['INGO_SEED'] === '${{ needs.plan.outputs.seed }}');
  check('the shards run scripts/nightly-ci.ts shard in a Debian container', runs('shard').includes('scripts/nightly-ci.ts shard') && /bookworm/.test(JSON.stringify(jobs['shard']?.container ?? '')));
  check('one report job merges them with scripts/nightly-ci.ts merge', runs('report').includes('scripts/nightly-ci.ts merge') && String(jobs['report']?.needs).includes('shard'));
  check('the history is restored from the previous night and saved again', uses('report').some((u) => u.startsWith('actions/cache/restore')) && uses('report').some((u) => u.startsWith('actions/cache/save')));
  check('secrets reach only step environments, never a script line', secretsOnlyInStepEnv(workflow));
}

interface GithubStep {
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface GithubWorkflow {
  readonly on?: { schedule?: Array<{ cron?: string }> };
  readonly env?: Record<string, string>;
  readonly jobs?: Record<string, { env?: Record<string, string>; needs?: unknown; container?: unknown; steps?: GithubStep[] }>;
}

function secretsOnlyInStepEnv(workflow: GithubWorkflow): boolean {
  const text = JSON.stringify({ ...workflow, jobs: Object.fromEntries(Object.entries(workflow.jobs ?? {}).map(([name, job]) => [name, { ...job, steps: (job.steps ?? []).map(({ env: _env, ...rest }) => rest) }])) });
  return !text.includes('secrets.');
}

// ---------------------------------------------------------------------------------------------
// Both files: no tracing, no environment dumps

function checkHygiene(): void {
  console.log('== secret hygiene of both pipeline files');
  for (const file of [GITHUB_WORKFLOW, GITLAB_PIPELINE]) {
    const lines = readFileSync(join(REPO, file), 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'));
    const offending = lines.filter((l) => /set\s+-[a-z]*x|\bprintenv\b|CI_DEBUG_TRACE|ACTIONS_STEP_DEBUG|(^|[-|;&]\s*)env\s*$|\b(echo|printf)\b.*\$\{?INGO_[A-Z_]*SECRET/.test(l));
    check(`${file}: no set -x, environment dump or echoed secret`, offending.length === 0, offending.join(' | '));
  }
}

// ---------------------------------------------------------------------------------------------
// GitLab CI: a real run under gitlab-ci-local

async function checkGitlabPipeline(): Promise<void> {
  console.log(`== ${GITLAB_PIPELINE} under gitlab-ci-local (${SHARDS} shards and the merge, embedded simulator)`);
  assertInstalled();
  const before = snapshot(join(REPO, 'reports'));
  const scratch = mkdtempSync(join(tmpdir(), 'ingo-pipeline-'));
  try {
    prepareScratchRepo(scratch);
    const previous = seedPreviousNight(scratch);
    await checkBadConfiguration(scratch);
    const started = Date.now();
    const run = await runGitlabCiLocal(scratch);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    check(`the pipeline finished within ${PIPELINE_TIME_LIMIT_MS / 60_000} minutes`, !run.timedOut, `killed after ${seconds} s`);
    console.log(`   gitlab-ci-local: ${seconds} s, exit ${run.code}`);
    const jobs = jobResults(run.output);
    for (let i = 1; i <= SHARDS; i++) check(`job ingo-nightly:shard: [${i}/${SHARDS}] passed`, jobs.get(`ingo-nightly:shard: [${i}/${SHARDS}]`) === 'PASS', jobs.get(`ingo-nightly:shard: [${i}/${SHARDS}]`) ?? 'did not run');
    check('job ingo-nightly:report passed', jobs.get('ingo-nightly:report') === 'PASS', jobs.get('ingo-nightly:report') ?? 'did not run');
    checkMergedArtifacts(scratch, run.createdAt);
    checkHistoryCarried(scratch, previous);
    if (failures.length) console.log(`--- last lines of the gitlab-ci-local output ---\n${run.output.split('\n').slice(-80).join('\n')}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  check("the developer's reports/ is untouched", snapshot(join(REPO, 'reports')) === before);
}

/** The exit-code mapping through the real pipeline, cheaply: a bad setting stops every job with exit 2. */
async function checkBadConfiguration(scratch: string): Promise<void> {
  const run = await runGitlabCiLocal(scratch, ['--variable', 'INGO_HMAC_ALGORITHM=hmac-md5']);
  const exitedWith2 = (job: string) => new RegExp(`${job.replace(/[[\]/]/g, '\\$&')}\\s+finished in .*FAIL 2`).test(run.output);
  const shards = Array.from({ length: SHARDS }, (_, i) => `ingo-nightly:shard: [${i + 1}/${SHARDS}]`);
  check('a bad configuration fails every shard with exit 2 and one line naming the variable', !run.timedOut && shards.every(exitedWith2) && run.output.includes('configuration error: INGO_HMAC_ALGORITHM'));
  const verdictFile = artifactFile(scratch, 'reports/verdict.json');
  const verdict = verdictFile ? (JSON.parse(readFileSync(verdictFile, 'utf8')) as { kind: string }) : undefined;
  check('the report job still runs after failed shards and says "bad configuration" (exit 2), not "contract broken"', exitedWith2('ingo-nightly:report') && verdict?.kind === 'bad-configuration', verdict?.kind ?? 'no verdict.json');
}

function assertInstalled(): void {
  const missing = ['rsync', 'git'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) throw new Error(`gitlab-ci-local needs ${missing.join(' and ')}: apt-get install -y ${missing.join(' ')} (scripts/ci-pipelines.sh installs it when run as root)`);
  // The scratch copy links this node_modules: it must be the lockfile's, so no job reinstalls through the link.
  const lock = createHash('sha256').update(readFileSync(join(REPO, 'package-lock.json'))).digest('hex');
  const stamp = join(REPO, 'node_modules', '.installed-lock-sha256');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lock) throw new Error('node_modules does not match package-lock.json: run npm run setup first');
}

/** The working tree as a fresh clone would see it, with the nightly included as the docs say. */
function prepareScratchRepo(scratch: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(REPO, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(from, join(scratch, file));
  }
  // Tracked as a link in the scratch repository, so gitlab-ci-local copies it into every job's build directory.
  symlinkSync(join(REPO, 'node_modules'), join(scratch, 'node_modules'));
  writeFileSync(join(scratch, '.gitlab-ci.yml'), `include:\n  - local: ${GITLAB_PIPELINE}\n    inputs:\n      shards: ${SHARDS}\n`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=pipeline test', '-c', 'user.email=pipeline-test@localhost', ...args], { cwd: scratch, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'scratch copy for the pipeline test');
  git('remote', 'add', 'origin', 'git@gitlab.invalid:qa/ingopay-conformance.git');
}

/** Last night's history line, where GitLab's runner cache would hold it. */
function seedPreviousNight(scratch: string): HistoryEntry {
  const entry: HistoryEntry = {
    time: '2000-01-01T02:17:00.000Z',
    seed: 20000101,
    commit: null,
    profile: 'nightly',
    target: '(previous night)',
    openapiSha256: 'previous',
    verdict: 'conformant',
    counts: { passed: 0, failed: 0, infrastructureError: 0, notChecked: 0 },
    requirements: {},
  };
  const dir = join(scratch, '.gitlab-ci-local', 'cache', HISTORY_CACHE_KEY, 'reports', 'history');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
  return entry;
}

interface PipelineRun {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
  readonly createdAt: Date;
}

function runGitlabCiLocal(scratch: string, extraArgs: readonly string[] = []): Promise<PipelineRun> {
  const args = [
    '--import', join(REPO, 'scripts', 'lib', 'node20-set-union.mjs'),
    join(REPO, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js'),
    '--home', join(scratch, '.gitlab-ci-local-home'),
    // No Docker engine here: every job runs in a shell, each in its own copy of the repository.
    '--force-shell-executor', '--shell-isolation', '--no-artifacts-to-source',
    '--concurrency', '1', '--no-color', '--timestamps',
    '--variable', 'CI_PIPELINE_SOURCE=schedule', '--ignore-predefined-vars', 'CI_PIPELINE_SOURCE',
    // The shipped defaults target Ingo's UAT; here the harness starts its embedded simulator.
    '--variable', 'INGO_TARGET=mock', '--variable', 'INGO_BASE_URL=',
    ...(process.env['INGO_PIPELINE_GREP'] ? ['--variable', `INGO_NIGHTLY_GREP=${process.env['INGO_PIPELINE_GREP']}`] : []),
    ...extraArgs,
  ];
  const createdAt = new Date();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: scratch, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env['INGO_PIPELINE_VERBOSE']) process.stdout.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid!, 'SIGTERM');
      setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 10_000).unref();
    }, PIPELINE_TIME_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      // Nothing the pipeline started may outlive it (a simulator, a browser).
      killGroup(child.pid!, 'SIGKILL');
      resolve({ code, output, timedOut, createdAt });
    });
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** The developer's INGO_*, Playwright and .env settings must not leak into the pipeline's jobs. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(INGO_|PLAYWRIGHT_|GCL_)/.test(name)));
}

/** gitlab-ci-local's closing summary: " PASS  [ 42 s] job", " WARN  [ 1 s] job  pre_script", " FAIL  …". */
function jobResults(output: string): Map<string, string> {
  const results = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^\s(PASS|WARN|FAIL)\s+(?:\[[^\]]*\]\s+)?(.+?)(?:\s{2,}.*)?$/.exec(line);
    if (m) results.set(m[2]!.trim(), m[1]!);
  }
  return results;
}

function artifactFile(scratch: string, relativePath: string): string | undefined {
  const root = join(scratch, '.gitlab-ci-local', 'artifacts');
  if (!existsSync(root)) return undefined;
  const found = readdirSync(root).map((job) => join(root, job, relativePath)).filter((p) => existsSync(p));
  return found[0];
}

/** The blob a shard handed on (Playwright names it report-<projects>-<shard>.zip). */
function artifactZip(scratch: string, relativeDir: string): string | undefined {
  const dir = artifactFile(scratch, relativeDir);
  const zip = dir && statSync(dir).isDirectory() ? readdirSync(dir).find((f) => f.endsWith('.zip')) : undefined;
  return zip && join(dir!, zip);
}

function checkMergedArtifacts(scratch: string, createdAt: Date): void {
  const shardBlobs = Array.from({ length: SHARDS }, (_, i) => artifactZip(scratch, `blob-report/shard-${i + 1}`));
  check('each shard handed its blob report on as an artifact', shardBlobs.every(Boolean), shardBlobs.map((b, i) => `shard ${i + 1}: ${b ? 'yes' : 'missing'}`).join(', '));
  const reportFile = artifactFile(scratch, 'reports/conformance.json');
  check('the report job published reports/conformance.json', Boolean(reportFile));
  if (!reportFile) return;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
  const rules = loadContract().requirements.filter((r) => r.kind === 'rule').map((r) => r.id);
  const occurrences = (id: string) => report.requirements.filter((r) => r.id === id).length;
  const notOnce = rules.filter((id) => occurrences(id) !== 1);
  check(`the merged report lists each of the catalog's ${rules.length} rules exactly once`, notOnce.length === 0, notOnce.map((id) => `${id} ×${occurrences(id)}`).join(', '));
  const statuses = new Set(['passed', 'failed', 'infrastructure-error', 'not-checked', 'not-applicable']);
  const withoutStatus = report.requirements.filter((r) => r.kind === 'rule' && !statuses.has(r.status)).map((r) => `${r.id}: ${r.status}`);
  check('every rule has a status', withoutStatus.length === 0, withoutStatus.join(', '));
  check(`the merged report says it came from ${SHARDS} shards`, report.run.shards === SHARDS, `shards: ${report.run.shards}`);
  const nights = [createdAt, new Date(Date.now())].map(nightlySeed);
  check("it carries the night's seed (the pipeline's UTC date)", nights.includes(report.run.seed ?? -1), `seed ${report.run.seed}, expected ${nights.join(' or ')}`);
  check('it is a nightly run against the embedded simulator', report.run.profile === 'nightly' && report.run.target.mode === 'mock', `${report.run.profile}, ${report.run.target.mode}`);
  check('some checks ran and passed in the merged report', report.testCounts.passed > 0 && report.counts.passed > 0, JSON.stringify(report.testCounts));
  const verdictFile = artifactFile(scratch, 'reports/verdict.json');
  const verdict = verdictFile ? (JSON.parse(readFileSync(verdictFile, 'utf8')) as { code: number; kind: string; line: string }) : undefined;
  check('the verdict is "passed" (exit 0) against the clean simulator', verdict?.code === 0 && verdict.kind === 'passed', verdict ? `${verdict.kind} (exit ${verdict.code}): ${verdict.line}` : 'no verdict.json');
  const junitFile = artifactFile(scratch, 'reports/junit.xml');
  const junitTests = junitFile ? Number(/<testsuites[^>]*\btests="(\d+)"/.exec(readFileSync(junitFile, 'utf8'))?.[1] ?? NaN) : NaN;
  check('JUnit for the CI test view has one case per merged check', junitTests === report.testCounts.total, `junit ${junitTests}, report ${report.testCounts.total}`);
  check('the trend chart was drawn', Boolean(artifactFile(scratch, 'reports/history/trend.html')));
}

function checkHistoryCarried(scratch: string, previous: HistoryEntry): void {
  const read = (file: string | undefined) => (file && existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEntry) : []);
  const carried = (lines: HistoryEntry[]) => lines.length === 2 && lines[0]?.seed === previous.seed && lines[1]?.profile === 'nightly' && Object.keys(lines[1]?.requirements ?? {}).length > 0;
  const published = read(artifactFile(scratch, 'reports/history/history.jsonl'));
  check("the report's history continues the previous night's (restored from the cache)", carried(published), `${published.length} lines`);
  const cached = read(join(scratch, '.gitlab-ci-local', 'cache', HISTORY_CACHE_KEY, 'reports', 'history', 'history.jsonl'));
  check('the cache holds it for the next night', carried(cached), `${cached.length} lines`);
}

/** Names, sizes and times of every file under dir: equal before and after means untouched. */
function snapshot(dir: string): string {
  if (!existsSync(dir)) return '(absent)';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const s = statSync(join(dir, name));
      return `${name}:${s.size}:${s.mtimeMs}`;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  checkGithubWorkflow();
  checkHygiene();
  await checkGitlabPipeline();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.error(`\nci pipelines: ${failures.length} of ${checks} checks failed (${seconds} s): ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`\nci pipelines: all ${checks} checks hold (${seconds} s)`);
}

main().catch((error) => {
  console.error(`ci pipelines: ${(error as Error).message}`);
  process.exit(1);
});
