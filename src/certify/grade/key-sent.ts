// Item 3: every first attempt carries an Idempotency-Key of at most 250 characters. A first attempt is
// a request whose body (as the server compares it: canonical JSON) and whose key this sender had not
// sent before; what a retry or a recovery carries is items 4, 5 and 8's.
import type { CreateCall } from '../journal.ts';
import { failed, notChecked, passed, plural, everyOne, short, type Grader } from '../verdict.ts';

export const gradeKeySent: Grader = ({ calls, journal }) => {
  const firsts = firstAttempts(calls);
  if (firsts.length === 0) return notChecked('no create-session request reached the proxy');
  const max = journal.contract.idempotencyKey.maxLength;
  const missing = firsts.filter((c) => c.key === undefined);
  const long = firsts.filter((c) => c.key !== undefined && c.key.length > max);
  if (missing.length === 0 && long.length === 0) {
    return passed(`${everyOne(firsts.length, 'first attempt')} carried an Idempotency-Key`, [{ text: firsts.map((c) => `#${c.seq}: ${JSON.stringify(short(c.key!, 40))}`).join('; '), seqs: firsts.map((c) => c.seq) }]);
  }
  if (missing.length > 0) {
    return failed(
      `${missing.length} of ${plural(firsts.length, 'first attempt')} carried no Idempotency-Key${missing.some((c) => c.keyHeader === '') ? ' (or an empty one)' : ''}: a retry of such a request can create a second session`,
      'generate a v4 UUID per new session (crypto.randomUUID()), send it as Idempotency-Key, and keep it with the session for retries and recovery',
      [{ text: missing.map((c) => `#${c.seq}`).join(', '), seqs: missing.map((c) => c.seq) }],
    );
  }
  return failed(`${long.length} of ${plural(firsts.length, 'first attempt')} carried an Idempotency-Key longer than ${max} characters`, 'use a v4 UUID (36 characters)', [{ text: long.map((c) => `#${c.seq}: ${c.key!.length} characters`).join('; '), seqs: long.map((c) => c.seq) }]);
};

/** Requests that are neither a re-send of a body nor of a key this sender sent before. */
export function firstAttempts(calls: readonly CreateCall[]): CreateCall[] {
  const bodies = new Set<string>();
  const keys = new Set<string>();
  return calls.filter((c) => {
    const body = `${c.username ?? ''}\u0000${c.bodyHash}`;
    const key = c.key === undefined ? undefined : `${c.username ?? ''}\u0000${c.key}`;
    const first = !bodies.has(body) && (key === undefined || !keys.has(key));
    bodies.add(body);
    if (key !== undefined) keys.add(key);
    return first;
  });
}
