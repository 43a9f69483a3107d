// The browser suite's own logic, without a browser: page verdicts, framing-policy attribution, URL
// forgeries and the real-time expiry wait. A wrong verdict here would make every browser check lie.
import { expect, test } from '@playwright/test';
import { classifyDocument, type DocumentObservation } from '../../src/browser/page-verdict.ts';
import { framingPolicyOf, policyAllows, refusingMechanism } from '../../src/browser/framing-policy.ts';
import { classifyFraming } from '../../src/browser/framing-verdict.ts';
import { hostPageHtml } from '../../src/browser/host-page.ts';
import { changeToken, flipOneCharacter, tamperedUrl } from '../../src/browser/tamper.ts';
import { realWaitMs, virtualUrlClock } from '../../src/browser/url-clock.ts';
import type { SessionResponse } from '../../src/client/session-client.ts';

const PLUGIN = 'http://127.0.0.1:4556/session/7830227a?t=637126733246949906&h=rpSb%2f%2fAeOAKjX7%2fhhOQvj9zpvwf4xeg97TuPCMtpUg0%3d';
const doc = (o: Partial<DocumentObservation>): DocumentObservation => ({ requestedUrl: PLUGIN, committedUrl: PLUGIN, status: 200, headers: {}, hasContent: true, showsExpiredMarker: false, ...o });

test.describe('page verdicts', () => {
  test('a 2xx document with content loads', () => {
    expect(classifyDocument(doc({}))).toEqual({ kind: 'loaded', status: 200 });
  });
  test('a 4xx is refused, a 5xx is an error, not a refusal', () => {
    expect(classifyDocument(doc({ status: 410 }))).toMatchObject({ kind: 'refused', by: 'http-status' });
    expect(classifyDocument(doc({ status: 403 }))).toMatchObject({ kind: 'refused' });
    expect(classifyDocument(doc({ status: 500 }))).toMatchObject({ kind: 'error' });
  });
  test('a 2xx showing the expired marker is refused', () => {
    expect(classifyDocument(doc({ showsExpiredMarker: true }))).toMatchObject({ kind: 'refused', by: 'expired-marker' });
  });
  test("Chromium's error page, a failed request and an empty document are errors", () => {
    expect(classifyDocument(doc({ committedUrl: 'chrome-error://chromewebdata/' }))).toMatchObject({ kind: 'error' });
    expect(classifyDocument(doc({ failure: 'net::ERR_CONNECTION_REFUSED' }))).toMatchObject({ kind: 'error' });
    expect(classifyDocument(doc({ hasContent: false }))).toMatchObject({ kind: 'error' });
    expect(classifyDocument(doc({ status: undefined }))).toMatchObject({ kind: 'error' });
  });
});

