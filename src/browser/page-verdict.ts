// "Loaded", "refused" or "error", decided only from what any real plug-in page exposes: the
// document's HTTP status, whether the browser committed its own error page, whether the document
// has any content, and (remote mode) whether the configured expired marker is shown. Nothing here
// depends on the simulator's markup: the plug-in page's markup is not documented.

export interface DocumentObservation {
  /** The URL the browser was asked to open. */
  readonly requestedUrl: string;
  /** The URL the frame committed: chrome-error://… when Chromium showed its own error page. */
  readonly committedUrl: string;
  /** The final document response's status; undefined when no response arrived. */
  readonly status?: number;
  /** The final document response's headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The network error of the document request (net::ERR_…), when it failed. */
  readonly failure?: string;
  /** The body has visible text or at least one element. */
  readonly hasContent: boolean;
  /** The configured expired marker (INGO_PLUGIN_EXPIRED_TEXT) is shown; false when none is configured. */
  readonly showsExpiredMarker: boolean;
}

export type PageVerdict =
  | { readonly kind: 'loaded'; readonly status: number }
  | { readonly kind: 'refused'; readonly by: 'http-status' | 'expired-marker'; readonly status?: number }
  | { readonly kind: 'error'; readonly reason: string; readonly status?: number };

export const BROWSER_ERROR_PAGE = 'chrome-error://';

export function classifyDocument(o: DocumentObservation): PageVerdict {
  const status = o.status;
  if (o.failure) return { kind: 'error', reason: `the document request failed: ${o.failure}`, ...(status !== undefined && { status }) };
  if (o.committedUrl.startsWith(BROWSER_ERROR_PAGE)) return { kind: 'error', reason: 'the browser showed its own error page', ...(status !== undefined && { status }) };
  if (status === undefined) return { kind: 'error', reason: 'no document response' };
  if (status >= 400 && status < 500) return { kind: 'refused', by: 'http-status', status };
  if (o.showsExpiredMarker) return { kind: 'refused', by: 'expired-marker', status };
  if (status >= 500) return { kind: 'error', reason: `server error ${status}`, status };
  if (status < 200 || status >= 300) return { kind: 'error', reason: `unexpected final status ${status}`, status };
  if (!o.hasContent) return { kind: 'error', reason: 'an empty document', status };
  return { kind: 'loaded', status };
}

/** One line for assertion messages and evidence. */
export function describeVerdict(verdict: PageVerdict): string {
  switch (verdict.kind) {
    case 'loaded':
      return `loaded (HTTP ${verdict.status})`;
    case 'refused':
      return verdict.by === 'http-status' ? `refused (HTTP ${verdict.status})` : `refused (expired marker shown, HTTP ${verdict.status ?? '-'})`;
    case 'error':
      return `error: ${verdict.reason}${verdict.status !== undefined ? ` (HTTP ${verdict.status})` : ''}`;
  }
}

/**
 * Said beside an expectation of a refusal that found a loaded page: a plug-in that answers an expired
 * or forged URL with HTTP 200 and a page of its own is read as refused only by its configured text.
 */
export function refusalHint(expiredText: string | undefined): string {
  return expiredText
    ? ''
    : ' (if this plug-in answers a refused URL with HTTP 200 and a page of its own, set INGO_PLUGIN_EXPIRED_TEXT to a text that page shows)';
}
