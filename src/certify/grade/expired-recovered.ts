// Item 8: when an authorized_url is refused as expired (the simulator answers the first open of a
// keyed session's URL so, or the URL really had run out), the client re-requests with the same key and
// body, gets 101 for the same session and opens the new URL. How late the URLs were opened is item 6's;
// a recovery sent with a changed body is item 5's.
import { created, creationOf, issuedUrls, issuerOf, replayed, sameSender, seconds } from '../journal.ts';
import { describeCall, failed, keyText, notChecked, passed, type Grader } from '../verdict.ts';

const FIX = 'when the plug-in reports its URL expired, ask your backend for a new one: re-send the original request with the same Idempotency-Key and the same body (101 returns the same session with a new authorized_url), then mount the new URL';

export const gradeExpiredRecovered: Grader = ({ journal, calls, opens }) => {
  if (!journal.capabilities.pages) return notChecked(`the plug-in page is served by ${journal.upstream} directly and the proxy does not see it; certify against the simulator to check this`);
  const issued = issuedUrls(calls);
  const refused = opens.filter((o) => o.method === 'GET' && (o.status < 200 || o.status >= 300) && issuerOf(o, issued));
  if (refused.length === 0) return notChecked(opens.length ? 'no authorized_url was refused as expired, so a recovery was not needed' : 'no authorized_url was opened');
  const keyed = refused.map((open) => ({ open, creation: creationOf(open.sessionId, calls) })).find((r) => r.creation?.key !== undefined);
  if (!keyed) return notChecked("the expired URL's session was created without an Idempotency-Key, so it cannot be recovered (see item 3)");
  const { open, creation } = keyed;
  const expired = { text: `session ${open.sessionId}'s URL answered HTTP ${open.status}${open.planted ? ' (expired on purpose: the first open of a keyed session)' : ''}`, seqs: [issuerOf(open, issued)!.seq] };
  const later = calls.filter((c) => c.receivedAtMs >= open.atMs && sameSender(c, creation!));
  const recovery = later.find((c) => c.key === creation!.key);
  if (!recovery) {
    const fresh = later.find((c) => created(c));
    if (fresh) return failed(`after the expired answer the client created a new session (${keyText(fresh.key)}) instead of recovering the old one`, FIX, [expired, { text: describeCall(fresh), seqs: [fresh.seq] }]);
    return failed('the expired URL was not recovered: no request with the same Idempotency-Key and body followed', FIX, [expired]);
  }
  const asked = { text: `recovery ${describeCall(recovery)} (${keyText(recovery.key)}) ${seconds(recovery.receivedAtMs - open.atMs)} after the expired answer`, seqs: [recovery.seq] };
  if (recovery.bodyHash !== creation!.bodyHash) return notChecked('the recovery kept the Idempotency-Key but changed the body (refused 13723): item 5 grades that', [expired, asked]);
  if (!replayed(recovery) || recovery.sessionId !== open.sessionId) return notChecked(`the recovery had the same key and body, but the server did not answer 101 for the session (${describeCall(recovery)})`, [expired, asked]);
  const reopened = opens.find((o) => o.sessionId === open.sessionId && o.atMs >= recovery.answeredAtMs && o.t !== open.t);
  if (!reopened) return failed('the client recovered a new authorized_url (101) but never opened it', FIX, [expired, asked]);
  return passed(`recovered: the same Idempotency-Key and body ${seconds(recovery.receivedAtMs - open.atMs)} after the expired answer, 101 for the same session, and the new URL opened`, [expired, asked, { text: `the new URL answered HTTP ${reopened.status}` }]);
};
