// The pure parts of `npm run personalities` and `npm run mutation` (scripts/lib): which personalities
// a command line asks for, what environment the harness gets for each, how a fault counts as killed
// (strictly: its own rule failed; loosely: anything failed), and the matrix a person reads.
import { ITEMS } from '../../src/cli/onboarding/checklist.ts';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../src/report/model.ts';
import { combineKills, judgeKill } from '../../scripts/lib/fault-kill.ts';
import { UsageError } from '../../src/cli/flags.ts';
import { mockEnv, remoteEnv, takePersonalities } from '../../scripts/lib/personality-env.ts';
import { fromOnboarding, fromReport, renderMatrix, runPassed } from '../../scripts/lib/personality-matrix.ts';
import type { RunResult } from '../../scripts/lib/playwright-run.ts';
import { PERSONALITIES } from '../../src/mock/index.ts';

test.describe('choosing personalities', () => {
  test('--personality is repeatable, --personalities takes all or a list; the rest is left alone', () => {
    const names = (argv: string[]) => takePersonalities(argv, ['default']).personalities.map((p) => p.name);
    expect(names([])).toEqual(['default']);
    expect(names(['--personality', 'legacy-200', '--personality=slow-cloud'])).toEqual(['legacy-200', 'slow-cloud']);
    expect(names(['--personalities=all'])).toEqual(PERSONALITIES.map((p) => p.name));
    expect(names(['--personalities', 'strict-gateway,legacy-200,strict-gateway'])).toEqual(['strict-gateway', 'legacy-200']);
    expect(takePersonalities(['x', '--parallel=3', '--personality', 'default'], []).rest).toEqual(['x', '--parallel=3']);
  });

  test('an unknown name or a missing value is a usage error naming the valid ones', () => {
    expect(() => takePersonalities(['--personality', 'nope'], [])).toThrow(UsageError);
    expect(() => takePersonalities(['--personality', 'nope'], [])).toThrow(/valid names: default, strict-gateway/);
    expect(() => takePersonalities(['--personality'], [])).toThrow(/needs a value/);
  });

  test('the harness gets the demo participants and the personality\'s harnessEnv, nothing else', () => {
    const legacy = PERSONALITIES.find((p) => p.name === 'legacy-200')!;
    const env = remoteEnv('http://127.0.0.1:4010', legacy);
    expect(env).toMatchObject({ INGO_TARGET: 'remote', INGO_BASE_URL: 'http://127.0.0.1:4010', INGO_HMAC_USERNAME: 'demo-paypal', INGO_PAYPAL_ENABLED: 'true', INGO_SECONDARY_HMAC_USERNAME: 'demo-standard', INGO_SECONDARY_PAYPAL_ENABLED: 'false', ...legacy.harnessEnv });
    expect(Object.keys(legacy.harnessEnv).length).toBeGreaterThan(0);
    expect(mockEnv(legacy)).toEqual({ INGO_TARGET: 'mock', INGO_MOCK_PERSONALITY: 'legacy-200', ...legacy.harnessEnv });
  });
});

function run(failed: Array<{ status?: string }>, requirements: Array<{ id: string; status: string; why?: string }> | undefined, timedOut = false): RunResult {
  const failures = failed.map((f, i) => ({ title: `test ${i}`, file: '/repo/tests/contract/x.spec.ts', tags: [], status: f.status ?? 'failed' }));
  return {
    exitCode: failed.length ? 1 : 0,
    wallMs: 1000,
    passed: 3,
    failed: failures.length,
    skipped: 0,
    failures,
    timedOut,
    ...(requirements && { report: { requirements: requirements.map((r) => ({ kind: 'rule', ...r })) } as unknown as ConformanceReport }),
  };
}

