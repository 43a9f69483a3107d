// Item 4: the proxy cuts the connection of the first create-session request that carried an
// Idempotency-Key, right after the upstream created the session. The client must retry with the same
// key and the same body and get 101 for that session: never a second session, never a new key. The
// retry is the sender's next request with that key or that body; one that keeps the key but changes
// the body is item 5's failure, so it leaves this item unchecked rather than failing it twice.
import { created, replayed, sameSender } from '../journal.ts';
import { describeCall, failed, keyText, notChecked, passed, type Grader } from '../verdict.ts';

const FIX = 'on a connection error (ECONNRESET, a timeout), retry the same request: the same body bytes and the same Idempotency-Key; never drop the key, never make a new one for a retry';

export const gradeRetry: Grader = ({ calls, journal }) => {
  if (!journal.capabilities.drop) return notChecked('this run was not set up to cut a connection (run npm run certify-client)');
  const drop = calls.find((c) => c.outcome === 'dropped');
  if (!drop) {
    const keyed = calls.some((c) => c.key !== undefined);
    return notChecked(keyed ? 'no request with an Idempotency-Key created a session, so no connection was cut' : 'no request carried an Idempotency-Key, so no connection was cut (the proxy cuts only a keyed request; see item 3)');
  }
  const cut = { text: `${describeCall(drop)} (${keyText(drop.key)})`, seqs: [drop.seq] };
  const retry = calls.find((c) => c.seq > drop.seq && sameSender(c, drop) && (c.key === drop.key || c.bodyHash === drop.bodyHash));
  if (!retry) {
    return failed('the connection was cut right after the session was created, and the client never retried: its user never got the URL', FIX, [cut]);
  }
  const evidence = [cut, { text: `retry ${describeCall(retry)} (${keyText(retry.key)}, ${retry.bodyHash === drop.bodyHash ? 'the same body' : 'another body'}) ${((retry.receivedAtMs - drop.answeredAtMs) / 1000).toFixed(1)} s later`, seqs: [retry.seq] }];
  const second = created(retry) ? `: a second session was created (${retry.sessionId})` : '';
  if (retry.key === undefined) return failed(`the client retried without an Idempotency-Key${second}`, FIX, evidence);
  if (retry.key !== drop.key) return failed(`the client retried with a new Idempotency-Key${second}`, FIX, evidence);
  if (retry.bodyHash !== drop.bodyHash) return notChecked('the retry kept the Idempotency-Key but changed the body (refused 13723): item 5 grades that', evidence);
  if (replayed(retry) && retry.sessionId === drop.sessionId) return passed(`the client retried with the same Idempotency-Key and body ${((retry.receivedAtMs - drop.answeredAtMs) / 1000).toFixed(1)} s after the cut and got 101 for the same session`, evidence);
  return notChecked(`the retry had the same key and body, but the server did not replay it (${describeCall(retry)}), so the outcome says nothing about the client`, evidence);
};
