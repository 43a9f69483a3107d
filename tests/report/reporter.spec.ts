// The conformance reporter end to end: a real Playwright run of the sample checks (every outcome, a
// browser screenshot, evidence with the document's recipient values, an error that quotes the secret)
// into a temporary reports directory, then what it wrote.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import type { ConformanceReport } from '../../src/report/model.ts';
import { secretForms } from '../../src/report/secret-forms.ts';
import { FIXTURE_CONFIG, playwright, tempDir } from './support/spawn.ts';

const SECRET = `canary-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
const RECIPIENT = ['Frost', '123 Main St', 'Atlanta', '1231231234'];

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let reports: string;
let report: ConformanceReport;
let html: string;

test.beforeAll(async () => {
  reports = tempDir('reporter');
  const run = await playwright(['test', '-c', FIXTURE_CONFIG], {
    INGO_TARGET: 'mock',
    INGO_HMAC_USERNAME: 'canary-user',
    INGO_HMAC_SECRET: SECRET,
    INGO_SEED: '31337',
    INGO_REPORTS_DIR: reports,
    INGO_FIXTURE_OUTPUT: join(reports, 'test-results'),
    INGO_SAMPLE_LEAK: '1',
  });
  expect(run.code, run.stdout + run.stderr).toBe(1); // the samples include failures on purpose
  report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  html = readFileSync(join(reports, 'conformance.html'), 'utf8');
});

const req = (id: string) => report.requirements.find((r) => r.id === id)!;

test('records the run: profile, seed, target, harness version, commit, contract sha256', () => {
  const contract = loadContract();
  expect(report.run).toMatchObject({ profile: 'default', seed: 31337, target: { mode: 'mock', username: 'canary-user' }, harnessVersion: '0.1.0', openapi: { sha256: contract.sha256 } });
  expect(report.run.gitCommit).toMatch(/^[0-9a-f]{40}$/);
  expect(report.run.configFile).toBe(FIXTURE_CONFIG);
});

test('decides every requirement of the catalog from the tagged checks', () => {
  expect(report.requirements).toHaveLength(loadContract().requirements.length);
  expect(Object.fromEntries(report.requirements.filter((r) => r.testIds.length).map((r) => [r.id, r.status]))).toEqual({
    'SM-DOC-EXAMPLE': 'passed',
    'SM-RESP-SUCCESS-SHAPE': 'passed',
    'SM-VAL-STATE': 'failed',
    'SM-VAL-REQUIRED-STATE': 'passed',
    'SM-AUTH-REQUIRED': 'infrastructure-error',
    'SM-IDEM-TTL': 'not-checked',
    'SM-VAL-EMAIL-PAYPAL': 'not-applicable',
    'OBS-STATE-LOWERCASE': 'observed',
    'SM-RESP-JSON': 'passed',
    'SM-URL-TAMPER': 'not-checked',
    'SM-URL-LOADS': 'failed',
  });
  expect(req('SM-IDEM-TTL').why).toBe("needs the simulator's virtual clock (mock mode only)");
  expect(req('OBS-STATE-LOWERCASE').observed).toEqual([{ value: 'ga accepted (100)', count: 1 }]);
  expect(req('SM-VAL-ZIP')).toMatchObject({ status: 'not-checked', why: 'no test ran for it: no check in the selected suites is tagged with it' });
  expect(report.verdict.code).toBe('not-conformant');
  expect(report.drift).toEqual([expect.objectContaining({ path: 'SessionCreated/data/language_locale_code' })]);
  expect(report.warnings.map((w) => w.message).join('\n')).toContain('a 2xx carried status 13400');
});

test('scrubs the secret from error messages and keeps recipient values masked in evidence', () => {
  const failed = report.tests.find((t) => t.requirementIds.includes('SM-VAL-STATE'))!;
  expect(failed.errors[0]).toContain('(secret [redacted-secret])');
  expect(failed.evidence[0]!.request.body).toMatchObject({ recipient_information: { last_name: 'F***[5]', state: 'XX' } });
  for (const text of [JSON.stringify(report), html]) {
    for (const form of secretForms(SECRET)) expect(text).not.toContain(form);
    for (const value of RECIPIENT) expect(text).not.toContain(value);
  }
});

test('gives each failure the command to re-run it with its seed, and a curl replay signed by npm run sign', () => {
  const failed = report.tests.find((t) => t.requirementIds.includes('SM-VAL-STATE'))!;
  expect(failed.reproduction.command).toBe(`INGO_SEED=31337 npx playwright test -c ${FIXTURE_CONFIG} tests/report/fixtures/api/checks.sample.ts:21 --project api`);
  expect(failed.reproduction.curl).toContain('npm run -s sign -- --body-file body.json > headers.txt');
  expect(failed.reproduction.curl).toContain('"last_name":"Xxxxx"');
  expect(failed.reproduction.curl).not.toContain('signature=');
  expect(req('SM-VAL-STATE').command).toBe(`INGO_SEED=31337 npx playwright test -c ${FIXTURE_CONFIG} --project api --grep "@SM-VAL-STATE"`);
});

test('copies the browser check’s screenshot next to the report and embeds it', () => {
  const browser = report.tests.find((t) => t.project === 'browser')!;
  expect(browser.screenshots).toHaveLength(1);
  expect(existsSync(join(reports, browser.screenshots[0]!))).toBe(true);
  expect(html).toContain('src="data:image/png;base64,');
  expect(readdirSync(join(reports, 'conformance-assets'))).toHaveLength(1);
});

test('the HTML stands alone: title, verdict, counts, filter, glossary, no external resources', () => {
  for (const text of ['<title>IngoPay Session Management API — conformance report</title>', 'NOT CONFORMANT: 2 of 53 rules failed.', 'id="search"', 'data-filter="failed"', 'What the words mean', 'Infrastructure error', 'Reproduce']) {
    expect(html).toContain(text);
  }
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/i);
  expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
});
