// npm run conformance -- --profile onboarding: the first minute of an integrator with fresh
// credentials. One session is created and opened at once; while its URL runs out (30 s) the other
// items run beside it; then the URL is opened again (refused) and recovered with the same
// Idempotency-Key (101, same session, a new URL that loads). Under 60 s against a remote target.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from '@playwright/test';
import { refusalHint } from '../../browser/page-verdict.ts';
import { realWaitMs } from '../../browser/url-clock.ts';
import type { SessionResponse } from '../../client/session-client.ts';
import { TransportError } from '../../client/transport.ts';
import { dateHeaderOffsetSeconds, serverClockOffset } from '../../checks/clock.ts';
import { bodyData, bodyStatus, describeAnswer } from '../../client/answer.ts';
import { loadConfig, type HarnessConfig } from '../../config/index.ts';
import { loadContract, type Contract } from '../../contract/index.ts';
import { EXIT } from '../exit-code.ts';
import { launchBrowser, type OnboardingBrowser } from './browser.ts';
import { Checklist } from './checklist.ts';
import { accepted, diagnoseRefusal } from './diagnose.ts';
import { openTarget, sessionData, type OnboardingTarget } from './target.ts';
import { validSessionBody } from '../../contract/index.ts';

/** Clock offsets above this are flagged before they reach the ±300 s the server allows. */
const CLOCK_WARN_SECONDS = 60;

