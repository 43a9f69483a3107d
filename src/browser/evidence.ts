// Browser evidence for the report: what the browser saw of a document (status, framing headers,
// committed URL, verdict) and a PNG screenshot. Never the page's HTML or text, which would carry the
// recipient's personal data into text artifacts unmasked.
import type { Page, TestInfo } from '@playwright/test';
import type { DocumentObservation } from './page-verdict.ts';

/** Response headers worth showing: they decide framing and caching of a one-time URL. */
/** Not the exchange prefix ('evidence: '): these attachments have their own shape. */
export const BROWSER_EVIDENCE_PREFIX = 'browser evidence: ';

const SHOWN_HEADERS = ['content-type', 'content-security-policy', 'x-frame-options', 'cache-control', 'location'] as const;

export async function attachDocument(testInfo: TestInfo, label: string, observation: DocumentObservation, verdict: string): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = observation.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const evidence = {
    label,
    verdict,
    requestedUrl: observation.requestedUrl,
    committedUrl: observation.committedUrl,
    status: observation.status ?? null,
    headers,
    failure: observation.failure ?? null,
    hasContent: observation.hasContent,
    showsExpiredMarker: observation.showsExpiredMarker,
  };
  await testInfo.attach(`${BROWSER_EVIDENCE_PREFIX}${label}`, { body: JSON.stringify(evidence, null, 2), contentType: 'application/json' });
}

export async function attachScreenshot(testInfo: TestInfo, label: string, page: Page): Promise<void> {
  await testInfo.attach(`screenshot: ${label}`, { body: await page.screenshot(), contentType: 'image/png' });
}
