// reports/conformance.html: written for a person who has never seen the project. It opens with what
// was tested and the verdict, then the counts, a table of every requirement that can be filtered by
// status, the failures with their reproduction, drift, warnings, and a glossary of the words used.
import { verdictOn } from '../attribution.ts';
import type { ConformanceReport, RequirementResult, TestRecord } from '../model.ts';
import { GLOSSARY, STATUSES, STATUS_ORDER } from '../statuses.ts';
import { anchor, esc, formatDuration, formatTime, page } from './escape.ts';
import { outcomeBadge, testHtml, type TestHtmlOptions } from './evidence-html.ts';
import { BASE_CSS } from './styles.ts';

export interface RenderOptions {
  /** Turns a report-relative screenshot path into a data: URL (the page then stands alone). */
  readonly inlineImage?: (relativePath: string) => string | undefined;
}

export function renderConformanceHtml(report: ConformanceReport, options: RenderOptions = {}): string {
  const tests = new Map(report.tests.map((t) => [t.id, t]));
  const inline = options.inlineImage ? { inlineImage: options.inlineImage } : {};
  const title = 'IngoPay Session Management API — conformance report';
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="lead">This report shows whether the server below behaves as Ingo’s Session Management API document says (<code>POST /api/v1/sessions/point-in-time/plugin</code>, which creates a one-time session for the IngoPay iFrame plug-in). Each row of the table is one requirement of the contract; automated checks sent requests to the server, and opened its plug-in page in a browser, to decide it.</p>`,
    `<div class="verdict ${esc(report.verdict.code)}">${esc(report.verdict.line)}</div>`,
    runFacts(report),
    countsHtml(report),
    matrixHtml(report),
    problemsHtml(report, tests, inline),
    harnessErrorsHtml(report, inline),
    driftHtml(report),
    warningsHtml(report),
    allChecksHtml(report, tests),
    glossaryHtml(),
    `<p class="muted small">Written by the IngoPay conformance harness ${esc(report.run.harnessVersion)} at ${esc(formatTime(report.run.generatedAt))}. The same data is in conformance.json beside this file; Playwright’s own report (traces, full logs) is in playwright-html/.</p>`,
  ].join('\n');
  return page(title, BASE_CSS, body, FILTER_SCRIPT);
}

function runFacts(report: ConformanceReport): string {
  const run = report.run;
  const rows: Array<[string, string]> = [
    ['Server tested', run.target.mode === 'remote' ? `${esc(run.target.baseUrl)} <span class="muted">(a remote server)</span>` : 'the harness’s built-in simulator <span class="muted">(mock mode: a stand-in for Ingo’s server, started by the harness; not a real server)</span>'],
    ['Participant', run.target.username ? `${esc(run.target.username)}${run.target.hostUri ? `, host page ${esc(run.target.hostUri)}` : ''}${run.target.paypalEnabled !== undefined ? `, PayPal ${run.target.paypalEnabled ? 'enabled' : 'not enabled'}` : ''}` : '<span class="muted">(not recorded)</span>'],
    ['When', `${esc(formatTime(run.startedAt))}, took ${esc(formatDuration(run.durationMs))}`],
    ['Profile', `${esc(run.profile)}`],
    ['Seed', run.seed === null ? '<span class="muted">(not recorded)</span>' : `<code>${esc(run.seed)}</code> <span class="muted small">— re-running with INGO_SEED=${esc(run.seed)} sends the same generated requests</span>`],
    ['Checks run', `${report.testCounts.total} (${report.testCounts.passed} passed, ${report.testCounts.failed} failed, ${report.testCounts.infrastructureError} infrastructure errors, ${report.testCounts.harnessError ? `${report.testCounts.harnessError} harness errors, ` : ''}${report.testCounts.notChecked + report.testCounts.interrupted} not checked, ${report.testCounts.notApplicable} not applicable)${run.shards > 1 ? ` from ${run.shards} shards` : ''}`],
    ['Scope', run.filters.length ? `narrowed: ${esc(run.filters.join('; '))}` : `full run of ${esc(run.projects.join(', ') || '(no projects)')}`],
    ['Contract', `<code>${esc(run.openapi.path)}</code>, sha256 <code>${esc(run.openapi.sha256)}</code>`],
    ['Harness', `version ${esc(run.harnessVersion)}, commit <code>${esc(run.gitCommit ?? '(not a git checkout)')}</code>${run.gitDirty ? ' <span class="muted">(with uncommitted changes)</span>' : ''}`],
  ];
  return `<h2>About this run</h2><table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function countsHtml(report: ConformanceReport): string {
  const of = (status: string) => report.requirements.filter((r) => r.status === status).length;
  const cards = STATUS_ORDER.filter((s) => of(s) > 0 || s === 'failed' || s === 'passed')
    .map((s) => `<button class="card st-${s}" data-filter="${s}" title="${esc(STATUSES[s].meaning)}"><b>${of(s)}</b>${esc(STATUSES[s].label)}</button>`)
    .join('');
  return `<h2>Summary</h2><p class="muted small">${report.counts.rules} rules (documented, pass or fail) and ${report.counts.observations} observations (undocumented, only recorded). Click a box to show only those requirements.</p><div class="cards"><button class="card active" data-filter="all"><b>${report.requirements.length}</b>All requirements</button>${cards}</div>`;
}

function matrixHtml(report: ConformanceReport): string {
  const rows = sortForReading(report.requirements)
    .map((r) => {
      const detail = r.status === 'observed' ? (r.observed ?? []).map((o) => `${esc(o.value)}${o.count > 1 ? ` <span class="muted">(${o.count} checks)</span>` : ''}`).join('<br>') : esc(r.why ?? '');
      const checks = r.testIds.length ? `<a href="#${anchor('req', r.id)}">${r.testIds.length} check${r.testIds.length === 1 ? '' : 's'}</a>` : '<span class="muted">none</span>';
      return `<tr data-status="${esc(r.status)}"><td class="id" id="${anchor('row', r.id)}">${esc(r.id)}</td><td><span class="badge st-${esc(r.status)}">${esc(STATUSES[r.status].label)}</span></td><td>${esc(r.statement)}<div class="muted small">${r.kind === 'observation' ? 'Observation · ' : ''}${esc(r.source)}</div></td><td class="small">${detail}</td><td class="small">${checks}</td></tr>`;
    })
    .join('\n');
  return `<h2>Requirements</h2>
<div class="filters"><label>Search <input id="search" type="search" placeholder="id, words of the requirement, a reason…"></label><span class="muted small" id="shown"></span></div>
<table id="matrix" class="matrix"><colgroup><col style="width:19%"><col style="width:11%"><col style="width:38%"><col style="width:24%"><col style="width:8%"></colgroup><thead><tr><th>Id</th><th>Status</th><th>Requirement (and where it comes from)</th><th>Why / what was seen</th><th>Checks</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function problemsHtml(report: ConformanceReport, tests: Map<string, TestRecord>, inline: Pick<TestHtmlOptions, 'inlineImage'>): string {
  const problems = report.requirements.filter((r) => r.status === 'failed' || r.status === 'infrastructure-error');
  if (!problems.length) return `<h2>Failures</h2><p>No rule failed and nothing stopped the harness from talking to the server.</p>`;
  // A check tagged with several failed rules is shown in full once; later rules link to it.
  const shown = new Map<string, string>();
  const items = problems.map((r) => {
    // The checks that failed on this rule (a check that failed on another rule is shown under that one).
    const failing = r.testIds.map((id) => tests.get(id)!).filter((t) => t && ['failed', 'infrastructure-error'].includes(verdictOn(t, r.id)?.verdict ?? ''));
    const blocks = failing.map((t) => {
      const first = shown.get(t.id);
      if (first) return `<p class="small">${outcomeBadge(t.outcome)} ${esc(t.titlePath.slice(1).join(' › '))} — shown above under <a href="#${anchor('check', t.id)}">${esc(first)}</a></p>`;
      shown.set(t.id, r.id);
      return testHtml(t, { open: true, maxEvidence: 6, anchorId: anchor('check', t.id), ...inline });
    });
    return `<div class="item ${esc(r.status)}" id="${anchor('problem', r.id)}"><h3><span class="id">${esc(r.id)}</span> <span class="badge st-${esc(r.status)}">${esc(STATUSES[r.status].label)}</span></h3>
<p>${esc(r.statement)}</p>
<div class="small muted">Re-run every check of this requirement:</div><pre>${esc(r.command)}</pre>
${blocks.join('\n')}</div>`;
  });
  return `<h2>Failures and infrastructure errors (${problems.length})</h2><p class="muted small">Each shows what the check expected, what the server did, the recorded requests, and the commands to reproduce it. A secret never appears: replaying signs afresh with your own credentials.</p>${items.join('\n')}`;
}

function harnessErrorsHtml(report: ConformanceReport, inline: Pick<TestHtmlOptions, 'inlineImage'>): string {
  const broken = report.tests.filter((t) => t.outcome === 'harness-error');
  const outside = report.runErrors ?? [];
  if (!broken.length && !outside.length) return '';
  return `<h2>Harness errors (${broken.length + outside.length})</h2><p class="muted small">The harness itself broke here (a check threw, a test hit a bug, a suite did not load). This says nothing about the server; the rules concerned are not checked until the harness is fixed.</p>${outside.map((e) => `<pre>${esc(e)}</pre>`).join('')}${broken
    .map((t) => testHtml(t, { open: true, maxEvidence: 3, anchorId: anchor('check', t.id), ...inline }))
    .join('\n')}`;
}

function driftHtml(report: ConformanceReport): string {
  if (!report.drift.length) return `<h2>Contract drift</h2><p>No response carried a field the contract does not declare, or a field of another type.</p>`;
  return `<h2>Contract drift (${report.drift.length})</h2><p class="muted small">Fields seen in live responses that the contract (openapi/session-management.yaml) does not declare, or declared fields that arrived with another type. Not failures, but a sign the server changed: update the contract if the change is intended.</p>
<table><thead><tr><th>Where</th><th>What was seen</th><th>Seen by</th></tr></thead><tbody>${report.drift
    .map((d) => `<tr><td><code>${esc(d.path)}</code></td><td>${esc(d.observed)}</td><td class="small">${d.testIds.length} check${d.testIds.length === 1 ? '' : 's'}</td></tr>`)
    .join('')}</tbody></table>`;
}

function warningsHtml(report: ConformanceReport): string {
  if (!report.warnings.length) return '';
  return `<h2>Warnings (${report.warnings.length})</h2><p class="muted small">Suspicious but not failures: worth a look.</p><ul>${report.warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul>`;
}

function allChecksHtml(report: ConformanceReport, tests: Map<string, TestRecord>): string {
  const sections = sortForReading(report.requirements)
    .filter((r) => r.testIds.length)
    .map((r) => {
      const list = r.testIds.map((id) => tests.get(id)).filter((t): t is TestRecord => !!t);
      return `<details class="item" id="${anchor('req', r.id)}" data-status="${esc(r.status)}"><summary><span class="id">${esc(r.id)}</span> <span class="badge st-${esc(r.status)}">${esc(STATUSES[r.status].label)}</span> ${esc(r.statement)}</summary>
<div class="small muted">Re-run: <code>${esc(r.command)}</code></div>
${list.map((t) => testHtml(t, { open: false, maxEvidence: 3 })).join('\n')}</details>`;
    });
  return `<h2>Every requirement’s checks</h2><p class="muted small">Open a requirement to see each check that decided it, with its evidence.</p>${sections.join('\n')}`;
}

function glossaryHtml(): string {
  const statuses = STATUS_ORDER.map((s) => `<tr><td><span class="badge st-${s}">${esc(STATUSES[s].label)}</span></td><td>${esc(STATUSES[s].meaning)}</td></tr>`).join('');
  const terms = GLOSSARY.map((g) => `<tr><td><b>${esc(g.term)}</b></td><td>${esc(g.meaning)}</td></tr>`).join('');
  return `<h2>What the words mean</h2><table class="facts">${statuses}${terms}</table>`;
}

function sortForReading(requirements: readonly RequirementResult[]): RequirementResult[] {
  const rank = (r: RequirementResult) => STATUS_ORDER.indexOf(r.status);
  return [...requirements].sort((a, b) => rank(a) - rank(b) || (a.kind === b.kind ? 0 : a.kind === 'rule' ? -1 : 1));
}

// Filtering works without any library: a status card and a search box hide table rows.
const FILTER_SCRIPT = `
(function(){
  var status='all', rows=[].slice.call(document.querySelectorAll('#matrix tbody tr'));
  var search=document.getElementById('search'), shown=document.getElementById('shown');
  function apply(){
    var q=(search.value||'').toLowerCase(), n=0;
    rows.forEach(function(r){
      var ok=(status==='all'||r.getAttribute('data-status')===status)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.style.display=ok?'':'none'; if(ok) n++;
    });
    shown.textContent=n+' of '+rows.length+' requirements shown';
  }
  [].slice.call(document.querySelectorAll('.card')).forEach(function(c){
    c.addEventListener('click',function(){
      status=c.getAttribute('data-filter');
      [].slice.call(document.querySelectorAll('.card')).forEach(function(o){o.classList.toggle('active',o===c)});
      apply(); document.getElementById('matrix').scrollIntoView({behavior:'smooth'});
    });
  });
  search.addEventListener('input',apply); apply();
  // A link to a requirement's checks opens its collapsed section.
  function openTarget(){var el=location.hash&&document.getElementById(location.hash.slice(1)); if(el&&el.tagName==='DETAILS'){el.open=true; el.scrollIntoView();}}
  window.addEventListener('hashchange',openTarget); openTarget();
})();
`;
