// reports/certificate.html: a page meant to be printed and signed. It binds the verdict to exactly
// what was tested: the server, the contract's sha256, the harness commit, the seed and the report.
import type { Certificate } from '../certificate.ts';
import { STATUSES } from '../statuses.ts';
import { esc, formatTime, page } from './escape.ts';
import { BASE_CSS } from './styles.ts';

export function renderCertificateHtml(cert: Certificate): string {
  const ok = cert.verdict === 'CERTIFIED';
  const passed = cert.rules.filter((r) => r.status === 'passed').length;
  const na = cert.rules.filter((r) => r.status === 'not-applicable' && r.accepted).length;
  const facts: Array<[string, string]> = [
    ['Server', cert.target.mode === 'remote' ? esc(cert.target.baseUrl) : 'the harness’s built-in simulator (mock mode)'],
    ['Participant', `${esc(cert.target.username ?? '(not recorded)')}${cert.target.hostUri ? `, host page ${esc(cert.target.hostUri)}` : ''}${cert.target.paypalEnabled !== undefined ? `, PayPal ${cert.target.paypalEnabled ? 'enabled' : 'not enabled'}` : ''}`],
    ['Date', esc(formatTime(cert.issuedAt))],
    ['Profile', esc(cert.profile)],
    ['Seed', `<code>${esc(cert.seed ?? '(not recorded)')}</code>`],
    ['Contract', `<code>${esc(cert.openapi.path)}</code><br>sha256 <code>${esc(cert.openapi.sha256)}</code>`],
    ['Harness', `version ${esc(cert.harnessVersion)}, commit <code>${esc(cert.gitCommit ?? '(not a git checkout)')}</code>${cert.gitDirty ? ' (with uncommitted changes)' : ''}`],
    ['Evidence', `<a href="conformance.html">conformance.html</a>; conformance.json sha256 <code>${esc(cert.reportSha256)}</code>`],
    ['Checks run', String(cert.testsRun)],
  ];
  const rows = cert.rules
    .map(
      (r) =>
        `<tr><td class="id">${esc(r.id)}</td><td>${esc(r.statement)}</td><td><span class="badge st-${esc(r.status)}">${esc(STATUSES[r.status].label)}</span>${
          r.reason && r.status !== 'passed' ? `<div class="small muted">${esc(r.reason)}</div>` : ''
        }</td><td class="small"><a href="${esc(r.evidence)}">evidence</a></td></tr>`,
    )
    .join('\n');
  const body = [
    `<h1>${esc(cert.title)}</h1>`,
    `<p class="lead">This certificate states whether the server below met every documented rule of Ingo’s Session Management API, as transcribed in the contract identified by its sha256, when tested by the harness at the commit shown. It is valid only together with the evidence it names.</p>`,
    `<div class="verdict ${ok ? 'conformant' : 'not-conformant'}">${esc(cert.verdict)}${ok ? `: ${passed} rules passed${na ? `, ${na} not applicable (reasons below)` : ''}.` : `: ${cert.blockers.length} blocking item${cert.blockers.length === 1 ? '' : 's'}.`}</div>`,
    cert.target.mode === 'remote' ? '' : '<p><b>Tested against the harness’s built-in simulator, not an Ingo server:</b> this shows the harness and its set-up work; it certifies no real environment.</p>',
    `<table class="facts">${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`,
    ok ? '' : `<h2>Why it is not certified</h2><ul>${cert.blockers.map((b) => `<li>${esc(b)}</li>`).join('')}</ul><p class="small muted">A certificate needs every rule passed, or not applicable to this participant with a stated reason. “Not checked” is not enough.</p>`,
    `<h2>Rules (${cert.rules.length})</h2><table><thead><tr><th>Id</th><th>Rule</th><th>Verdict</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
    cert.observations.length
      ? `<h2>Observations (informative, not part of the verdict)</h2><table><tbody>${cert.observations.map((o) => `<tr><td class="id">${esc(o.id)}</td><td>${esc(o.statement)}</td><td class="small">${esc(o.observed)}</td></tr>`).join('')}</tbody></table>`
      : '',
    `<h2>Signatures</h2><div class="sign"><div>Tested by (name, organisation)<br><br>Signature and date</div><div>Reviewed for Ingo (name)<br><br>Signature and date</div></div>`,
  ].join('\n');
  return page(cert.title, BASE_CSS, body);
}
