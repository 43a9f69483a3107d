// Item 2: X-Date is an RFC 1123 date within ±300 s of the server's clock when the request arrives.
// Judged against the proxy's clock, corrected by the server's own when its Date header shows they
// differ by more than a few seconds.
import type { CreateCall } from '../journal.ts';
import { failed, notChecked, passed, plural, everyOne, type Grader } from '../verdict.ts';

export const gradeXDate: Grader = ({ calls, journal }) => {
  const judged = calls.filter((c) => c.exchange.inspection.signing);
  if (judged.length === 0) return notChecked('no create-session request reached the proxy');
  const window = journal.contract.hmac.clockSkewSeconds;
  const offset = serverOffsetSeconds(calls);
  const corrected = Math.abs(offset) > 5 ? offset : 0;
  const skews = judged.map((c) => ({ call: c, verdict: c.exchange.inspection.signing!.xDate }));
  const bad = skews.filter(({ verdict }) => {
    if (verdict.skewSeconds === undefined) return true;
    if (verdict.mistake?.id === 'x-date-format') return true;
    return Math.abs(verdict.skewSeconds - corrected) > window;
  });
  const clock = corrected ? ` (judged against the server's clock, ${corrected > 0 ? '+' : ''}${Math.round(corrected)} s from the proxy's by its Date header)` : '';
  if (bad.length === 0) {
    const worst = Math.max(...skews.map(({ verdict }) => Math.abs((verdict.skewSeconds ?? 0) - corrected)));
    return passed(`${everyOne(judged.length, 'request')} carried a fresh X-Date (at most ${worst.toFixed(1)} s from the server's clock; ±${window} s allowed)${clock}`, [{ text: `requests ${judged.map((c) => `#${c.seq}`).join(', ')}`, seqs: judged.map((c) => c.seq) }]);
  }
  const first = bad[0]!.verdict;
  return failed(
    `${bad.length} of ${plural(judged.length, 'request')}: ${first.mistake?.detail ?? `X-Date ${first.skewSeconds} s from the server's clock`}${clock}`,
    first.mistake?.fix ?? 'take X-Date from the clock when the request is sent, and keep the clock in sync (NTP)',
    bad.map(({ call, verdict }) => ({ text: `#${call.seq}: X-Date ${JSON.stringify(verdict.value ?? '(absent)')}${verdict.skewSeconds !== undefined ? `, ${verdict.skewSeconds > 0 ? '+' : ''}${verdict.skewSeconds} s` : ''}`, seqs: [call.seq] })),
  );
};

/** The server's clock minus the proxy's, in seconds, from the Date headers of its answers (median; 0 without any). */
export function serverOffsetSeconds(calls: readonly CreateCall[]): number {
  const offsets: number[] = [];
  for (const call of calls) {
    const outcome = call.exchange.outcome;
    if (outcome.kind === 'upstream-error' || !outcome.headers['date']) continue;
    const date = Date.parse(outcome.headers['date']);
    if (!Number.isNaN(date)) offsets.push((date + 500 - (call.receivedAtMs + call.answeredAtMs) / 2) / 1000);
  }
  if (offsets.length === 0) return 0;
  offsets.sort((a, b) => a - b);
  return offsets[Math.floor(offsets.length / 2)]!;
}
