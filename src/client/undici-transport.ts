// HTTP through undici, for every API call of the harness (tests, CLI, benchmarks). Keep-alive is
// pooled, and a pooled connection is never reused after the server may have closed it: undici honours
// `Connection: close` and the idle timeout a server announces in `Keep-Alive: timeout=N` (it closes its
// end a second before), and without an announcement it keeps an idle connection 4 s, less than common
// server defaults (Node's 5 s). A request sent on a connection the server is closing at that very
// moment would be lost with a reset: a keep-alive race, which must never read as a verdict or as
// infrastructure trouble. (Playwright's request context reuses its connections without heeding an
// announced timeout, so the harness does not send API calls through it.)
import { Agent } from 'undici';
import { classifyNetworkError, TransportError, type HttpTransport } from './transport.ts';

/** How long an idle connection is kept when the server announces no timeout (undici's own default). */
export const UNANNOUNCED_IDLE_MS = 4_000;

export function undiciTransport(options: { connections?: number } = {}): HttpTransport & { close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 16, keepAliveTimeout: UNANNOUNCED_IDLE_MS });
  const transport = async (req: Parameters<HttpTransport>[0]) => {
    try {
      // The agent's own request(), not undici's top-level one, and the body's bytes as they are: a
      // property test sends thousands of requests, and the wrapper and the copy were a tenth of each.
      const url = new URL(req.url);
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method as 'POST',
        headers: req.headers as Record<string, string>,
        body: req.body ?? null,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      return { status: res.statusCode, headers, body };
    } catch (error) {
      throw new TransportError(classifyNetworkError(error), req.url, (error as Error).message);
    }
  };
  return Object.assign(transport, { close: () => agent.close() });
}
