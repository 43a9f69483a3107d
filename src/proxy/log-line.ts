// One line per exchange for the proxy's terminal: what was asked, what came back, and what the checks
// made of each side, with the first fix. Masked like the records: no recipient value, no secret.
import { apiStatusIn } from '../contract/index.ts';
import type { InspectedExchange } from './types.ts';

export function exchangeLine(exchange: InspectedExchange): string {
  const { request, outcome, inspection } = exchange;
  const status = (() => {
    if (outcome.kind === 'upstream-error') return `${outcome.status} (infrastructure: ${outcome.message})`;
    const body = apiStatus(outcome.body);
    return `${outcome.status}${body !== undefined ? ` (${body})` : ''}`;
  })();
  const cut = outcome.kind === 'dropped' ? ' · connection cut on purpose (certify: the client must retry)' : '';
  const head = `#${exchange.seq} ${request.method} ${request.target.split('?')[0]} → ${status} ${exchange.upstreamMs.toFixed(1)} ms${cut}`;
  if (!inspection.createSession) return `${head} · forwarded, not checked`;
  const failed = inspection.request.filter((f) => f.kind === 'fail');
  const client = failed.length
    ? `request ✘ ${failed.map((f) => `${f.topic}: ${f.message}`).join('; ')}${failed[0]!.fix ? ` · fix: ${failed[0]!.fix}` : ''}`
    : `request ✔${inspection.signing?.ok ? ` signed${inspection.signing.xDate.skewSeconds !== undefined ? `, X-Date ${signed(inspection.signing.xDate.skewSeconds)} s` : ''}` : ''}`;
  const notes = inspection.request.filter((f) => f.kind !== 'fail').map((f) => f.message);
  const serverFails = inspection.response.filter((f) => f.kind === 'fail');
  const server = outcome.kind === 'upstream-error' ? '' : serverFails.length ? ` · response ✘ ${serverFails.map((f) => (f.kind === 'fail' ? `[${f.requirementIds.join(', ')}] ${f.message}` : '')).join('; ')}` : ' · response ✔';
  return `${head} · ${client}${server}${notes.length ? ` · note: ${notes.join('; ')}` : ''}`;
}

function apiStatus(body: Buffer): number | undefined {
  try {
    return apiStatusIn(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
