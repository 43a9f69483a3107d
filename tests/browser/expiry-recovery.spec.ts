// SM-URL-EXPIRES and SM-URL-RECOVERY, in one test because in remote mode they share the run's single
// real-time wait (~31 s): the file sorts first, so the wait starts early and overlaps every other
// browser check on the other worker. In mock mode a fresh simulator's virtual clock moves instead.
import { newIdempotencyKey } from '../../src/client/session-client.ts';
import { openTopLevel } from '../../src/browser/document-probe.ts';
import { attachDocument } from '../../src/browser/evidence.ts';
import { expect, test } from '../../src/browser/fixtures.ts';
import { classifyDocument, describeVerdict, refusalHint } from '../../src/browser/page-verdict.ts';
import { createSession } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { realWaitMs } from '../../src/browser/url-clock.ts';
import { timeLimitMs } from '../../src/harness/profile.ts';
import { observe } from '../../src/report/annotations.ts';

test('an authorized_url is refused after its expiry; an idempotent re-request returns the session with a new URL that loads', { tag: ['@SM-URL-EXPIRES', '@SM-URL-RECOVERY'] }, async ({ page, expiry, contract, config, probeOptions }, testInfo) => {
  // The real-time wait is the URL's lifetime plus the margin; the rest of the test takes a few requests
  // and page loads, at this target's pace.
  if (expiry.clock.kind === 'real') test.setTimeout(timeLimitMs(config, (contract.urlTtlSeconds + 45) * 1000, 10, testInfo.config.workers));
  const testStarted = Date.now();
  const key = newIdempotencyKey();
  const body = validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' });
  const first = await createSession(expiry.sender, 'create session', body, { idempotencyKey: key });

  const fresh = classifyDocument(await openTopLevel(page, first.data.authorized_url, probeOptions));
  expect(fresh, `before expiry: ${describeVerdict(fresh)}`).toMatchObject({ kind: 'loaded' });

  // A URL announcing a far-away expiry would make this wait unbounded; the documented lifetime is
  // urlTtlSeconds, so anything beyond it is a failure, not a longer wait. Measured against the server's
  // Date header; without one (not documented), against our clock, which the server's may differ from by
  // as much as the signing window allows.
  const serverDate = first.response.serverDate;
  const announcedSeconds = (first.expiresAt.getTime() - (serverDate ?? first.response.sentAt).getTime()) / 1000;
  const slack = serverDate ? 5 : contract.hmac.clockSkewSeconds + 5;
  expect(announcedSeconds, `SM-RESP-EXPIRY: authorized_url_expiration_utc is within the documented lifetime of the URL (+${slack} s ${serverDate ? 'for the Date header' : 'for an unknown server clock: no Date header'})`).toBeLessThanOrEqual(contract.urlTtlSeconds + slack);
  if (expiry.clock.kind === 'real') {
    // Without a Date header the wait may be longer than the lifetime: make room for it.
    const waitMs = realWaitMs(first.expiresAt, first.response, Date.now(), contract.urlTtlSeconds);
    test.setTimeout(Math.max(testInfo.timeout, Date.now() - testStarted + waitMs + timeLimitMs(config, 45_000, 10, testInfo.config.workers)));
  }
  const movedMs = await expiry.clock.passExpiry(first.expiresAt, first.response);
  const moved = `${expiry.clock.kind === 'real' ? 'waited' : 'virtual clock moved'} ${Math.round(movedMs / 100) / 10} s`;

  // A fresh page per navigation: a failed one commits Chromium's error page late, which would
  // interrupt the next navigation in the same page and blur the failure being reported.
  const afterExpiry = await openTopLevel(await page.context().newPage(), first.data.authorized_url, probeOptions);
  const expired = classifyDocument(afterExpiry);
  await attachDocument(testInfo, 'the same URL after expiry', afterExpiry, describeVerdict(expired));
  observe(testInfo, 'SM-URL-EXPIRES', `after expiry (${moved}): ${describeVerdict(expired)}`);
  // Soft: recovery is a separate requirement and is still checked when this one fails.
  expect.soft(expired, `after expiry: ${describeVerdict(expired)}${refusalHint(probeOptions.expiredText)}`).toMatchObject({ kind: 'refused' });

  const replay = await createSession(expiry.sender, 'idempotent re-request after expiry', body, { idempotencyKey: key, expectStatus: 101 });
  expect(replay.data.session_identifier, 'the same session').toBe(first.data.session_identifier);
  expect(replay.data.authorized_url, 'a new authorized_url').not.toBe(first.data.authorized_url);

  const recovered = await openTopLevel(await page.context().newPage(), replay.data.authorized_url, probeOptions);
  const verdict = classifyDocument(recovered);
  await attachDocument(testInfo, 'the new URL', recovered, describeVerdict(verdict));
  expect(verdict, `the new URL: ${describeVerdict(verdict)}`).toMatchObject({ kind: 'loaded' });
});
