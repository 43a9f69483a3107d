// HTTP through undici: keep-alive pooling and hard timeouts, for the CLI and benchmarks.
import { Agent, request } from 'undici';
import { classifyNetworkError, TransportError, type HttpTransport } from './transport.ts';

export function undiciTransport(options: { connections?: number } = {}): HttpTransport & { close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
  const transport = async (req: Parameters<HttpTransport>[0]) => {
    try {
      const res = await request(req.url, {
        method: req.method as 'POST',
        headers: req.headers as Record<string, string>,
        body: req.body ? Buffer.from(req.body) : null,
        dispatcher: agent,
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
