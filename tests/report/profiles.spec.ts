// The profiles' artifacts, through real runs of the sample checks: the nightly history and trend with
// "new since last night", and the certification run's certificate.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Certificate } from '../../src/report/certificate.ts';
import type { ConformanceReport } from '../../src/report/model.ts';
import { nightlySeed, planRun } from '../../src/cli/profiles.ts';
import { FIXTURE_CONFIG, playwright, tempDir } from './support/spawn.ts';

test.describe.configure({ timeout: 120_000 });

const base = { INGO_TARGET: 'mock' };

test('seeds: nightly is the UTC date unless INGO_SEED is set; the others are random and recorded', () => {
  const night = new Date('2026-11-23T23:59:59Z');
  expect(nightlySeed(night)).toBe(20261123);
  expect(planRun('nightly', {}, night)).toMatchObject({ seed: 20261123, projects: ['api', 'browser'] });
  expect(planRun('nightly', { INGO_SEED: '5' }, night).seed).toBe(5);
  expect(planRun('default', {}, night, () => 0.5).seed).toBe(Math.floor(0.5 * 0x7fffffff));
  expect(planRun('certification', {}, night).extras).toEqual(['certificate.html', 'certificate.json']);
});

test('nightly: each run appends to the history, the trend is redrawn, and what broke since last night is named', async () => {
  const reports = tempDir('nightly');
  const env = { ...base, INGO_PROFILE: 'nightly', INGO_REPORTS_DIR: reports, INGO_FIXTURE_OUTPUT: join(reports, 'results') };
  const grep = ['test', '-c', FIXTURE_CONFIG, '--grep', '@SM-DOC-EXAMPLE'];
  expect((await playwright(grep, { ...env, INGO_SEED: '20261122' })).code).toBe(0);
  expect((await playwright(grep, { ...env, INGO_SEED: '20261123', INGO_SAMPLE_BREAK: '1' })).code).toBe(1);
  const history = readFileSync(join(reports, 'history', 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(history.map((h) => [h.seed, h.requirements['SM-DOC-EXAMPLE']])).toEqual([
    [20261122, 'passed'],
    [20261123, 'failed'],
  ]);
  const report: ConformanceReport = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  // The broken sample is tagged with two rules: both are new failures.
  expect(report.newSinceLastRun).toEqual([
    { id: 'SM-DOC-EXAMPLE', before: 'passed', now: 'failed' },
    { id: 'SM-RESP-SUCCESS-SHAPE', before: 'passed', now: 'failed' },
  ]);
  const trend = readFileSync(join(reports, 'history', 'trend.html'), 'utf8');
  expect(trend).toContain('New since last night (2)');
  expect(trend).toContain('Chart.js v4');
  expect(existsSync(join(reports, 'junit.xml'))).toBe(true);
});

test('certification: a certificate is written, and it is not granted while rules are unchecked', async () => {
  const reports = tempDir('certification');
  const run = await playwright(['test', '-c', FIXTURE_CONFIG, '--grep', '@SM-DOC-EXAMPLE'], { ...base, INGO_PROFILE: 'certification', INGO_SEED: '99', INGO_REPORTS_DIR: reports, INGO_FIXTURE_OUTPUT: join(reports, 'results') });
  expect(run.code).toBe(0);
  const certificate: Certificate = JSON.parse(readFileSync(join(reports, 'certificate.json'), 'utf8'));
  expect(certificate).toMatchObject({ verdict: 'NOT CERTIFIED', profile: 'certification', seed: 99 });
  expect(certificate.blockers[0]).toMatch(/narrowed \(grep @SM-DOC-EXAMPLE\)/);
  expect(certificate.rules.find((r) => r.id === 'SM-DOC-EXAMPLE')).toMatchObject({ status: 'passed', accepted: true });
  const html = readFileSync(join(reports, 'certificate.html'), 'utf8');
  expect(html).toContain('NOT CERTIFIED');
  expect(html).toContain('Signatures');
});
