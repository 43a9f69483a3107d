// The plug-in page as the simulator's tests fetch it: plain HTTP (no browser), the page's actions, and
// authorized URLs changed on purpose.

export interface PageResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function getPage(url: string, init: RequestInit = {}): Promise<PageResponse> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** POSTs a plug-in page action (complete, fail-attempt, cancel) with the authorized URL's token. */
export async function pageAction(authorizedUrl: string, action: string, json = true): Promise<PageResponse & { json?: any }> {
  const url = new URL(authorizedUrl);
  url.pathname = `${url.pathname}/actions/${action}`;
  const res = await getPage(url.toString(), { method: 'POST', headers: json ? { accept: 'application/json' } : {} });
  return { ...res, ...(json && res.headers.get('content-type')?.includes('json') && { json: JSON.parse(res.text) }) };
}

export function withQuery(authorizedUrl: string, change: (params: URLSearchParams) => void): string {
  const url = new URL(authorizedUrl);
  change(url.searchParams);
  return url.toString();
}

/** A fresh plug-in page: a 2xx that is not the configured expired page. */
export function pageLoads(page: PageResponse, expiredText: string | undefined): boolean {
  return page.status >= 200 && page.status < 300 && !(expiredText !== undefined && page.text.includes(expiredText));
}

/** A refused plug-in page: a 4xx, or the configured expired page. */
export function pageRefused(page: PageResponse, expiredText: string | undefined): boolean {
  return (page.status >= 400 && page.status < 500) || (expiredText !== undefined && page.text.includes(expiredText));
}

/** An authorized URL with its MAC replaced, whatever the token's form. */
export function withForgedMac(authorizedUrl: string): string {
  const url = new URL(authorizedUrl);
  const forged = Buffer.alloc(32, 1).toString('base64');
  const token = url.searchParams.get('token');
  if (token !== null) url.searchParams.set('token', `${token.split('.')[0]}.${Buffer.alloc(32, 1).toString('base64url')}`);
  else url.searchParams.set('h', forged);
  return url.toString();
}
