// npm run proxy -- --upstream <url>: a validation proxy the integrator points their backend at. It
// forwards every request unchanged (method, target, body bytes and end-to-end headers; Host names the
// upstream and hop-by-hop headers are the connection's own) and relays the answer unchanged (status,
// reason phrase, header names, order and repeats, body bytes). Once the answer is written, the
// exchange goes to the checking thread (inspector.ts), which checks both sides (inspect.ts) and
// records it, masked (record.ts): the checks add no latency to the integrator's requests. A dead
// upstream is answered 502 (504 when it does not answer in time) and recorded as infrastructure.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import type { ReceivedRequest } from '../client/verify-signing.ts';
import type { Contract } from '../contract/index.ts';
import { Inspector } from './inspector.ts';
import { askUpstream } from './upstream.ts';
import type { Exchange, InspectedExchange, Outcome, ProxyParticipant } from './types.ts';

export interface ProxyOptions {
  /** The upstream's origin: UAT, any server, or the simulator. */
  readonly upstream: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  readonly contract: Contract;
  readonly participants: readonly ProxyParticipant[];
  /** JSON Lines file every exchange is recorded to, masked. */
  readonly recordFile?: string;
  /** One line per exchange (and the proxy's own trouble). */
  readonly log?: (line: string) => void;
  /** Every exchange once checked, in the order they completed (the client card's journal). */
  readonly onExchange?: (exchange: InspectedExchange) => void;
  /** Certify mode: once the upstream has answered, relay the answer or cut the client's connection. */
  readonly afterUpstream?: (request: ReceivedRequest, status: number, body: Buffer) => 'relay' | 'drop';
  /** Per request, for the upstream's answer. Default 30 s. */
  readonly timeoutMs?: number;
  /** The clock X-Date is judged against. Default Date.now. */
  readonly now?: () => number;
}

export interface ProxyStats {
  readonly exchanges: number;
  readonly byClass: Readonly<Record<string, number>>;
  /** Records refused because they would have carried the secret (a bug if ever non-zero). */
  readonly refusedRecords: number;
}

export interface RunningProxy {
  readonly url: string;
  readonly upstream: string;
  stats(): ProxyStats;
  /** Stops listening, finishes the checks of exchanges in flight and closes the record file. */
  close(): Promise<ProxyStats>;
}

