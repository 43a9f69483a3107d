import { expect, test } from '@playwright/test';
import { TransportError } from '../../src/client/transport.ts';
import { classifyOutcome, isInfrastructureError } from '../../src/report/classify.ts';
import { runFilters } from '../../src/report/run-filters.ts';

test.describe('classifying a finished check', () => {
  test('TransportError and network failures are infrastructure, assertion failures are conformance', () => {
    expect(isInfrastructureError(new TransportError('timeout', 'http://x', 'headers timeout').message)).toBe(true);
    expect(isInfrastructureError('page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/')).toBe(true);
    expect(isInfrastructureError('apiRequestContext.fetch: connect ECONNREFUSED 127.0.0.1:9')).toBe(true);
    expect(isInfrastructureError('Error: expect(received).toBe(expected) // 13400 vs 100')).toBe(false);
    expect(classifyOutcome({ status: 'failed', errors: ['Error: expected 401, got 200'] })).toEqual({ outcome: 'failed' });
    expect(classifyOutcome({ status: 'failed', errors: ['TransportError: infrastructure error (dns): getaddrinfo ENOTFOUND'] }).outcome).toBe('infrastructure-error');
    expect(classifyOutcome({ status: 'timedOut', errors: [] }).outcome).toBe('infrastructure-error');
  });

  test('skips: "not checked:" and "not applicable:" carry their reason; any other skip is not checked', () => {
    expect(classifyOutcome({ status: 'skipped', errors: [], skipReason: 'not checked: mock mode only' })).toEqual({ outcome: 'not-checked', reason: 'mock mode only' });
    expect(classifyOutcome({ status: 'skipped', errors: [], skipReason: 'not applicable: not PayPal-enabled' })).toEqual({ outcome: 'not-applicable', reason: 'not PayPal-enabled' });
    expect(classifyOutcome({ status: 'skipped', errors: [], skipReason: 'flaky on CI' })).toEqual({ outcome: 'not-checked', reason: 'skipped: flaky on CI' });
    expect(classifyOutcome({ status: 'skipped', errors: [] })).toEqual({ outcome: 'not-checked', reason: 'skipped without a reason' });
  });
});

test.describe('what narrowed a run', () => {
  const argv = (...args: string[]) => ['node', 'cli.js', 'test', ...args];
  test('the full conformance projects are no filter; grep, shard, files and a single project are', () => {
    expect(runFilters(argv('--project', 'api', '--project', 'browser', '--workers', '4'))).toEqual([]);
    expect(runFilters(argv('--project', 'api', '--grep', '@SM-VAL-STATE'))).toEqual(['grep @SM-VAL-STATE', 'projects api only']);
    expect(runFilters(argv('--shard=2/3', 'tests/contract/host.spec.ts:12', '-c', 'x.config.ts'))).toEqual(['shard 2/3', 'file tests/contract/host.spec.ts:12']);
    expect(runFilters(['node', 'cli.js', 'merge-reports', './blob-report'])).toEqual([]);
  });
});
