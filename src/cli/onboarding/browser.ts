// The browser half of onboarding, run straight on Playwright's library (no test runner, so the whole
// checklist stays under a minute): open an authorized URL, frame it on the integrator's host page,
// and open it again after expiry. The verdicts come from the browser suite's own classifiers.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { openFramed, openTopLevel, type ProbeOptions } from '../../browser/document-probe.ts';
import { classifyFraming, describeFraming } from '../../browser/framing-verdict.ts';
import { chromiumLaunchOptions } from '../../browser/launch.ts';
import { guardNetwork } from '../../browser/network-guard.ts';
import { classifyDocument, describeVerdict, type PageVerdict } from '../../browser/page-verdict.ts';

/** Chromium's permission for a public host page to frame a loopback plug-in (the local simulator). */
const LOCAL_NETWORK_ACCESS = 'local-network-access';

export interface OnboardingBrowser {
  /** Opens `url` top-level in a page of its own (kept, so it can be opened again after expiry). */
  open(url: string): Promise<{ page: Page; verdict: PageVerdict; text: string }>;
  /** Opens `url` again in the same page. */
  reopen(page: Page, url: string): Promise<{ verdict: PageVerdict; text: string }>;
  /** Frames `url` on a routed page of `hostOrigin`. */
  frame(hostOrigin: string, url: string): Promise<{ rendered: boolean; text: string }>;
  close(): Promise<void>;
}

/** `probe` is read at each page: the target's latency becomes known after the browser starts. */
export async function launchBrowser(allowedOrigins: readonly string[], probe: () => ProbeOptions): Promise<OnboardingBrowser> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const context: BrowserContext = await browser.newContext();
  await context.grantPermissions([LOCAL_NETWORK_ACCESS]);
  // The plug-in may live on another origin than the API: each URL's origin is allowed as it is opened.
  await guardNetwork(context, allowedOrigins);
  return {
    async open(url) {
      const page = await context.newPage();
      const verdict = classifyDocument(await openTopLevel(page, url, probe()));
      return { page, verdict, text: describeVerdict(verdict) };
    },
    async reopen(page, url) {
      const verdict = classifyDocument(await openTopLevel(page, url, probe()));
      return { verdict, text: describeVerdict(verdict) };
    },
    async frame(hostOrigin, url) {
      const page = await context.newPage();
      try {
        const observation = await openFramed(page, hostOrigin, url, probe());
        const verdict = classifyFraming(observation, new URL(hostOrigin).origin);
        return { rendered: verdict.kind === 'rendered', text: describeFraming(verdict) };
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
