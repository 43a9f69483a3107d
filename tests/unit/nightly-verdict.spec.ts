// The sharded nightly's verdict (scripts/lib/nightly-verdict.ts): the exit code a CI maps to what it
// shows. Only a contract failure may read "contract broken"; missing shards, a missing report or a
// leaked secret are pipeline errors, and none of them may hide a contract failure.
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../src/report/model.ts';
import { kindOfExitCode, nightlyVerdict, PIPELINE_ERROR, verdictOfExitCode } from '../../scripts/lib/nightly-verdict.ts';

function report(counts: { failed?: number; infrastructureError?: number }, failedIds: string[] = [], playwrightStatus = 'passed'): ConformanceReport {
  const c = { passed: 10, failed: counts.failed ?? 0, infrastructureError: counts.infrastructureError ?? 0, notChecked: 0 };
  return {
    counts: c,
    testCounts: { total: 20, passed: 20, failed: c.failed, infrastructureError: c.infrastructureError },
    requirements: failedIds.map((id) => ({ id, kind: 'rule', status: 'failed' })),
    run: { seed: 20261130, shards: 2, playwrightStatus },
  } as unknown as ConformanceReport;
}

test.describe('nightly verdict', () => {
  test('each exit code of npm run conformance keeps its meaning; any other is a harness or pipeline error', () => {
    expect([0, 1, 2, 3].map(kindOfExitCode)).toEqual(['passed', 'contract-broken', 'bad-configuration', 'infrastructure']);
    for (const code of [PIPELINE_ERROR, 5, 127, 137, 255]) expect(kindOfExitCode(code)).toBe('harness-error');
  });

  test('a clean merged report from every shard passes', () => {
    const v = nightlyVerdict({ report: report({}), expectedShards: 2, deliveredShards: 2 });
    expect(v).toMatchObject({ code: 0, kind: 'passed' });
    expect(v.line).toContain('seed 20261130');
  });

  test('failed rules are "contract broken" and named, even when a shard is missing too', () => {
    const v = nightlyVerdict({ report: report({ failed: 1, infrastructureError: 3 }, ['SM-VAL-STATE']), expectedShards: 3, deliveredShards: 2 });
    expect(v).toMatchObject({ code: 1, kind: 'contract-broken' });
    expect(v.line).toContain('SM-VAL-STATE');
    expect(v.line).toContain('only 2 of 3 shards');
  });

  test('infrastructure errors alone are not a contract failure', () => {
    const v = nightlyVerdict({ report: report({ infrastructureError: 4 }), expectedShards: 2, deliveredShards: 2 });
    expect(v).toMatchObject({ code: 3, kind: 'infrastructure' });
    expect(v.title).toContain('not a contract failure');
  });

  test('a missing shard makes an otherwise clean night a pipeline error, not a pass', () => {
    const v = nightlyVerdict({ report: report({}), expectedShards: 4, deliveredShards: 3 });
    expect(v).toMatchObject({ code: PIPELINE_ERROR, kind: 'harness-error' });
    expect(v.line).toContain('only 3 of 4 shards');
  });

  test('a run Playwright did not finish cleanly is no pass, even when no check failed', () => {
    for (const status of ['failed', 'timedout', 'interrupted']) {
      expect(nightlyVerdict({ report: report({}, [], status), expectedShards: 2, deliveredShards: 2 })).toMatchObject({ code: PIPELINE_ERROR, line: expect.stringContaining(status) });
    }
    expect(nightlyVerdict({ report: report({ infrastructureError: 1 }, [], 'failed'), expectedShards: 2, deliveredShards: 2 }).code).toBe(3);
  });

  test('no blob or no merged report is a pipeline error', () => {
    expect(nightlyVerdict({ expectedShards: 2, deliveredShards: 0 })).toMatchObject({ code: PIPELINE_ERROR, line: expect.stringContaining('no shard delivered') });
    expect(nightlyVerdict({ expectedShards: 2, deliveredShards: 2, mergeExitCode: 1 })).toMatchObject({ code: PIPELINE_ERROR, line: expect.stringContaining('exit 1') });
  });

  test('a secret in the merged reports is a harness error that still mentions the failures found', () => {
    const v = nightlyVerdict({ report: report({ failed: 2 }, ['A', 'B']), expectedShards: 2, deliveredShards: 2, secretHits: ['reports/conformance.html'] });
    expect(v).toMatchObject({ code: PIPELINE_ERROR, kind: 'harness-error' });
    expect(v.line).toContain('reports/conformance.html');
    expect(v.line).toContain('2 failed rules');
  });

  test('only a contract failure is titled "contract broken"', () => {
    expect(verdictOfExitCode(1, '').title).toMatch(/^contract broken/i);
    for (const code of [0, 2, 3, 4, 9]) expect(verdictOfExitCode(code, '').title).not.toMatch(/contract broken/i);
  });
});
