// The conformance reporter: a Playwright reporter plugin (like 'junit' or 'html') that turns a run of
// the api and browser projects into reports/conformance.json and .html (plus the nightly history and
// the certificate, by profile). It keeps only what Playwright reports, so it works the same in a
// normal run and under `playwright merge-reports`, where the tests of every shard arrive together.
import { relative } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { loadContract, type Requirement } from '../contract/index.ts';
import { assembleReport } from './assemble.ts';
import type { RunInfo, TestRecord } from './model.ts';
import { toTestRecord } from './records.ts';
import { readRunContext, REPO_ROOT, type RunContext } from './run-context.ts';
import { CONFORMANCE_PROJECTS, runFilters } from './run-filters.ts';
import { knownSecrets, scrubSecrets, stripAnsi } from './secret-forms.ts';
import { maskPersonalFieldsInText } from './redact.ts';
import { writeReports } from './write-reports.ts';
import { reportsDirOf } from './reports-dir.ts';

export interface ConformanceReporterOptions {
  /** Where to write; default INGO_REPORTS_DIR or ./reports. */
  readonly outputDir?: string;
  /** Projects whose tests are conformance checks; '*' takes every project (the reporter's own fixtures). */
  readonly projects?: readonly string[] | '*';
  /** Print the report's location when done (off when a progress reporter prints the summary). */
  readonly quiet?: boolean;
}

export default class ConformanceReporter implements Reporter {
  private config!: FullConfig;
  private context!: RunContext & { configFile?: string };
  private filters: string[] = [];
  private startedAt = new Date();
  private readonly records = new Map<string, TestRecord>();
  /** Errors outside any test (a spec that did not load, a worker that crashed): the harness broke. */
  private readonly runErrors: string[] = [];
  private selectedProjects: string[] = [];
  private readonly reportsDir: string;
  private readonly secrets = knownSecrets();
  private readonly projects: readonly string[] | '*';

  private readonly options: ConformanceReporterOptions;

  constructor(options: ConformanceReporterOptions = {}) {
    this.reportsDir = reportsDirOf(options.outputDir);
    // Under `npm run conformance` the summary names the reports; a bare playwright run gets a pointer.
    this.options = { quiet: process.env['INGO_PROGRESS'] === '1', ...options };
    this.projects = options.projects ?? CONFORMANCE_PROJECTS;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.selectedProjects = suite.suites.map((s) => s.title);
    this.startedAt = new Date();
    const recordedConfig = (config.metadata['ingo'] as { configFile?: string } | undefined)?.configFile;
    const configFile = config.configFile ? relative(REPO_ROOT, config.configFile) : recordedConfig;
    this.context = { ...readRunContext(config.metadata), ...(configFile && configFile !== 'playwright.config.ts' && { configFile }) };
    const recorded = (config.metadata['ingo'] as { filters?: string[] } | undefined)?.filters;
    // After merge-reports the shards together are the whole run: their shard filters no longer apply.
    this.filters = (recorded ?? runFilters(process.argv)).filter((f) => !(this.shardCount() > 1 && f.startsWith('shard ')));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '';
    if (this.projects !== '*' && !this.projects.includes(project)) return;
    // Retries report each attempt; the last one is the test's result.
    const options = { rootDir: REPO_ROOT, reportsDir: this.reportsDir, secrets: this.secrets, context: this.context };
    try {
      this.records.set(test.id, toTestRecord(test, result, options));
    } catch (error) {
      // A check must never vanish from the matrix because its evidence was odd: keep it without.
      const bare = { ...result, attachments: [] };
      const record = toTestRecord(test, bare, options);
      this.records.set(test.id, { ...record, warnings: [...record.warnings, `its evidence could not be read: ${(error as Error).message}`] });
    }
  }

  onError(error: TestError): void {
    const message = maskPersonalFieldsInText(scrubSecrets(stripAnsi(error.message ?? String(error.value ?? 'unknown error')), this.secrets));
    // Nothing selected is the person's narrowing, not a broken harness.
    if (/^(?:Error: )?No tests found/.test(message)) return;
    this.runErrors.push(message);
  }

  async onEnd(result: FullResult): Promise<void> {
    // A run of the harness's own test projects (npm test) is not a conformance run: leave reports alone.
    // A conformance run whose suites did not even load is one: its report says the harness broke.
    const conformanceRun = this.projects === '*' || this.requested().some((p) => this.projects.includes(p));
    if (this.records.size === 0 && !(this.runErrors.length > 0 && conformanceRun)) return;
    const catalog = this.catalog();
    const tests = [...this.records.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.project.localeCompare(b.project));
    const run: RunInfo = {
      title: 'IngoPay Session Management API — conformance report',
      generatedAt: new Date().toISOString(),
      startedAt: new Date(result.startTime ?? this.startedAt).toISOString(),
      durationMs: result.duration,
      profile: this.context.profile,
      seed: this.context.seed,
      target: this.context.target,
      harnessVersion: this.context.harnessVersion,
      gitCommit: this.context.gitCommit,
      gitDirty: this.context.gitDirty,
      openapi: this.context.openapi,
      projects: [...new Set(tests.map((t) => t.project))].sort(),
      filters: this.filters,
      playwrightStatus: result.status,
      shards: this.shardCount(),
      ...(this.context.configFile && { configFile: this.context.configFile }),
    };
    const written = writeReports(this.reportsDir, assembleReport(catalog, tests, run, conformanceRun ? this.runErrors : []), catalog, this.secrets);
    if (!this.options.quiet) console.log(`Conformance report: ${relative(process.cwd(), written.files.find((f) => f.endsWith('conformance.html'))!)}`);
  }

  /** The projects this run is for: those that loaded, or, when nothing loaded, those asked for (all by default). */
  private requested(): string[] {
    if (this.selectedProjects.length > 0) return this.selectedProjects;
    const asked = process.argv.flatMap((arg, i) => (arg === '--project' ? [process.argv[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : []));
    return asked.length > 0 ? asked : (this.config?.projects ?? []).map((p) => p.name);
  }

  private catalog(): readonly Requirement[] {
    return loadContract().requirements;
  }

  private shardCount(): number {
    const shard = (this.config?.metadata?.['ingo'] as { shard?: { total: number } } | undefined)?.shard;
    return shard?.total ?? this.config?.shard?.total ?? 1;
  }
}
