// HTTP through Playwright's APIRequestContext (the `request` fixture), so API calls show in traces.
import type { APIRequestContext } from '@playwright/test';
import { classifyNetworkError, TransportError, type HttpTransport } from './transport.ts';

export function playwrightTransport(context: APIRequestContext): HttpTransport {
  return async (req) => {
    try {
      const res = await context.fetch(req.url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(req.body && { data: Buffer.from(req.body) }),
        timeout: req.timeoutMs,
        failOnStatusCode: false,
        maxRedirects: 0,
      });
      const body = await res.body();
      return { status: res.status(), headers: res.headers(), body };
    } catch (error) {
      throw new TransportError(classifyNetworkError(error), req.url, (error as Error).message.split('\n')[0] ?? 'request failed');
    }
  };
}
