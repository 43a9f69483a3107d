// reports/client-card.html: the card for a person, in the server reports' words and styles (the same
// status vocabulary, stylesheet and escaping): the verdict, the checklist, each item with its evidence
// and fix, the server's own contract failures, and every exchange and page request, masked.
import { apiStatusIn } from '../../contract/index.ts';
import { anchor, esc, formatDuration, formatTime, page } from '../../report/html/escape.ts';
import { BASE_CSS } from '../../report/html/styles.ts';
import { STATUSES } from '../../report/statuses.ts';
import type { CardItem, ClientCard } from '../card.ts';

const VERDICT_CLASS = { clean: 'conformant', 'not-clean': 'not-conformant', incomplete: 'incomplete', infrastructure: 'inconclusive' } as const;

export function renderCardHtml(card: ClientCard): string {
  const body = [
    `<h1>${esc(card.title)}</h1>`,
    `<p class="lead">This card grades an integrator’s own client — their backend, which creates sessions, and their page, which mounts the plug-in — against what Ingo’s Session Management API document and contract notes require of a client: signing, idempotency, retries and recovery, the 30-second authorized URL, and where it may be framed. Each item is passed only when the run showed the client doing it; an item whose situation never arose is “not checked”, with the reason.</p>`,
    `<div class="verdict ${VERDICT_CLASS[card.verdict.code]}">${esc(card.verdict.line)}</div>`,
    facts(card),
    checklist(card),
    `<h2>Items</h2>`,
    card.items.map(itemHtml).join('\n'),
    serverHtml(card),
    exchangesHtml(card),
    pagesHtml(card),
    glossary(card),
    `<p class="muted small">Written by the IngoPay conformance harness ${esc(card.harness.version)}${card.harness.commit ? ` (commit <code>${esc(card.harness.commit)}</code>)` : ''} at ${esc(formatTime(card.generatedAt))}. The same data is in client-card.json beside this file; recipient values are masked (“J***[4]”) and the HMAC secret appears nowhere.</p>`,
  ].join('\n');
  return page(card.title, BASE_CSS, body);
}

