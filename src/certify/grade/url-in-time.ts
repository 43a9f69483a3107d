// Item 6: every authorized_url is opened before its authorized_url_expiration_utc. The page's server
// (the simulator) records when each URL was asked for; the proxy recorded when it was issued.
import { issuedUrls, issuerOf, seconds } from '../journal.ts';
import { failed, notChecked, passed, plural, type Grader } from '../verdict.ts';

export const gradeUrlInTime: Grader = ({ calls, opens, journal }) => {
  if (!journal.capabilities.pages) return notChecked(`the plug-in page is served by ${journal.upstream} directly and the proxy does not see it; certify against the simulator (npm run certify-client without --via-proxy) to check this`);
  const issued = issuedUrls(calls);
  const ofIssued = opens.map((open) => ({ open, issuer: issuerOf(open, issued) })).filter((o) => o.issuer?.urlExpiresAtMs !== undefined);
  if (ofIssued.length === 0) return notChecked(issued.length ? `none of the ${plural(issued.length, 'authorized_url')} the client received was opened` : 'the client received no authorized_url');
  const late = ofIssued.filter(({ open, issuer }) => open.atMs >= issuer!.urlExpiresAtMs!);
  const after = ({ open, issuer }: (typeof ofIssued)[number]) => `opened ${seconds(open.atMs - issuer!.answeredAtMs)} after #${issuer!.seq} issued it, which lives ${seconds(issuer!.urlExpiresAtMs! - issuer!.answeredAtMs)}`;
  if (late.length === 0) {
    const slowest = ofIssued.reduce((a, b) => (b.open.atMs - b.issuer!.answeredAtMs > a.open.atMs - a.issuer!.answeredAtMs ? b : a));
    return passed(`${plural(ofIssued.length, 'open')} of an authorized_url, ${ofIssued.length === 1 ? '' : 'each '}within its lifetime (the slowest ${after(slowest)})`, ofIssued.map((o) => ({ text: after(o), seqs: [o.issuer!.seq] })));
  }
  return failed(
    `${late.length} of ${plural(ofIssued.length, 'open')} came after the URL had expired: ${after(late[0]!)}`,
    'hand the authorized_url to the browser as soon as it arrives and mount the iFrame at once (30 s from issue); create the session when the user is on the page, not ahead of time',
    late.map((o) => ({ text: `${after(o)} (${seconds(o.open.atMs - o.issuer!.urlExpiresAtMs!)} too late)`, seqs: [o.issuer!.seq] })),
  );
};