test.describe('framing policy', () => {
  const host = 'https://digitalpay.ingo.money';
  const self = 'http://127.0.0.1:4556';
  test('CSP frame-ancestors: exact origin, wildcard, none, self, scheme', () => {
    const only = framingPolicyOf({ 'content-security-policy': "default-src 'self'; frame-ancestors https://digitalpay.ingo.money" });
    expect(policyAllows(only, host, self)).toBe(true);
    expect(policyAllows(only, 'https://evil.example.test', self)).toBe(false);
    expect(policyAllows(only, 'http://digitalpay.ingo.money', self)).toBe(false);
    expect(policyAllows(only, 'https://digitalpay.ingo.money.evil.test', self)).toBe(false);
    expect(policyAllows(framingPolicyOf({ 'content-security-policy': 'frame-ancestors https://*.ingo.money' }), host, self)).toBe(true);
    expect(policyAllows(framingPolicyOf({ 'content-security-policy': "frame-ancestors 'none'" }), host, self)).toBe(false);
    expect(policyAllows(framingPolicyOf({ 'content-security-policy': "frame-ancestors 'self'" }), self, self)).toBe(true);
    expect(policyAllows(framingPolicyOf({ 'content-security-policy': 'frame-ancestors https:' }), host, self)).toBe(true);
    expect(refusingMechanism(only, 'https://evil.example.test', self)).toBe('csp-frame-ancestors');
  });
  test('CSP wins over X-Frame-Options; X-Frame-Options alone refuses DENY and cross-origin SAMEORIGIN', () => {
    expect(refusingMechanism(framingPolicyOf({ 'x-frame-options': 'deny' }), host, self)).toBe('x-frame-options');
    expect(refusingMechanism(framingPolicyOf({ 'x-frame-options': 'SAMEORIGIN' }), host, self)).toBe('x-frame-options');
    expect(refusingMechanism(framingPolicyOf({ 'x-frame-options': 'DENY', 'content-security-policy': `frame-ancestors ${host}` }), host, self)).toBeUndefined();
    expect(refusingMechanism(framingPolicyOf({}), host, self)).toBeUndefined();
  });
  test('a blocked frame counts as refused only when a policy or a console notice explains it', () => {
    const blocked = { ...doc({ committedUrl: 'chrome-error://chromewebdata/', failure: 'net::ERR_BLOCKED_BY_RESPONSE' }), consoleMessages: [] };
    expect(classifyFraming({ ...blocked, headers: { 'content-security-policy': `frame-ancestors ${host}` } }, 'https://evil.example.test')).toMatchObject({ kind: 'refused', by: 'csp-frame-ancestors' });
    expect(classifyFraming({ ...blocked, consoleMessages: ["Refused to display 'x' in a frame because it set 'X-Frame-Options' to 'deny'."] }, host)).toMatchObject({ kind: 'refused', by: 'x-frame-options' });
    expect(classifyFraming(blocked, host)).toMatchObject({ kind: 'error' });
    expect(classifyFraming({ ...blocked, failure: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' }, host)).toMatchObject({ kind: 'browser-blocked' });
    expect(classifyFraming({ ...doc({}), consoleMessages: [] }, host)).toMatchObject({ kind: 'rendered' });
    expect(classifyFraming({ ...doc({ status: 403 }), consoleMessages: [] }, host)).toMatchObject({ kind: 'refused', by: 'http-status' });
  });
  test('the host page frames the URL byte for byte', () => {
    expect(hostPageHtml(PLUGIN)).toContain(`src="${PLUGIN.replace('&', '&amp;')}"`);
  });
});

test.describe('URL forgeries', () => {
  const other = 'http://127.0.0.1:4556/session/5cf34a7d?t=737135937108347861&h=%2fHdR2ZYGoNDaqmyhUO1HmoWpJRa2zNjNtFXcJsuJJww%3d';
  test('altered h keeps its length, alphabet and escapes; only one character changes', () => {
    const forged = tamperedUrl('altered-h', PLUGIN)!;
    expect(forged).not.toBe(PLUGIN);
    expect(forged.length).toBe(PLUGIN.length);
    expect([...forged].filter((c, i) => c !== PLUGIN[i])).toHaveLength(1);
    expect(forged).toContain('%2f%2f');
    expect(flipOneCharacter('%2f%3d')).toBe('%2f%3dA');
  });
  test('altered t moves a numeric token by one', () => {
    expect(tamperedUrl('altered-t', PLUGIN)).toBe(PLUGIN.replace('t=637126733246949906', 't=637126733246949907'));
    expect(changeToken('99999999999999999999')).toBe('100000000000000000000');
  });
  test("foreign token puts another session's query on this session's path", () => {
    expect(tamperedUrl('foreign-token', PLUGIN, other)).toBe(`http://127.0.0.1:4556/session/7830227a?${other.split('?')[1]}`);
    expect(tamperedUrl('foreign-token', PLUGIN, PLUGIN)).toBeUndefined();
  });
  test('truncations drop the query, h or t', () => {
    expect(tamperedUrl('no-query', PLUGIN)).toBe('http://127.0.0.1:4556/session/7830227a');
    expect(tamperedUrl('missing-h', PLUGIN)).toBe('http://127.0.0.1:4556/session/7830227a?t=637126733246949906');
    expect(tamperedUrl('missing-t', PLUGIN)).toBe(PLUGIN.replace('t=637126733246949906&', ''));
    expect(tamperedUrl('missing-h', 'http://127.0.0.1/session/x')).toBeUndefined();
  });
});

test.describe('moving past expiry', () => {
  const issued = (sentAt: number, elapsedMs: number, serverDate?: number) => ({ sentAt: new Date(sentAt), elapsedMs, ...(serverDate !== undefined && { serverDate: new Date(serverDate) }) }) as SessionResponse;
  test('the real wait errs long: a server clock ahead of ours shortens it by the visible lead only', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(realWaitMs(new Date(t0 + 30_000), issued(t0, 100, t0), t0 + 100)).toBe(30_000 + 1_000 - 100 + 100);
    // Server 5 s ahead: expiry comes 5 s sooner locally.
    expect(realWaitMs(new Date(t0 + 35_000), issued(t0, 0, t0 + 5_000), t0)).toBe(31_000);
    expect(realWaitMs(new Date(t0), issued(t0, 0), t0 + 60_000)).toBe(0);
  });
  test('the virtual clock advances whole seconds past expiry + margin', async () => {
    let now = Date.parse('2026-01-01T00:00:00.400Z');
    const advanced: number[] = [];
    const clock = virtualUrlClock({ now: () => new Date(now), advance: (s: number) => { advanced.push(s); now += s * 1000; } });
    await clock.passExpiry(new Date(Date.parse('2026-01-01T00:00:30.400Z')), issued(0, 0));
    expect(advanced).toEqual([31]);
  });
});