test.describe('counting a fault as killed', () => {
  const ids = ['SM-VAL-STATE'];

  test('strict: a rule of the fault failed in the conformance report', () => {
    const verdict = judgeKill(run([{}], [{ id: 'SM-VAL-STATE', status: 'failed', why: '1 of 2 checks failed: ...' }]), ids);
    expect(verdict).toMatchObject({ strict: true, loose: true });
    expect(verdict.killedBy).toContain('SM-VAL-STATE');
  });

  test('only loose: another rule failed, or a rule of the fault ended as infrastructure error or not checked', () => {
    expect(judgeKill(run([{}], [{ id: 'SM-VAL-ZIP', status: 'failed' }, { id: 'SM-VAL-STATE', status: 'passed' }]), ids)).toMatchObject({ strict: false, loose: true });
    expect(judgeKill(run([{ status: 'timedOut' }], [{ id: 'SM-VAL-STATE', status: 'infrastructure-error' }]), ids)).toMatchObject({ strict: false, loose: true });
    expect(judgeKill(run([{}], [{ id: 'SM-VAL-STATE', status: 'not-checked' }]), ids).killedBy).toContain('no rule failed');
  });

  test('neither: nothing failed, the run broke, or it produced no report', () => {
    expect(judgeKill(run([], [{ id: 'SM-VAL-STATE', status: 'passed' }]), ids)).toMatchObject({ strict: false, loose: false });
    expect(judgeKill(run([{ status: 'broken' }], undefined), ids)).toMatchObject({ strict: false, loose: false });
    expect(judgeKill(run([], undefined, true), ids).killedBy).toBe('(run timed out)');
  });

  test('several runs for one fault: killed if any run killed it, in each sense', () => {
    const loose = judgeKill(run([{}], [{ id: 'SM-VAL-ZIP', status: 'failed' }]), ids);
    const strict = judgeKill(run([{}], [{ id: 'SM-VAL-STATE', status: 'failed' }]), ids);
    expect(combineKills([loose, strict])).toMatchObject({ strict: true, loose: true, killedBy: strict.killedBy });
    expect(combineKills([loose])).toMatchObject({ strict: false, loose: true });
  });
});

test.describe('the personalities matrix', () => {
  const base = { personality: 'slow-cloud', exitCode: 0, seconds: 42, timedOut: false, reportsDir: 'r', logFile: 'r/run.log' };

  test('an onboarding checklist is read from its output; a skipped item is listed, not failed', () => {
    const output = [
      'IngoPay onboarding checklist for demo-paypal against http://127.0.0.1:1',
      '– Clock offset to the server: the server sent no Date header, so the offset cannot be measured',
      '✔ Credentials accepted: accepted (HTTP 200, status 100)',
      '✘ Authorized URL expires: after its expiry the same URL loaded',
      '',
      '1 of 8 passed, 1 failed in 33.0 s.',
    ].join('\n');
    const parsed = fromOnboarding({ ...base, profile: 'onboarding', exitCode: 1 }, output);
    expect(parsed.checklist).toEqual({ passed: 1, failed: 1, skipped: 1, total: ITEMS.length });
    expect(parsed.failures).toEqual([{ id: 'onboarding:expires', why: 'after its expiry the same URL loaded' }]);
    expect(parsed.notChecked.map((n) => n.id)).toEqual(['onboarding:clock']);
    expect(runPassed(parsed)).toBe(false);
  });

  test('a suite run is read from its report: counts, failures with rule and message, not checked with why', () => {
    const report = {
      verdict: { line: 'NOT CONFORMANT: 1 of 3 rules failed.' },
      counts: { passed: 1, failed: 1, notChecked: 1, infrastructureError: 0, notApplicable: 0, rules: 3, observed: 4, observations: 5 },
      requirements: [
        { id: 'SM-A', kind: 'rule', status: 'passed' },
        { id: 'SM-B', kind: 'rule', status: 'failed', why: 'expected 401, got HTTP 200\nmore' },
        { id: 'SM-IDEM-TTL', kind: 'rule', status: 'not-checked', why: "needs the simulator's virtual clock" },
        { id: 'OBS-X', kind: 'observation', status: 'observed' },
      ],
      tests: [],
      runErrors: [],
    } as unknown as ConformanceReport;
    const parsed = fromReport({ ...base, profile: 'default', exitCode: 1 }, report, '');
    expect(parsed.rules).toMatchObject({ passed: 1, failed: 1, notChecked: 1, infrastructure: 0, total: 3 });
    expect(parsed.failures).toEqual([{ id: 'SM-B', why: 'expected 401, got HTTP 200' }]);
    const matrix = renderMatrix([parsed, fromReport({ ...base, personality: 'default', profile: 'default' }, undefined, 'boom')]);
    expect(matrix).toMatch(/slow-cloud\s+default\s+FAIL \(exit 1\)\s+1\s+1\s+1\s+0\s+0\s+4\/5\s+42 s/);
    expect(matrix).toContain('slow-cloud / default  SM-B: expected 401, got HTTP 200');
    expect(matrix).toContain("SM-IDEM-TTL: needs the simulator's virtual clock");
    expect(matrix).toContain('default / default: no conformance report was written');
  });
});
