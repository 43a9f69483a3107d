// reports/history/trend.html: pass/fail per requirement over the recorded nights, drawn by Chart.js.
// Chart.js's UMD build is inlined so the page works offline, from a CI artifact, with no CDN.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HistoryEntry } from '../history.ts';
import type { RequirementStatus } from '../model.ts';
import { STATUSES, STATUS_ORDER } from '../statuses.ts';
import { esc, formatTime, page, scriptJson } from './escape.ts';
import { BASE_CSS } from './styles.ts';

/** At most this many runs are drawn; the history file itself keeps everything. */
export const TREND_RUNS = 60;

export function chartJsSource(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  for (const name of ['chart.umd.min.js', 'chart.umd.js']) {
    const path = join(dirname(entry), name);
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error(`Chart.js UMD build not found next to ${entry}`);
}

export interface TrendInput {
  readonly history: readonly HistoryEntry[];
  readonly newSinceLastRun: ReadonlyArray<{ id: string; before: RequirementStatus; now: RequirementStatus }>;
  readonly catalog: ReadonlyArray<{ id: string; kind: string; statement: string }>;
}

export function renderTrendHtml(input: TrendInput): string {
  const runs = input.history.slice(-TREND_RUNS);
  const labels = runs.map((r) => `${r.time.slice(0, 10)} ${r.time.slice(11, 16)}`);
  const rules = input.catalog.filter((r) => r.kind === 'rule').map((r) => r.id);
  const latest = runs[runs.length - 1];
  const previous = runs[runs.length - 2];
  const fixed = latest && previous ? rules.filter((id) => previous.requirements[id] === 'failed' && latest.requirements[id] === 'passed') : [];
  const data = {
    labels,
    rules,
    statuses: STATUS_ORDER.map((s) => ({ status: s, label: STATUSES[s].label, color: STATUSES[s].chart })),
    runs: runs.map((r) => ({ seed: r.seed, commit: r.commit?.slice(0, 10) ?? null, requirements: r.requirements })),
  };
  const body = [
    '<h1>IngoPay Session Management API — nightly trend</h1>',
    `<p class="lead">One point per rule and night: did the server pass the rule that night? Built from <code>history.jsonl</code> beside this page (${input.history.length} recorded run${input.history.length === 1 ? '' : 's'}${input.history.length > TREND_RUNS ? `, the last ${TREND_RUNS} drawn` : ''}). The latest run’s full report is <a href="../conformance.html">conformance.html</a>.</p>`,
    newSinceHtml(input.newSinceLastRun, latest, previous),
    fixed.length ? `<h2>Fixed since the previous run (${fixed.length})</h2><p>${fixed.map((id) => `<code>${esc(id)}</code>`).join(', ')}</p>` : '',
    '<h2>Rules per run</h2><p class="muted small">How many rules passed, failed, could not be checked (infrastructure error) or were not checked, run by run.</p>',
    '<div style="height:300px"><canvas id="counts" role="img" aria-label="Stacked bars: rules passed, failed and not checked per run"></canvas></div>',
    '<h2>Each rule, run by run</h2><p class="muted small">A row per rule, a column per run; the colour is the rule’s status that run (hover a square for details). A row turning red is a rule the server stopped meeting.</p>',
    `<div style="height:${Math.max(300, rules.length * 18 + 120)}px"><canvas id="grid" role="img" aria-label="Status of every rule in every run"></canvas></div>`,
    legendHtml(),
  ].join('\n');
  const script = `${chartJsSource()}\n;var TREND=${scriptJson(data)};\n${DRAW_SCRIPT}`;
  return page('IngoPay conformance — nightly trend', BASE_CSS, body, script);
}

function newSinceHtml(items: TrendInput['newSinceLastRun'], latest: HistoryEntry | undefined, previous: HistoryEntry | undefined): string {
  if (!latest) return '<p>No run recorded yet.</p>';
  const when = previous ? ` (compared with ${esc(formatTime(previous.time))}, seed ${esc(previous.seed)})` : '';
  if (!previous) return `<h2>New since last night</h2><p>This is the first recorded run: nothing to compare with yet.</p>`;
  if (!items.length) return `<h2>New since last night</h2><p>Nothing: no rule that passed in the previous run fails now${when}.</p>`;
  return `<h2>New since last night (${items.length})</h2><p class="muted small">Rules that passed in the previous run and do not now${when}.</p><ul>${items
    .map((i) => `<li><code>${esc(i.id)}</code>: <span class="badge st-${esc(i.before)}">${esc(STATUSES[i.before].label)}</span> → <span class="badge st-${esc(i.now)}">${esc(STATUSES[i.now].label)}</span></li>`)
    .join('')}</ul>`;
}

function legendHtml(): string {
  return `<p class="small">${STATUS_ORDER.filter((s) => s !== 'observed' && s !== 'not-observed')
    .map((s) => `<span class="badge st-${s}">${esc(STATUSES[s].label)}</span>`)
    .join(' ')} — see conformance.html for what each status means.</p>`;
}

// Draws both charts from TREND. Scatter points with square markers on two category axes make the
// rule × run grid: Chart.js has no heatmap type without a plugin, and this needs none.
const DRAW_SCRIPT = `
(function(){
  var T=TREND, colour={}; T.statuses.forEach(function(s){colour[s.status]=s});
  var shown=['passed','failed','infrastructure-error','not-checked','not-applicable'];
  new Chart(document.getElementById('counts'),{type:'bar',data:{labels:T.labels,datasets:shown.map(function(s){
    return {label:colour[s].label,backgroundColor:colour[s].color,data:T.runs.map(function(r){
      return T.rules.filter(function(id){return r.requirements[id]===s}).length})}})},
    options:{animation:false,maintainAspectRatio:false,scales:{x:{stacked:true},y:{stacked:true,beginAtZero:true,title:{display:true,text:'rules'}}},
      plugins:{tooltip:{callbacks:{footer:function(items){var r=T.runs[items[0].dataIndex];return 'seed '+r.seed+(r.commit?', commit '+r.commit:'')}}}}}});
  var points=shown.map(function(s){return {label:colour[s].label,pointStyle:'rect',pointRadius:7,pointHoverRadius:9,
    backgroundColor:colour[s].color,borderColor:colour[s].color,data:[]}});
  T.runs.forEach(function(r,i){T.rules.forEach(function(id){
    var k=shown.indexOf(r.requirements[id]||'not-checked'); if(k<0)k=3;
    points[k].data.push({x:T.labels[i],y:id});})});
  new Chart(document.getElementById('grid'),{type:'scatter',data:{datasets:points},
    options:{animation:false,maintainAspectRatio:false,
      scales:{x:{type:'category',labels:T.labels,offset:true},y:{type:'category',labels:T.rules,offset:true,reverse:false,ticks:{autoSkip:false,font:{size:11}}}},
      plugins:{tooltip:{callbacks:{label:function(c){return c.raw.y+' — '+c.dataset.label+' — '+c.raw.x}}}}}});
})();
`;