/** Largest request body the proxy buffers. */
export const MAX_PROXY_BODY_BYTES = 64 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(options.upstream).origin;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pool = new Pool(upstream, { connections: 64, keepAliveTimeout: 4_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: Math.min(timeoutMs, 10_000) } });
  const log = options.log ?? (() => undefined);
  const inspector = new Inspector({
    contract: options.contract,
    participants: options.participants,
    upstream,
    ...(options.recordFile && { recordFile: options.recordFile }),
    log,
    ...(options.onExchange && { onExchange: options.onExchange }),
  });
  let seq = 0;
  const finish = (exchange: Exchange) => inspector.submit(exchange);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    readRequestBody(req, (body) => {
      if (body === undefined) {
        res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close', 'X-Proxy-Error': 'body-too-large' });
        res.end(JSON.stringify({ message: `proxy: request bodies above ${MAX_PROXY_BODY_BYTES} bytes are not forwarded` }));
        return;
      }
      const receivedAtMs = now();
      const started = performance.now();
      const number = ++seq;
      // The request as the checks read it is built once the answer is on its way, unless certify mode needs it first.
      let request: ReceivedRequest | undefined;
      const seen = () => (request ??= received(req, body));
      const exchange = (outcome: Outcome, upstreamMs: number): Exchange => ({ seq: number, receivedAtMs, answeredAtMs: now(), upstreamMs, request: seen(), outcome });
      const fail = (error: unknown) => {
        const outcome = upstreamError(error, upstream);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(outcome.status, { 'Content-Type': 'application/json', 'X-Proxy-Error': outcome.status === 504 ? 'upstream-timeout' : 'upstream-unreachable' });
          res.end(JSON.stringify({ message: `proxy: ${outcome.message}` }));
        }
        finish(exchange(outcome, performance.now() - started));
      };
      askUpstream(pool, { method: req.method ?? 'GET', path: req.url ?? '/', headers: forwardedHeaders(req.rawHeaders), body: body.byteLength > 0 ? body : null }, (answer) => {
        if (answer instanceof Error) return fail(answer);
        const upstreamMs = performance.now() - started;
        const pairs = headerPairs(answer.rawHeaders);
        try {
          if (options.afterUpstream?.(seen(), answer.status, answer.body) === 'drop') {
            req.socket.destroy();
            finish(exchange({ kind: 'dropped', status: answer.status, headers: headerRecord(pairs), body: answer.body }, upstreamMs));
            return;
          }
          const headers = relayedHeaders(pairs, answer.body.byteLength);
          if (answer.statusText) res.writeHead(answer.status, answer.statusText, headers);
          else res.writeHead(answer.status, headers);
          res.end(answer.body);
        } catch (error) {
          return fail(error);
        }
        finish(exchange({ kind: 'answered', status: answer.status, headers: headerRecord(pairs), body: answer.body }, upstreamMs));
      });
    });
  };

  const server: Server = createServer(onRequest);
  server.keepAliveTimeout = 5_000;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  }).catch(async (error: unknown) => {
    await pool.close();
    await inspector.close();
    throw error;
  });
  const host = options.host ?? '127.0.0.1';
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  const stats = (): ProxyStats => ({ exchanges: seq, byClass: inspector.classes, refusedRecords: inspector.refusedRecords });
  let closing: Promise<ProxyStats> | undefined;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    upstream,
    stats,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await inspector.close();
        await pool.close();
        return stats();
      })()),
  };
}

function readRequestBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_PROXY_BODY_BYTES) over = true;
    else chunks.push(chunk);
  });
  req.on('end', () => done(over ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  req.on('error', () => undefined);
}

/** The request as the checks read it: lower-case names, repeated headers joined. */
function received(req: IncomingMessage, body: Buffer): ReceivedRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { method: req.method ?? 'GET', target: req.url ?? '/', httpVersion: req.httpVersion, headers, body };
}

/** The client's headers as sent (names, order, repeats), without the connection's own. */
function forwardedHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

/** The upstream's header list as strings; latin1 maps each byte to one character, so they go out as they came in. */
function headerPairs(raw: readonly Buffer[]): string[] {
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]!.toString('latin1');
  return out;
}

/** The header list to relay: the upstream's without the connection's own; a body that came chunked is relayed whole, with its length. */
function relayedHeaders(pairs: readonly string[], length: number): string[] {
  const out: string[] = [];
  let hasLength = false;
  for (let i = 0; i < pairs.length; i += 2) {
    const lower = pairs[i]!.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    out.push(pairs[i]!, pairs[i + 1]!);
  }
  if (!hasLength && length > 0) out.push('content-length', String(length));
  return out;
}

/**
 * The answer's headers as the checks read them: lower-case names, repeated headers joined, values
 * read as UTF-8. A plain object, as Node's own req.headers (which a header named __proto__ does not
 * reach either): one without a prototype takes several times longer to pass to the checking thread.
 */
function headerRecord(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase();
    const raw = pairs[i + 1]!;
    const value = NOT_ASCII.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}

const NOT_ASCII = /[^\x00-\x7f]/;

function upstreamError(error: unknown, upstream: string): Extract<Outcome, { kind: 'upstream-error' }> {
  const code = (error as { code?: string }).code ?? '';
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const what = cause ?? code ?? (error as Error).message;
  if (/TIMEOUT/.test(code)) return { kind: 'upstream-error', status: 504, message: `the upstream ${upstream} did not answer in time (${code})` };
  return { kind: 'upstream-error', status: 502, message: `the upstream ${upstream} could not be reached (${what || (error as Error).message})` };
}
