// The card as a terminal checklist: one line per item with the report's status symbols, the fix
// under a failed item, the verdict and where the reports are. Fits a screen.
import { STATUSES } from '../../report/statuses.ts';
import type { ClientCard } from '../card.ts';

export function renderCardTerminal(card: ClientCard, files: readonly string[] = []): string {
  const lines: string[] = [];
  const rule = '─'.repeat(72);
  const run = card.run;
  lines.push(rule, `${card.title}`, `${run.participants.join(', ')} · ${run.mode === 'simulator' ? `against the simulator (certify mode) via ${run.baseUrl}` : `through the proxy ${run.baseUrl} to ${run.upstream}`}`, rule);
  for (const item of card.items) {
    lines.push(`${STATUSES[item.status].symbol} ${String(item.number).padStart(2)} ${item.title}: ${STATUSES[item.status].label.toLowerCase()} — ${item.summary}`);
    if (item.status === 'failed') {
      for (const e of item.evidence.slice(0, 3)) lines.push(`       ${e.text}`);
      if (item.fix) lines.push(`       fix: ${item.fix}`);
    }
  }
  if (card.serverFindings.length) {
    lines.push('', `The server's answers broke the contract ${card.serverFindings.length} time(s) (not your client's fault): ${card.serverFindings.slice(0, 2).map((f) => `#${f.seq} [${f.requirementIds.join(', ')}] ${f.message.slice(0, 120)}`).join('; ')}`);
  }
  if (run.command) lines.push('', `your flow: ${run.command} (exit ${run.commandExit ?? 'none: stopped at the timeout'})`);
  lines.push('', card.verdict.line);
  if (files.length) lines.push(`Reports: ${files.join('  ')}`);
  return lines.join('\n');
}