function facts(card: ClientCard): string {
  const run = card.run;
  const rows: Array<[string, string]> = [
    ['Client', `participant ${esc(run.participants.join(', '))}`],
    ['Against', run.mode === 'simulator' ? `the harness’s simulator in certify mode <span class="muted">(it cuts one connection and expires one URL on purpose, and sees every plug-in page request)</span>` : `${esc(run.upstream)} <span class="muted">(through the validation proxy; the plug-in page is served by the upstream directly, so the page items cannot be checked)</span>`],
    ['Client pointed at', `<code>${esc(run.baseUrl)}</code>`],
    ['URL lifetime', run.urlLifetimeShortened ? `<b>${run.urlLifetimeSeconds} s (shortened for a test run; the document says 30 s)</b>` : `${run.urlLifetimeSeconds} s`],
    ['Flow', run.command ? `<code>${esc(run.command)}</code> (exit ${esc(run.commandExit ?? 'none: stopped at the timeout')})` : 'run by hand'],
    ['When', `${esc(formatTime(run.startedAt))}, took ${esc(formatDuration(run.durationMs))}`],
    ['Exchanges', `${card.exchanges.length} API exchanges, ${card.pages.filter((p) => p.kind === 'open').length} plug-in page requests`],
  ];
  return `<h2>About this run</h2><table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function badge(item: CardItem): string {
  return `<span class="badge st-${esc(item.status)}">${esc(STATUSES[item.status].label)}</span>`;
}

function checklist(card: ClientCard): string {
  const rows = card.items.map((i) => `<tr><td>${i.number}</td><td><a href="#${anchor('item', i.id)}">${esc(i.title)}</a></td><td>${badge(i)}</td><td class="small">${esc(i.summary)}</td></tr>`).join('\n');
  return `<h2>Checklist</h2><table class="matrix"><colgroup><col style="width:4%"><col style="width:26%"><col style="width:12%"><col style="width:58%"></colgroup><thead><tr><th>#</th><th>Item</th><th>Status</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function itemHtml(item: CardItem): string {
  const evidence = item.evidence.length
    ? `<h3>Evidence</h3><ul>${item.evidence.map((e) => `<li>${esc(e.text)}${e.seqs?.length ? ` <span class="small muted">(${e.seqs.map((s) => `<a href="#${anchor('x', String(s))}">#${s}</a>`).join(', ')})</span>` : ''}${e.detail?.length ? `<pre>${esc(e.detail.join('\n'))}</pre>` : ''}</li>`).join('')}</ul>`
    : '';
  return `<div class="item ${esc(item.status)}" id="${anchor('item', item.id)}"><h3>${item.number}. ${esc(item.title)} ${badge(item)}</h3><p>${esc(item.rule)}</p><p class="small muted">${esc(item.source)}</p><p><b>${esc(item.summary)}</b></p>${item.fix ? `<p><b>Fix:</b> ${esc(item.fix)}</p>` : ''}${evidence}</div>`;
}

function serverHtml(card: ClientCard): string {
  if (!card.serverFindings.length) return `<h2>The server’s answers</h2><p>Every answer passed the contract’s response checks (schema, JSON, no 5xx, expiry, nothing leaked in a 401).</p>`;
  return `<h2>The server’s answers</h2><p>These answers broke the API contract: a failure of the server, not of your client.</p><ul>${card.serverFindings.map((f) => `<li><a href="#${anchor('x', String(f.seq))}">#${f.seq}</a> [${esc(f.requirementIds.join(', '))}] ${esc(f.message)}</li>`).join('')}</ul>`;
}

function exchangesHtml(card: ClientCard): string {
  if (!card.exchanges.length) return `<h2>Exchanges</h2><p>No request reached the proxy.</p>`;
  const rows = card.exchanges
    .map((r) => {
      const response = r.response;
      const status = 'infrastructure' in response ? `${response.status} (infrastructure)` : `${response.status}${apiStatus(response.body)}${response.dropped ? ' — connection cut on purpose' : ''}`;
      const findings = [...r.requestFindings.filter((f) => f.kind === 'fail').map((f) => `client: ${f.message}`), ...r.responseFindings.filter((f) => f.kind === 'fail').map((f) => `server: ${f.kind === 'fail' ? f.message : ''}`)];
      return `<tr id="${anchor('x', String(r.seq))}"><td>#${r.seq}</td><td class="small">${esc(r.at.slice(11, 23))}</td><td class="small">${esc(r.method)} ${esc(r.path)}<br><span class="muted">${esc(r.request.headers['idempotency-key'] ? `key ${r.request.headers['idempotency-key']}` : 'no Idempotency-Key')}</span></td><td>${esc(status)}</td><td class="small">${esc(r.class)}${findings.length ? `<br>${findings.map(esc).join('<br>')}` : ''}<details><summary>request and response (masked)</summary><pre>${esc(JSON.stringify({ request: r.request, response: r.response }, null, 2))}</pre></details></td></tr>`;
    })
    .join('\n');
  return `<h2>Exchanges</h2><table class="matrix"><colgroup><col style="width:5%"><col style="width:11%"><col style="width:34%"><col style="width:16%"><col style="width:34%"></colgroup><thead><tr><th>#</th><th>Time (UTC)</th><th>Request</th><th>Answer</th><th>Checks</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function pagesHtml(card: ClientCard): string {
  if (!card.pages.length) return '';
  const rows = card.pages
    .map((e) => {
      const what =
        e.kind === 'open'
          ? `${e.method} → HTTP ${e.status}${e.planted ? ' (expired on purpose)' : ''}; Sec-Fetch-Dest ${e.dest ?? '(none)'}${e.referer ? `; Referer ${e.referer}` : ''}`
          : e.kind === 'framed-by'
            ? `beacon: framed by ${e.ancestors.length ? e.ancestors.join(' in ') : 'nobody (top-level)'}`
            : `the browser refused to render it in a frame (${e.directive})`;
      return `<tr><td class="small">${esc(new Date(e.atMs).toISOString().slice(11, 23))}</td><td class="small id">${esc(e.sessionId.slice(0, 13))}…</td><td class="small">${esc(what)}</td></tr>`;
    })
    .join('\n');
  return `<h2>Plug-in page requests</h2><table><thead><tr><th>Time (UTC)</th><th>Session</th><th>What the page’s server saw</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function glossary(card: ClientCard): string {
  const used = [...new Set(card.items.map((i) => i.status))];
  return `<h2>Words used</h2><table>${used.map((s) => `<tr><th><span class="badge st-${s}">${esc(STATUSES[s].label)}</span></th><td class="small">${esc(STATUSES[s].meaning)}</td></tr>`).join('')}</table>`;
}

function apiStatus(body: unknown): string {
  const status = apiStatusIn(body);
  return status !== undefined ? ` (${status})` : '';
}
