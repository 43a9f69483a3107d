// Redaction proof: a conformance pass of the real suites with a canary secret, through
// `npm run conformance` (progress, reports, Playwright's own artifacts), against the embedded
// simulator broken on purpose so the pass has failures, then a scan of every file it left under the
// reports and test-results directories (zip archives and the HTML report's embedded data included)
// for the secret in any encoding and for the document example's recipient values. Zero hits.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../src/report/model.ts';
import { needleFor, scanArtifacts, type Needle } from '../../src/report/scan/scan-artifacts.ts';
import { secretForms } from '../../src/report/secret-forms.ts';
import { tempDir, tsx } from './support/spawn.ts';

/** The document example's recipient values: every API and browser session starts from them. */
const CANARY_RECIPIENT = ['Frost', '123 Main St', 'Atlanta', '1231231234'];
/**
 * API evidence (the document example), a 401 that leaks its signing string, a plug-in page that fails
 * in the browser, and the robustness checks: their replay recipes write bodies that are no JSON
 * (truncated, single quotes) and invalid UTF-8 (from base64), which the scan decodes.
 */
const GREP = '@SM-DOC-EXAMPLE|@SM-AUTH-NO-LEAK|@SM-URL-LOADS|@SM-URL-FRAME-HOST|@SM-ROBUST-NO-5XX';
const FAULTS = 'leak-signature-in-401,url-refused-immediately';

/** The body a recipe writes with printf (shell single quotes undone). */
function printedBody(recipe: string): string | undefined {
  const quoted = /^printf '%s' ('(?:[^']|'\\'')*') > body\.json$/m.exec(recipe)?.[1];
  return quoted?.slice(1, -1).replaceAll("'\\''", "'");
}

function isNoJson(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function needles(secret: string): Needle[] {
  return [{ label: 'HMAC secret', forms: secretForms(secret) }, ...CANARY_RECIPIENT.map((v) => needleFor(`recipient value "${v}"`, v))];
}

function canaryEnv(secret: string, dir: string): Record<string, string> {
  return { INGO_TARGET: 'mock', INGO_HMAC_USERNAME: 'canary-user', INGO_HMAC_SECRET: secret, INGO_REPORTS_DIR: join(dir, 'reports') };
}

test('a full conformance pass with a canary secret leaves no trace of it, nor of the recipient data, in any artifact', async () => {
  test.setTimeout(240_000);
  const dir = tempDir('redaction');
  const secret = `canary-${randomBytes(16).toString('hex')}`;
  const run = await tsx('src/cli/conformance.ts', ['--output', join(dir, 'test-results'), '--grep', GREP], { ...canaryEnv(secret, dir), INGO_MOCK_FAULTS: FAULTS }, 220_000);
  // What the person saw in the terminal is an artifact too (CI keeps logs).
  writeFileSync(join(dir, 'reports', 'terminal.log'), run.stdout + run.stderr);
  expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(1);

  // The pass produced what the scan must cover: masked API evidence, failure messages, a screenshot.
  const report: ConformanceReport = JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8'));
  const evidence = report.tests.flatMap((t) => t.evidence);
  expect(evidence.some((e) => JSON.stringify(e.request.body).includes('"last_name":"F***[5]"'))).toBe(true);
  expect(report.tests.filter((t) => t.outcome === 'failed').length).toBeGreaterThan(0);
  expect(report.tests.some((t) => t.project === 'browser' && t.outcome === 'failed' && t.screenshots.length > 0)).toBe(true);
  expect(report.run.target.username).toBe('canary-user');
  // The recipes cover what the scan must read: a broken body written as text, and invalid UTF-8 from base64.
  const recipes = report.tests.flatMap((t) => (t.reproduction.curl ? [t.reproduction.curl] : []));
  expect(recipes.some((r) => r.includes("base64 -d > body.json <<'B64'"))).toBe(true);
  expect(recipes.some((r) => isNoJson(printedBody(r)) && printedBody(r)?.includes('"first_name":"Xxxx"'))).toBe(true);

  const result = scanArtifacts([join(dir, 'reports'), join(dir, 'test-results')], needles(secret));
  test.info().annotations.push({ type: 'scan', description: `${result.filesScanned} files, ${result.archiveEntriesScanned} archive entries, ${result.bytesScanned} bytes, ${result.hits.length} hits` });
  console.log(`redaction scan: ${result.filesScanned} files (+${result.archiveEntriesScanned} archive entries, ${(result.bytesScanned / 1e6).toFixed(1)} MB), ${result.hits.length} hits`);
  expect(result.filesScanned).toBeGreaterThan(10);
  expect(result.hits).toEqual([]);
});

test('control: the same scan finds the recipient values in a Playwright trace, which is why traces stay off', async () => {
  test.setTimeout(120_000);
  const dir = tempDir('redaction-control');
  const secret = `canary-${randomBytes(16).toString('hex')}`;
  // API calls go through undici, which Playwright's trace does not see; the browser's DOM snapshots it
  // does: the loading check's page greets the recipient by first name.
  const run = await tsx('src/cli/conformance.ts', ['--output', join(dir, 'test-results'), '--grep', '@SM-URL-LOADS', '--trace', 'on'], canaryEnv(secret, dir), 100_000);
  expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
  const result = scanArtifacts([join(dir, 'test-results')], [...needles(secret), needleFor('recipient value "Jack"', 'Jack')]);
  const inTraces = result.hits.filter((h) => h.file.includes('trace.zip!'));
  expect(inTraces.map((h) => h.label)).toContain('recipient value "Jack"');
  // The reports themselves stay clean even then: the conformance report never copies a trace.
  const reports = scanArtifacts([join(dir, 'reports', 'conformance.json'), join(dir, 'reports', 'conformance.html')], needles(secret));
  expect(reports.filesScanned).toBe(2);
  expect(reports.hits).toEqual([]);
});
