// Opens an authorized_url the two ways an integrator's customer meets it (top level, or framed by a
// host page) and collects a DocumentObservation: status, headers, the committed URL, and two
// booleans about the body. No page text leaves the browser: recipient data stays out of evidence.
import type { Frame, Page, Response } from '@playwright/test';
import { isFramingRefusalMessage } from './framing-policy.ts';
import { routeHostPage, PLUGIN_FRAME_NAME, type HostPage } from './host-page.ts';
import { guardOf } from './network-guard.ts';
import { BROWSER_ERROR_PAGE, type DocumentObservation } from './page-verdict.ts';

export interface ProbeOptions {
  /** The expired marker of the real plug-in page (remote mode); matched case-insensitively. */
  readonly expiredText?: string;
  /** The target's answer latency (median, ms): the bounded waits below grow with it. */
  readonly latencyMs?: number;
}

/** How long a page may take to settle (its network idle) before it is inspected: 5 s on a fast target. */
export function settleWaitMs(options: ProbeOptions): number {
  return 5_000 + 10 * Math.ceil(options.latencyMs ?? 0);
}

/** How long to wait for Chromium's framing-refusal notice, which only goes into the record. */
export function noticeWaitMs(options: ProbeOptions): number {
  return 2_000 + 4 * Math.ceil(options.latencyMs ?? 0);
}

export interface FramedObservation extends DocumentObservation {
  readonly host: HostPage;
  /** The plug-in frame, when the host page has one. */
  readonly frame?: Frame;
  /** Console messages the host page logged while the frame loaded (Chromium's refusal notices). */
  readonly consoleMessages: readonly string[];
}

/** Opens `url` as the top-level document. */
export async function openTopLevel(page: Page, url: string, options: ProbeOptions = {}): Promise<DocumentObservation> {
  allowTargetOrigin(page, url);
  let response: Response | null = null;
  let failure: string | undefined;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (error) {
    failure = firstLine(error);
  }
  return observe(page.mainFrame(), url, response, failure, options);
}

/** Routes a host page on `hostOrigin` that frames `url`, opens it, and observes the plug-in frame. */
export async function openFramed(page: Page, hostOrigin: string, url: string, options: ProbeOptions = {}): Promise<FramedObservation> {
  allowTargetOrigin(page, url);
  const host = await routeHostPage(page.context(), hostOrigin, url);
  const consoleMessages: string[] = [];
  let response: Response | undefined;
  let failure: string | undefined;
  const isPluginNavigation = (frame: Frame) => frame.parentFrame() === page.mainFrame();
  page.on('console', (message) => consoleMessages.push(message.text()));
  page.on('response', (r) => {
    // The last navigation response of the child frame: a redirect chain ends with the document.
    if (r.request().isNavigationRequest() && isPluginNavigation(r.frame())) response = r;
  });
  page.on('requestfailed', (request) => {
    if (request.isNavigationRequest() && isPluginNavigation(request.frame())) failure = request.failure()?.errorText ?? 'failed';
  });
  // An iframe delays its parent's load event until it has loaded or been replaced by an error page,
  // so 'load' of the host page means the plug-in frame has settled either way.
  await page.goto(host.url, { waitUntil: 'load' });
  if (failure && !consoleMessages.some(isFramingRefusalMessage)) {
    // Chromium logs its refusal notice around the frame's failure, sometimes just after the host's
    // load event: wait for it briefly, for the record (the verdict does not need it).
    await page.waitForEvent('console', { predicate: (m) => isFramingRefusalMessage(m.text()), timeout: noticeWaitMs(options) }).catch(() => undefined);
  }
  // Through the <iframe> element, not page.frame({ name }): Playwright learns a frame's name only
  // when the frame navigates, and a refused frame may never have.
  const frame = (await (await page.$(`iframe[name="${PLUGIN_FRAME_NAME}"]`))?.contentFrame()) ?? undefined;
  if (!frame) {
    const headers = response ? await response.allHeaders() : {};
    return { requestedUrl: url, committedUrl: '', ...(response && { status: response.status() }), headers, failure: failure ?? 'the host page has no plug-in frame', hasContent: false, showsExpiredMarker: false, host, consoleMessages };
  }
  const observation = await observe(frame, url, response ?? null, failure, options);
  return { ...observation, host, frame, consoleMessages };
}

async function observe(frame: Frame, requestedUrl: string, response: Response | null, failure: string | undefined, options: ProbeOptions): Promise<DocumentObservation> {
  const committedUrl = frame.url();
  const headers = response ? await response.allHeaders() : {};
  // A failed navigation may still be committing Chromium's error page: there is no document to read.
  const noDocument = failure !== undefined || committedUrl.startsWith(BROWSER_ERROR_PAGE);
  const body = noDocument ? { hasContent: false, showsExpiredMarker: false } : await inspectBody(frame, response, options);
  return {
    requestedUrl,
    committedUrl,
    ...(response && { status: response.status() }),
    headers,
    ...(failure && { failure }),
    ...body,
  };
}

async function inspectBody(frame: Frame, response: Response | null, options: ProbeOptions): Promise<{ hasContent: boolean; showsExpiredMarker: boolean }> {
  // A real plug-in may render its expired state after load (an XHR, then a re-render): when the
  // verdict could hang on the marker, let the page's network settle first (bounded, then inspect).
  if (options.expiredText && response && response.status() < 300) {
    await frame.waitForLoadState('networkidle', { timeout: settleWaitMs(options) }).catch(() => undefined);
  }
  return frame.evaluate((marker) => {
    const body = document.body;
    const text = body ? body.innerText : '';
    return {
      hasContent: !!body && (text.trim().length > 0 || body.children.length > 0),
      showsExpiredMarker: !!marker && text.toLowerCase().includes(marker.toLowerCase()),
    };
  }, options.expiredText ?? '');
}

function allowTargetOrigin(page: Page, url: string): void {
  // Loopback targets pass the guard anyway; a remote plug-in host must be let through explicitly.
  guardOf(page.context()).allow(new URL(url).origin);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';
}
