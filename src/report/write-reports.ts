// Writes a finished ConformanceReport to disk: conformance.json/.html always, the nightly history and
// trend for the nightly profile, the certificate for the certification profile. Each artifact is
// scanned for the known secrets before it is written; a hit is a bug, and it fails loudly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Requirement } from '../contract/index.ts';
import { issueCertificate } from './certificate.ts';
import { appendHistory, historyEntryOf, newSince, readHistory } from './history.ts';
import { renderCertificateHtml } from './html/certificate-html.ts';
import { renderConformanceHtml } from './html/conformance-html.ts';
import { chartJsSource, renderTrendHtml } from './html/trend-html.ts';
import type { ConformanceReport } from './model.ts';
import { secretForms } from './secret-forms.ts';

export interface WrittenReports {
  readonly report: ConformanceReport;
  readonly files: readonly string[];
}

export const HISTORY_DIR = 'history';

export function writeReports(reportsDir: string, report: ConformanceReport, catalog: readonly Requirement[], secrets: readonly string[]): WrittenReports {
  mkdirSync(reportsDir, { recursive: true });
  const files: string[] = [];
  const write = (path: string, text: string, library = '') => {
    // An inlined library is checked apart: a short secret could occur in 200 KB of minified code.
    assertNoSecret(path, library ? text.replace(library, '') : text, secrets);
    writeFileSync(path, text);
    files.push(path);
  };

  let final = report;
  if (report.run.profile === 'nightly') {
    const historyPath = join(reportsDir, HISTORY_DIR, 'history.jsonl');
    const previous = readHistory(historyPath).at(-1);
    const entry = historyEntryOf(report);
    final = { ...report, newSinceLastRun: newSince(previous, entry.requirements) };
    assertNoSecret(historyPath, JSON.stringify(entry), secrets);
    appendHistory(historyPath, entry);
    files.push(historyPath);
    const trend = renderTrendHtml({ history: readHistory(historyPath), newSinceLastRun: final.newSinceLastRun ?? [], catalog });
    write(join(reportsDir, HISTORY_DIR, 'trend.html'), trend, chartJsSource());
  }

  const json = `${JSON.stringify(final, null, 2)}\n`;
  write(join(reportsDir, 'conformance.json'), json);
  write(join(reportsDir, 'conformance.html'), renderConformanceHtml(final, { inlineImage: (rel) => inlineImage(reportsDir, rel) }));

  if (report.run.profile === 'certification') {
    const certificate = issueCertificate(final, json);
    write(join(reportsDir, 'certificate.json'), `${JSON.stringify(certificate, null, 2)}\n`);
    write(join(reportsDir, 'certificate.html'), renderCertificateHtml(certificate));
  }
  return { report: final, files };
}

/** Up to 1.5 MB a screenshot is embedded, so conformance.html can be mailed or attached on its own. */
function inlineImage(reportsDir: string, relativePath: string): string | undefined {
  try {
    const data = readFileSync(join(reportsDir, relativePath));
    if (data.byteLength > 1_500_000) return undefined;
    const type = extname(relativePath).toLowerCase() === '.jpeg' || extname(relativePath).toLowerCase() === '.jpg' ? 'image/jpeg' : 'image/png';
    return `data:${type};base64,${data.toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** Last line of defence: the scrubbing upstream should have caught it, so a hit is a harness bug. */
export function assertNoSecret(path: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (!secret) continue;
    if (secretForms(secret).some((form) => text.includes(form))) throw new Error(`refusing to write ${path}: it would contain the HMAC secret (a harness bug: report it)`);
  }
}