export async function runOnboarding(print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const started = Date.now();
  const config = loadConfig();
  const contract = loadContract();
  const target = await openTarget(config, contract);
  const list = new Checklist(print);
  print(`IngoPay onboarding checklist for ${config.primary.username} against ${target.description}`);
  print(`host page ${config.primary.hostUri} · PayPal ${config.primary.paypalEnabled ? 'enabled' : 'not enabled'} (INGO_PAYPAL_ENABLED) · ${config.primary.algorithm}\n`);
  let browser: OnboardingBrowser | undefined;
  let infrastructure = false;
  try {
    // The page waits grow with the target's latency, known once the first answer is in.
    let latencyMs: number | undefined;
    const probe = () => ({ ...(config.pluginExpiredText && { expiredText: config.pluginExpiredText }), ...(latencyMs !== undefined && { latencyMs }) });
    const browserStarting = launchBrowser([new URL(target.baseUrl).origin], probe);
    browserStarting.catch(() => undefined);
    const first = await firstSession(config, contract, target, list);
    latencyMs = first?.response.elapsedMs;
    browser = await browserStarting;
    if (!first) {
      target.answers.decide(list);
      list.skipRest('needs a session, see above');
    } else {
      await sessionItems(config, contract, target, list, browser, first, print);
    }
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    infrastructure = true;
    target.answers.decide(list);
    list.skipRest(`could not talk to the server: ${error.message}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await target.close();
  }
  // What the always-on checks found in every answer: decided last, when all answers are in.
  target.answers.decide(list);
  const results = list.all();
  const failed = results.filter((r) => r.state === 'fail').length;
  const passed = results.filter((r) => r.state === 'pass').length;
  print(`\n${passed} of ${results.length} passed${failed ? `, ${failed} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (infrastructure) return EXIT.infrastructureOnly;
  // A skipped item is one the server gave nothing to judge (no Date header: not documented), or one that
  // follows a failed item: only failures fail the checklist.
  return failed ? EXIT.conformanceFailure : EXIT.ok;
}

export interface FirstSession {
  readonly body: Record<string, unknown>;
  readonly key: string;
  readonly response: SessionResponse;
  readonly id: string;
  readonly url: string;
  readonly expiresAt: Date;
}

/** Credentials, clock and host_uri, from the first request (and, on a 401, the diagnosis). Exported for its test. */
export async function firstSession(config: HarnessConfig, contract: Contract, target: OnboardingTarget, list: Checklist): Promise<FirstSession | undefined> {
  const key = `onboarding-${randomUUID()}`;
  let body = validSessionBody(contract, { hostUri: config.primary.hostUri || null, idPrefix: 'onboarding' });
  let response = await target.send('the document\'s example request', body, { idempotencyKey: key });
  reportClock(list, response, contract);
  if (response.status === 401) {
    // Refused: the signature, or the host_uri? Without host_uri the first configured host is used.
    const withoutHost = validSessionBody(contract, { hostUri: null, idPrefix: 'onboarding' });
    const retry = await target.send('the same request without host_uri', withoutHost);
    if (accepted(retry)) {
      list.pass('credentials', `the signed request without host_uri was accepted (${describeAnswer(retry)})`);
      list.fail('host', `host_uri ${config.primary.hostUri} was refused with 401 while the same request without it was accepted: ask Ingo to white-list ${config.primary.hostUri} for ${config.primary.username}, or set INGO_HOST_URI to an origin that is`);
      body = withoutHost;
      response = await target.send('the document\'s example request without host_uri', body, { idempotencyKey: key });
    } else {
      const offset = dateHeaderOffsetSeconds(response);
      const diagnosis = await diagnoseRefusal({ client: target.client, answers: target.answers, scheme: contract.hmac, body: withoutHost, baseUrl: target.baseUrl, ...(offset !== undefined && { offsetSeconds: offset }) });
      list.fail('credentials', `the server refused our signature with 401${diagnosis.cause ? `; it accepted: ${diagnosis.cause}` : ''}`, [
        diagnosis.advice,
        `tried: ${diagnosis.tried.map((t) => `${t.name} → ${t.answer}`).join('; ')}`,
      ]);
      return undefined;
    }
  } else if (accepted(response)) {
    list.pass('credentials', `${config.primary.username}'s signed request was accepted (${describeAnswer(response)})`);
  }
  const status = bodyStatus(response);
  const data = sessionData(response);
  if (response.status >= 500 || !data || (status !== 100 && status !== 101)) {
    list.fail(list.has('credentials') ? 'host' : 'credentials', `the document's example request did not create a session: ${describeAnswer(response)}${dataHint(response)}`);
    return undefined;
  }
  list.pass('host', `host_uri ${String(body['host_uri'] ?? '(none)')} was accepted`);
  return { body, key, response, id: data.id, url: data.url, expiresAt: Number.isNaN(data.expiresAt.getTime()) ? new Date(response.sentAt.getTime() + contract.urlTtlSeconds * 1000) : data.expiresAt };
}

function reportClock(list: Checklist, response: SessionResponse, contract: Contract): void {
  const skew = contract.hmac.clockSkewSeconds;
  // The Date header is not documented: without it the server's clock is read from the session's
  // expiry, which the document puts 30 s after issue (a second coarser, for an expiry without fraction).
  const fromDate = dateHeaderOffsetSeconds(response);
  const fromExpiry = fromDate === undefined && accepted(response) ? serverClockOffset(response, contract.urlTtlSeconds) : undefined;
  const offset = fromDate ?? (fromExpiry?.via === 'expiry' ? Math.round(fromExpiry.offsetSeconds) : undefined);
  if (offset === undefined) return list.skip('clock', 'the server sent no Date header and no session expiry, so the offset cannot be measured');
  const direction = offset === 0 ? 'in step with' : offset > 0 ? `${offset} s behind` : `${-offset} s ahead of`;
  const source = fromDate === undefined ? ', read from the session\'s expiry: the server sent no Date header' : '';
  const text = `your clock is ${direction} the server's (±${fromDate === undefined ? 2 : 1} s${source}; the server allows ±${skew} s)`;
  if (Math.abs(offset) >= skew) list.fail('clock', `${text}: signed requests will be refused; synchronise your clock (NTP)`);
  else if (Math.abs(offset) >= CLOCK_WARN_SECONDS) list.pass('clock', `${text}, but close enough to the limit to fix soon`);
  else list.pass('clock', text);
}

/** Everything after the first session: the browser items, PayPal, expiry and recovery. */
async function sessionItems(config: HarnessConfig, contract: Contract, target: OnboardingTarget, list: Checklist, browser: OnboardingBrowser, first: FirstSession, print: (line: string) => void): Promise<void> {
  // The URL is good for 30 s from issue: open it first.
  const opened = await browser.open(first.url);
  if (opened.verdict.kind === 'loaded') list.pass('loads', `the authorized_url ${opened.text}`);
  else list.fail('loads', `the authorized_url did not load: ${opened.text}`);

  const hostUri = typeof first.body['host_uri'] === 'string' ? first.body['host_uri'] : undefined;
  await Promise.all([paypalItem(contract, target, list, config, hostUri), framedItem(config, contract, target, list, browser, first)]);

  const waitMs = realWaitMs(first.expiresAt, first.response, Date.now(), contract.urlTtlSeconds);
  print(`… waiting ${(waitMs / 1000).toFixed(0)} s until the first URL has expired (authorized_url_expiration_utc ${first.expiresAt.toISOString()} + 1 s)`);
  await sleep(waitMs);
  await expiryItem(list, browser, opened.page, first.url, config.pluginExpiredText);
  await recoveryItem(target, list, browser, first);
}

async function paypalItem(contract: Contract, target: OnboardingTarget, list: Checklist, config: HarnessConfig, hostUri: string | undefined): Promise<void> {
  // The first session's host_uri: if the configured one was refused, this item must not fail on it again.
  const response = await target.send('a request without email_address', validSessionBody(contract, { hostUri: hostUri || null, idPrefix: 'onboarding', withEmail: false }));
  const status = bodyStatus(response);
  if (config.primary.paypalEnabled) {
    // 13400 on any 4xx; on a 2xx it is still the refusal (contract-notes: a 2xx carrying an error status is only worth a warning).
    if (status === 13400 && response.status >= 200 && response.status < 500) list.pass('paypal', `without email_address the request was refused (${describeAnswer(response)}), as for a PayPal-enabled participant${response.status < 300 ? '; note: the error came on a 2xx status' : ''}`);
    else if (status === 100) list.fail('paypal', `without email_address a session was created (${describeAnswer(response)}): the server treats ${config.primary.username} as not PayPal-enabled. If that is right set INGO_PAYPAL_ENABLED=false; if not, ask Ingo`);
    else list.fail('paypal', `without email_address the answer was ${describeAnswer(response)}; expected 13400 for a PayPal-enabled participant`);
  } else {
    if (status === 100) list.pass('paypal', `without email_address a session was created (${describeAnswer(response)}), as for a participant that is not PayPal-enabled`);
    else if (status === 13400) list.fail('paypal', `without email_address the request was refused (${describeAnswer(response)}${dataHint(response)}): the server treats ${config.primary.username} as PayPal-enabled. Set INGO_PAYPAL_ENABLED=true and always send email_address`);
    else list.fail('paypal', `without email_address the answer was ${describeAnswer(response)}; expected 100 for a participant that is not PayPal-enabled`);
  }
}

async function framedItem(config: HarnessConfig, contract: Contract, target: OnboardingTarget, list: Checklist, browser: OnboardingBrowser, first: FirstSession): Promise<void> {
  // A session of its own: the first URL stays untouched for the expiry item.
  const hostUri = String(first.body['host_uri'] ?? config.primary.hostUri);
  const response = await target.send('a second session to frame', validSessionBody(contract, { hostUri: first.body['host_uri'] && hostUri ? hostUri : null, idPrefix: 'onboarding' }));
  const data = sessionData(response);
  if (!data) return list.fail('framed', `could not create a second session to frame: ${describeAnswer(response)}`);
  const framed = await browser.frame(hostUri, data.url);
  if (framed.rendered) list.pass('framed', `the plug-in ${framed.text} on ${hostUri}`);
  else list.fail('framed', `the plug-in did not render in an iframe on ${hostUri}: ${framed.text}`);
}

async function expiryItem(list: Checklist, browser: OnboardingBrowser, page: Page, url: string, expiredText: string | undefined): Promise<void> {
  const again = await browser.reopen(page, url);
  if (again.verdict.kind === 'refused') list.pass('expires', `after its expiry the same URL was ${again.text}`);
  else list.fail('expires', `after its expiry the same URL was ${again.text}; it must be refused${refusalHint(expiredText)}`);
}

async function recoveryItem(target: OnboardingTarget, list: Checklist, browser: OnboardingBrowser, first: FirstSession): Promise<void> {
  const response = await target.send('the same Idempotency-Key and body after expiry', first.body, { idempotencyKey: first.key });
  const data = sessionData(response);
  const status = bodyStatus(response);
  if (status !== 101 || !data) return list.fail('recovery', `the same Idempotency-Key and body answered ${describeAnswer(response)}; expected 101 with the same session`);
  if (data.id !== first.id) return list.fail('recovery', `101, but a different session (${data.id} instead of ${first.id})`);
  if (data.url === first.url) return list.fail('recovery', '101 with the same session, but the same (expired) authorized_url instead of a new one');
  const opened = await browser.open(data.url);
  await opened.page.close();
  if (opened.verdict.kind === 'loaded') list.pass('recovery', `same key and body → 101, same session, a new URL that ${opened.text}`);
  else list.fail('recovery', `101 with the same session and a new URL, but that URL did not load: ${opened.text}`);
}

/** The field names a 13400 complains about, without their messages (they may echo values). */
function dataHint(response: SessionResponse): string {
  const data = bodyData(response);
  if (!data) return '';
  const fields = Object.keys(data);
  return fields.length ? `; fields named: ${fields.join(', ')}` : '';
}

