// The shape of reports/conformance.json. The HTML report, the certificate, the nightly history and
// the terminal summary are all rendered from this one object, so they never disagree.
import type { CheckFailureNote, RuleVerdictNote } from './annotations.ts';
import type { ExchangeEvidence } from './evidence.ts';
import type { RunContext } from './run-context.ts';

/** Per requirement. Rules end passed/failed/…; observations only observed / not-observed. */
export type RequirementStatus =
  | 'passed'
  | 'failed'
  | 'infrastructure-error'
  | 'not-checked'
  | 'not-applicable'
  | 'observed'
  | 'not-observed';

/**
 * Per test, after classifying its final result. 'harness-error': the harness itself broke (a check
 * threw, a TypeError in a test): not a verdict on the server, and its rules stay unchecked.
 */
export type TestOutcome = 'passed' | 'failed' | 'infrastructure-error' | 'harness-error' | 'not-checked' | 'not-applicable' | 'interrupted';

export type VerdictCode = 'conformant' | 'not-conformant' | 'checks-failed' | 'harness-error' | 'inconclusive' | 'incomplete';

/** One exchange as the report keeps it: the attached evidence (src/report/evidence.ts), read back tolerantly. */
export interface ExchangeSummary {
  readonly label: string;
  /** A check failed on this exchange; the reproduction replays the last such one. */
  readonly failing?: boolean;
  readonly request: ExchangeEvidence['request'];
  readonly response: { status: number; headers: Record<string, string>; body: unknown; elapsedMs?: number };
  /** How the answer came about (a 503 kept while a probe was answered), or why part of the exchange is missing. */
  readonly note?: string;
}

/** What a browser check saw of one document ('browser evidence: …' attachments). */
export interface DocumentSummary {
  readonly label: string;
  readonly verdict: string;
  readonly requestedUrl: string;
  readonly status: number | null;
  readonly headers: Record<string, string>;
  readonly failure: string | null;
}

export interface TestRecord {
  /** Stable across shards: Playwright's test id. */
  readonly id: string;
  readonly title: string;
  /** project › file › describe › title */
  readonly titlePath: readonly string[];
  readonly project: string;
  /** Relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly tags: readonly string[];
  readonly requirementIds: readonly string[];
  readonly outcome: TestOutcome;
  /** Failures the checks recorded (each with the rules its exchange broke), whatever ended the test. */
  readonly checkFailures: readonly CheckFailureNote[];
  /** Per-rule verdicts from the test's own exchanges (declared ones override its tag list). */
  readonly ruleVerdicts: readonly RuleVerdictNote[];
  /** The harness's own errors recorded during the test (a check that threw). */
  readonly harnessErrors: readonly string[];
  /** The skip reason without its 'not checked:' / 'not applicable:' prefix. */
  readonly reason?: string;
  readonly durationMs: number;
  readonly retries: number;
  readonly flaky: boolean;
  /** Secret-scrubbed, ANSI-free messages (ajv violations appear here when a check quotes them). */
  readonly errors: readonly string[];
  readonly observations: ReadonlyArray<{ id: string; observed: string }>;
  readonly drift: ReadonlyArray<{ path: string; observed: string }>;
  readonly warnings: readonly string[];
  readonly evidence: readonly ExchangeSummary[];
  /** How many evidence attachments there were (evidence is capped per test). */
  readonly evidenceCount: number;
  readonly documents: readonly DocumentSummary[];
  /** Report-relative paths of copied screenshots. */
  readonly screenshots: readonly string[];
  readonly reproduction: Reproduction;
}

export interface Reproduction {
  /** Re-runs this one test with the run's seed and target (no secret). */
  readonly command: string;
  /** Replays the failing request with curl (the last recorded one when no check failed on an exchange). */
  readonly curl?: string;
  /** Which exchange the curl replays, and why that one. */
  readonly replays?: string;
}

export interface RequirementResult {
  readonly id: string;
  readonly kind: 'rule' | 'observation';
  readonly statement: string;
  readonly source: string;
  readonly status: RequirementStatus;
  /** Why it ended so (a skip reason, the first error, "no test ran for it"). */
  readonly why?: string;
  /** Observations: what was seen, with how many checks saw it. */
  readonly observed?: ReadonlyArray<{ value: string; count: number }>;
  readonly testIds: readonly string[];
  readonly counts: { passed: number; failed: number; infrastructure: number; skipped: number };
  /** Re-runs every check of this requirement. */
  readonly command: string;
}

/** The run's context (profile, seed, target, commit, OpenAPI) and what Playwright made of it. */
export interface RunInfo extends RunContext {
  readonly title: string;
  readonly generatedAt: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly projects: readonly string[];
  /** What narrowed the run (grep, shard, projects), empty for a full run. */
  readonly filters: readonly string[];
  readonly playwrightStatus: string;
  readonly shards: number;
  /** The Playwright config, when not the repository's default one (commands then pass -c). */
  readonly configFile?: string;
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly infrastructureError: number;
  readonly notChecked: number;
  readonly notApplicable: number;
  readonly observed: number;
  readonly notObserved: number;
  readonly rules: number;
  readonly observations: number;
}

export interface TestCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly infrastructureError: number;
  readonly harnessError: number;
  readonly notChecked: number;
  readonly notApplicable: number;
  readonly interrupted: number;
  readonly flaky: number;
}

export interface DriftWarning {
  readonly path: string;
  readonly observed: string;
  readonly testIds: readonly string[];
}

export interface ConformanceReport {
  readonly schemaVersion: 1;
  readonly run: RunInfo;
  readonly verdict: { code: VerdictCode; line: string };
  readonly counts: Counts;
  readonly testCounts: TestCounts;
  readonly requirements: readonly RequirementResult[];
  readonly tests: readonly TestRecord[];
  readonly drift: readonly DriftWarning[];
  readonly warnings: ReadonlyArray<{ message: string; testId?: string }>;
  /** Errors outside any check (a spec that failed to load, a worker that crashed): the harness broke. */
  readonly runErrors: readonly string[];
  /** Nightly only: requirements that passed in the previous recorded run and do not now. */
  readonly newSinceLastRun?: ReadonlyArray<{ id: string; before: RequirementStatus; now: RequirementStatus }>;
}
