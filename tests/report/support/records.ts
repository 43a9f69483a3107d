// Builds TestRecords and reports by hand, for the pure parts of the reporter.
import { loadContract } from '../../../src/contract/index.ts';
import { assembleReport } from '../../../src/report/assemble.ts';
import type { ConformanceReport, RunInfo, TestRecord } from '../../../src/report/model.ts';

let next = 0;

export function record(partial: Partial<TestRecord> & Pick<TestRecord, 'outcome'>): TestRecord {
  next += 1;
  return {
    id: `t${next}`,
    title: `check ${next}`,
    titlePath: ['api', 'x.spec.ts', `check ${next}`],
    project: 'api',
    file: 'tests/contract/x.spec.ts',
    line: next,
    tags: (partial.requirementIds ?? []).map((id) => `@${id}`),
    requirementIds: [],
    checkFailures: [],
    ruleVerdicts: [],
    harnessErrors: [],
    durationMs: 5,
    retries: 0,
    flaky: false,
    errors: [],
    observations: [],
    drift: [],
    warnings: [],
    evidence: [],
    evidenceCount: 0,
    documents: [],
    screenshots: [],
    reproduction: { command: 'npx playwright test' },
    ...partial,
  };
}

export function runInfo(partial: Partial<RunInfo> = {}): RunInfo {
  return {
    title: 'test',
    generatedAt: '2026-01-02T03:04:05.000Z',
    startedAt: '2026-01-02T03:00:00.000Z',
    durationMs: 1000,
    profile: 'default',
    seed: 7,
    target: { mode: 'mock', baseUrl: '(embedded simulator)' },
    harnessVersion: '0.0.0',
    gitCommit: 'abc',
    gitDirty: false,
    openapi: { path: 'openapi/session-management.yaml', sha256: 'f'.repeat(64) },
    projects: ['api', 'browser'],
    filters: [],
    playwrightStatus: 'passed',
    shards: 1,
    ...partial,
  };
}

/** Every rule passed by one check each, every observation observed: the best possible run. */
export function perfectRecords(): TestRecord[] {
  return loadContract().requirements.map((r) =>
    r.kind === 'rule'
      ? record({ outcome: 'passed', requirementIds: [r.id] })
      : record({ outcome: 'passed', requirementIds: [r.id], observations: [{ id: r.id, observed: 'seen' }] }),
  );
}

export function reportOf(tests: TestRecord[], run: Partial<RunInfo> = {}): ConformanceReport {
  return assembleReport(loadContract().requirements, tests, runInfo(run));
}
