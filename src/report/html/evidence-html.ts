// Renders one check's evidence: its errors, recorded exchanges, screenshots and how to reproduce it.
import type { ExchangeSummary, TestRecord } from '../model.ts';
import { esc, formatDuration } from './escape.ts';

const OUTCOME_STATUS: Record<TestRecord['outcome'], string> = {
  passed: 'passed',
  failed: 'failed',
  'infrastructure-error': 'infrastructure-error',
  'harness-error': 'not-checked',
  'not-checked': 'not-checked',
  'not-applicable': 'not-applicable',
  interrupted: 'not-checked',
};

const OUTCOME_LABEL: Record<TestRecord['outcome'], string> = {
  passed: 'passed',
  failed: 'failed',
  'infrastructure-error': 'infrastructure error',
  'harness-error': 'harness error',
  'not-checked': 'not checked',
  'not-applicable': 'not applicable',
  interrupted: 'interrupted',
};

export function outcomeBadge(outcome: TestRecord['outcome']): string {
  return `<span class="badge st-${OUTCOME_STATUS[outcome]}">${esc(OUTCOME_LABEL[outcome])}</span>`;
}

export interface TestHtmlOptions {
  readonly open: boolean;
  readonly maxEvidence: number;
  /** A data: URL for a report-relative image, so the page still shows it when mailed on its own. */
  readonly inlineImage?: (relativePath: string) => string | undefined;
  /** An anchor id for this check's block, so later mentions can link to it instead of repeating it. */
  readonly anchorId?: string;
}

export function testHtml(test: TestRecord, options: TestHtmlOptions): string {
  const parts: string[] = [];
  parts.push(`<div class="small muted">${esc(test.file)}:${test.line} · project ${esc(test.project)} · ${formatDuration(test.durationMs)}${test.retries ? ` · retry ${test.retries}` : ''}</div>`);
  if (test.reason) parts.push(`<p><b>Why:</b> ${esc(test.reason)}</p>`);
  for (const error of test.errors) parts.push(`<h4>What went wrong</h4><pre>${esc(error)}</pre>`);
  if (test.observations.length) parts.push(`<p><b>Observed:</b> ${test.observations.map((o) => `${esc(o.id)}: ${esc(o.observed)}`).join('<br>')}</p>`);
  if (test.warnings.length) parts.push(`<p><b>Warnings:</b> ${test.warnings.map(esc).join('<br>')}</p>`);
  if (test.screenshots.length) {
    const img = (s: string) => `<a href="${esc(s)}"><img src="${esc(options.inlineImage?.(s) ?? s)}" alt="screenshot of the browser check"></a>`;
    parts.push(`<div class="shots"><b>Screenshots</b> <span class="small muted">(click to open full size)</span><br>${test.screenshots.map(img).join('')}</div>`);
  }
  if (test.documents.length) {
    const rows = test.documents
      .slice(0, options.maxEvidence)
      .map((d) => `<tr><td>${esc(d.label)}</td><td>${esc(d.verdict)}</td><td>${d.status ?? '—'}</td><td class="small" style="white-space:pre-line">${esc(Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`).join('\n') || '—')}${d.failure ? `<br>${esc(d.failure)}` : ''}</td></tr>`)
      .join('');
    parts.push(`<h4>What the browser saw</h4><table><thead><tr><th>Page</th><th>Verdict</th><th>HTTP</th><th>Framing and caching headers</th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  const shown = test.evidence.slice(0, options.maxEvidence);
  if (shown.length) {
    const more = test.evidenceCount - shown.length;
    parts.push(`<h4>Recorded requests (${test.evidenceCount}${more > 0 ? `, ${shown.length} shown` : ''})</h4>`);
    for (const exchange of shown) parts.push(exchangeHtml(exchange, options.open && test.outcome !== 'passed'));
  }
  if (test.outcome === 'harness-error') {
    parts.push('<p class="small"><b>What to do:</b> this is not a verdict on the server: the harness itself broke (a check threw, or the test hit a bug). Report it to the harness maintainers with this page; the rules this check decides stay unchecked until it is fixed.</p>');
  }
  if (test.outcome === 'infrastructure-error') {
    parts.push('<p class="small"><b>What to do:</b> this is not a verdict on the server. Check that the target is up and reachable from this machine (base URL, VPN, firewall, INGO_REQUEST_TIMEOUT_MS), then re-run.</p>');
  }
  if (test.outcome !== 'passed') parts.push(reproductionHtml(test));
  const summary = `${outcomeBadge(test.outcome)} ${esc(test.titlePath.slice(1).join(' › '))}`;
  return `<details class="check"${options.anchorId ? ` id="${esc(options.anchorId)}"` : ''}${options.open ? ' open' : ''}><summary>${summary}</summary>${parts.join('\n')}</details>`;
}

export function exchangeHtml(exchange: ExchangeSummary, open: boolean): string {
  const req = exchange.request;
  const res = exchange.response;
  return `<details${open ? ' open' : ''}><summary><code>${esc(req.method)} ${esc(req.url)}</code> → <b>HTTP ${esc(res.status)}</b>${
    // JSON form: a status sent as the string "100" must not look like the number 100.
    isStatusBody(res.body) ? `, status ${esc(JSON.stringify((res.body as { status: unknown }).status))}` : ''
  } <span class="muted small">(${esc(exchange.label)})</span></summary>
${exchange.note ? `<p class="small">${esc(exchange.note)}</p>` : ''}<div class="small muted">Request headers</div><pre>${esc(formatHeaders(req.headers))}</pre>
<div class="small muted">Request body (personal values masked)</div><pre>${esc(pretty(req.body))}</pre>
<div class="small muted">Response headers</div><pre>${esc(formatHeaders(res.headers))}</pre>
<div class="small muted">Response body</div><pre>${esc(pretty(res.body))}</pre>
</details>`;
}

export function reproductionHtml(test: TestRecord): string {
  const curl = test.reproduction.curl
    ? `<div class="small muted">Replay ${esc(test.reproduction.replays ?? 'the recorded request')} with curl, from the harness's directory (<code>npm run sign</code> signs it with the secret from your .env; the secret is never shown):</div><pre>${esc(test.reproduction.curl)}</pre>`
    : '';
  return `<h4>Reproduce</h4><div class="small muted">Re-run this one check with the same seed and target:</div><pre>${esc(test.reproduction.command)}</pre>${curl}`;
}

function isStatusBody(body: unknown): boolean {
  return !!body && typeof body === 'object' && 'status' in (body as object);
}

function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

function pretty(body: unknown): string {
  if (body === undefined) return '(no body)';
  if (typeof body === 'string') return body;
  return JSON.stringify(body, null, 2);
}
