// One stylesheet, inlined into every page: the reports must open offline, from a CI artifact or mail.
import { STATUSES } from '../statuses.ts';

const statusRules = Object.entries(STATUSES)
  .map(([status, info]) => `.st-${status}{color:${info.color};background:${info.background}}`)
  .join('\n');

export const BASE_CSS = `
:root{--fg:#1d2126;--muted:#5c6670;--line:#d9dee3;--bg:#fff;--soft:#f6f8fa;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:24px 28px 64px;color:var(--fg);background:var(--bg);line-height:1.45;font-size:15px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}
p.lead{color:var(--muted);margin:0 0 18px;max-width:900px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow:auto;white-space:pre-wrap;word-break:break-word;margin:6px 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:7px 9px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;font-size:13px;color:var(--muted)}
table.matrix{table-layout:fixed}
table.matrix td{overflow-wrap:anywhere}
table.matrix .id{white-space:normal}
table.facts th{width:210px;background:none;color:var(--muted);font-weight:500}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
${statusRules}
.verdict{padding:14px 18px;border-radius:8px;font-size:18px;font-weight:700;margin:16px 0 6px}
.verdict.conformant{background:#d1e7dd;color:#0f5132}
.verdict.not-conformant{background:#f8d7da;color:#842029}
.verdict.checks-failed{background:#f8d7da;color:#842029}
.verdict.harness-error{background:#ede0f7;color:#4a1d6e}
.verdict.inconclusive{background:#ffe5b4;color:#7a4100}
.verdict.incomplete{background:#e2e3e5;color:#41464b}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:128px;background:var(--bg);cursor:pointer;text-align:left;font:inherit}
.card b{display:block;font-size:24px}
.card.active{outline:3px solid #0d6efd}
.filters{display:flex;gap:10px;align-items:center;margin:8px 0 12px;flex-wrap:wrap}
.filters input{padding:6px 10px;border:1px solid var(--line);border-radius:6px;min-width:280px;font:inherit}
.muted{color:var(--muted)}
.small{font-size:13px}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;white-space:nowrap}
details{margin:6px 0}
summary{cursor:pointer}
.item{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:12px 0}
.item.failed{border-left:6px solid #dc3545}
.item.infrastructure-error{border-left:6px solid #fd7e14}
.shots img{max-width:360px;border:1px solid var(--line);margin:4px 8px 4px 0}
.sign{display:grid;grid-template-columns:1fr 1fr;gap:28px;margin-top:28px}
.sign div{border-top:1px solid var(--fg);padding-top:6px;color:var(--muted);min-height:60px}
@media print{.filters,.cards button{display:none}body{max-width:none}}
`;
