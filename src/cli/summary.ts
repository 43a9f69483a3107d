// The one-screen summary printed at the end of `npm run conformance`: verdict, counts, what failed and
// how to re-run it, what is new since last night, and where the reports are. Capped so it fits a
// screen even when fifty rules fail; the HTML report has the rest.
import { relative } from 'node:path';
import type { Certificate } from '../report/certificate.ts';
import { firstLine } from '../report/matrix.ts';
import type { ConformanceReport, RequirementResult } from '../report/model.ts';
import { STATUSES } from '../report/statuses.ts';

const MAX_LISTED = 8;

export interface SummaryInput {
  readonly report: ConformanceReport;
  readonly reportsDir: string;
  readonly certificate?: Certificate;
  readonly exitLine: string;
  /** Extra lines (e.g. the artifact secret scan). */
  readonly notes?: readonly string[];
}

export function renderSummary(input: SummaryInput): string {
  const { report } = input;
  const c = report.counts;
  const t = report.testCounts;
  const rel = (name: string) => relative(process.cwd(), `${input.reportsDir}/${name}`) || name;
  const lines: string[] = [];
  const rule = '─'.repeat(72);
  lines.push(rule, report.verdict.line, rule);
  const target = report.run.target.mode === 'remote' ? report.run.target.baseUrl : 'embedded simulator (mock)';
  lines.push(`target ${target} · profile ${report.run.profile} · seed ${report.run.seed ?? '?'}${report.run.filters.length ? ` · narrowed: ${report.run.filters.join('; ')}` : ''}`);
  lines.push(`rules (${c.rules})        ✔ ${c.passed} passed  ✘ ${c.failed} failed  ⚠ ${c.infrastructureError} infrastructure  ○ ${c.notChecked} not checked  – ${c.notApplicable} n/a`);
  lines.push(`observations (${c.observations})  ◉ ${c.observed} observed  · ${c.notObserved} not observed`);
  lines.push(`checks (${t.total})       ${t.passed} passed, ${t.failed} failed, ${t.infrastructureError} infrastructure, ${t.harnessError ? `${t.harnessError} harness errors, ` : ''}${t.notChecked + t.interrupted} not checked, ${t.notApplicable} n/a${t.flaky ? `, ${t.flaky} flaky` : ''}`);

  section(lines, 'Failed', report.requirements.filter((r) => r.status === 'failed'), true);
  section(lines, 'Infrastructure errors (not a verdict on the server: check the target is up and reachable)', report.requirements.filter((r) => r.status === 'infrastructure-error'), true);
  const broken = report.tests.filter((x) => x.outcome === 'harness-error');
  for (const error of report.runErrors ?? []) lines.push('', `✱ Harness error outside any check (not a verdict on the server): ${firstLine(error).slice(0, 200)}`);
  if (broken.length) {
    lines.push('', `Harness errors (${broken.length}): the harness itself broke; not a verdict on the server. Report these to the harness maintainers:`);
    for (const test of broken.slice(0, MAX_LISTED)) lines.push(`  ✱ ${test.titlePath.slice(1).join(' › ')}: ${firstLine(test.reason ?? '').slice(0, 150)}`, `      re-run: ${test.reproduction.command}`);
    if (broken.length > MAX_LISTED) lines.push(`  … and ${broken.length - MAX_LISTED} more in the report`);
  }
  const unchecked = report.requirements.filter((r) => r.status === 'not-checked');
  if (unchecked.length) lines.push('', `Not checked (${unchecked.length}): ${unchecked.slice(0, 12).map((r) => r.id).join(', ')}${unchecked.length > 12 ? ', …' : ''}`);
  if (report.newSinceLastRun) {
    lines.push('', report.newSinceLastRun.length ? `New since last night (${report.newSinceLastRun.length}): ${report.newSinceLastRun.map((n) => `${n.id} (${STATUSES[n.now].label.toLowerCase()})`).join(', ')}` : 'New since last night: nothing broke.');
  }
  if (report.drift.length) lines.push('', `Contract drift: ${report.drift.length} (${report.drift.slice(0, 3).map((d) => d.path).join(', ')}${report.drift.length > 3 ? ', …' : ''})`);
  if (report.warnings.length) lines.push(`Warnings: ${report.warnings.length} (listed in the report)`);
  if (input.certificate) {
    lines.push('', `Certificate: ${input.certificate.verdict}${input.certificate.blockers.length ? ` (${input.certificate.blockers.length} blocking: ${input.certificate.blockers.slice(0, 3).map((b) => b.split(':')[0]).join(', ')}${input.certificate.blockers.length > 3 ? ', …' : ''})` : ''} → ${rel('certificate.html')}`);
  }
  for (const note of input.notes ?? []) lines.push(note);
  const files = ['conformance.html', 'conformance.json', 'junit.xml', 'playwright-html/index.html', ...(report.run.profile === 'nightly' ? ['history/trend.html'] : [])];
  lines.push('', `Reports: ${files.map(rel).join('  ')}`, input.exitLine);
  return lines.join('\n');
}

function section(lines: string[], title: string, items: readonly RequirementResult[], withCommand: boolean): void {
  if (!items.length) return;
  lines.push('', `${title} (${items.length}):`);
  for (const r of items.slice(0, MAX_LISTED)) {
    lines.push(`  ${STATUSES[r.status].symbol} ${r.id}: ${firstLine(r.why ?? '').slice(0, 150)}`);
    if (withCommand) lines.push(`      re-run: ${r.command}`);
  }
  if (items.length > MAX_LISTED) lines.push(`  … and ${items.length - MAX_LISTED} more in the report`);
}
