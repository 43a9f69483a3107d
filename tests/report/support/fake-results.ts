// Fake Playwright results (a TestCase and its final TestResult) as the conformance reporter receives
// them, so a test can show how one finished check is filed: what its errors, annotations and
// attachments make of it, through the same path (toTestRecord) as a real run.
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { CHECK_FAILURE, HARNESS_ERROR, IN_FLIGHT, RULE_VERDICT, type CheckFailureNote, type RuleVerdictNote } from '../../../src/report/annotations.ts';
import type { ExchangeEvidence } from '../../../src/report/evidence.ts';
import { REPO_ROOT } from '../../../src/report/run-context.ts';
import { toTestRecord } from '../../../src/report/records.ts';
import type { TestRecord } from '../../../src/report/model.ts';
import { tempDir } from './spawn.ts';

export interface FakeResult {
  readonly title?: string;
  readonly project?: string;
  readonly tags?: readonly string[];
  readonly status: TestResult['status'];
  readonly errors?: readonly string[];
  readonly annotations?: ReadonlyArray<{ type: string; description?: string }>;
  readonly evidence?: readonly ExchangeEvidence[];
  readonly documents?: ReadonlyArray<Record<string, unknown>>;
}

let next = 0;

export function fakeCase(fake: FakeResult): { test: TestCase; result: TestResult } {
  next += 1;
  const title = fake.title ?? `fake check ${next}`;
  const project = fake.project ?? 'api';
  const test = {
    id: `fake-${next}`,
    title,
    titlePath: () => ['', project, 'fake.spec.ts', title],
    parent: { project: () => ({ name: project }) },
    location: { file: `${REPO_ROOT}/tests/contract/fake.spec.ts`, line: next, column: 1 },
    tags: [...(fake.tags ?? [])],
    annotations: [],
    outcome: () => (fake.status === 'passed' ? 'expected' : fake.status === 'skipped' ? 'skipped' : 'unexpected'),
  } as unknown as TestCase;
  const attachments = [
    ...(fake.evidence ?? []).map((e) => ({ name: `evidence: ${e.label}`, contentType: 'application/json', body: Buffer.from(JSON.stringify(e)) })),
    ...(fake.documents ?? []).map((d) => ({ name: `browser evidence: ${String(d['label'])}`, contentType: 'application/json', body: Buffer.from(JSON.stringify(d)) })),
  ];
  const result = {
    status: fake.status,
    errors: (fake.errors ?? []).map((message) => ({ message })),
    annotations: [...(fake.annotations ?? [])],
    attachments,
    duration: 10,
    retry: 0,
    startTime: new Date(),
    steps: [],
    stdout: [],
    stderr: [],
    parallelIndex: 0,
    workerIndex: 0,
  } as unknown as TestResult;
  return { test, result };
}

const reportsDir = tempDir('fake-results');

export type FakeTarget = Parameters<typeof toTestRecord>[2]['context']['target'];

const UAT: FakeTarget = { mode: 'remote', baseUrl: 'https://uat.example.com', username: 'acme', hostUri: 'https://app.acme.com', paypalEnabled: true, algorithm: 'hmac-sha512' };

/** Files one fake result as the conformance reporter would. */
export function filed(fake: FakeResult, target: FakeTarget = UAT, secrets: readonly string[] = ['fake-secret-never-shown']): TestRecord {
  const { test, result } = fakeCase(fake);
  return toTestRecord(test, result, { rootDir: REPO_ROOT, reportsDir, secrets, context: { profile: 'default', seed: 7, target } });
}

export const checkFailure = (note: Omit<CheckFailureNote, 'count'> & { count?: number }) => ({ type: CHECK_FAILURE, description: JSON.stringify({ count: 1, ...note }) });
/** A check that failed on one rule: the ContractCheckError a test throws, and its check-failure annotation. */
export function contractFailure(f: { rule: string; check: string; label: string; detail?: string }): { errors: string[]; annotation: ReturnType<typeof checkFailure> } {
  const detail = f.detail === undefined ? '' : `:\n[${f.rule}] ${f.check}: ${f.detail}`;
  return {
    errors: [`ContractCheckError: contract check failed (${f.rule}) for "${f.label}"${detail}`],
    annotation: checkFailure({ requirementIds: [f.rule], checks: [f.check], label: f.label }),
  };
}
export const ruleVerdict = (note: RuleVerdictNote) => ({ type: RULE_VERDICT, description: JSON.stringify(note) });
export const harnessError = (message: string) => ({ type: HARNESS_ERROR, description: message });
export const inFlight = (description: string) => ({ type: IN_FLIGHT, description });

/** A declared per-rule verdict, as the recorder writes it. */
export function declared(id: string, exercised: number, failed = 0, extra: Partial<RuleVerdictNote> = {}): ReturnType<typeof ruleVerdict> {
  const verdict = failed > 0 ? 'failed' : exercised > 0 ? 'passed' : 'not-checked';
  return ruleVerdict({ id, verdict, exercised, failed, declared: true, ...(verdict === 'not-checked' && { reason: 'no generated case broke it (up to 800 cases)' }), ...extra });
}
