// One request to the upstream through undici's dispatcher interface: the answer's status, its header
// pairs as received (names spelled and ordered as the upstream sent them) and its body bytes. undici's
// request() wraps the same call in an async resource, a readable stream and promises; on the forwarding
// thread that layer cost more per request than the proxy's own work.
import type { Dispatcher } from 'undici';

export interface UpstreamRequest {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly path: string;
  /** Name, value, name, value… */
  readonly headers: readonly string[];
  readonly body: Buffer | null;
}

export interface UpstreamAnswer {
  readonly status: number;
  /** The reason phrase ('' when the upstream sent none). */
  readonly statusText: string;
  /** Name, value, name, value… as received. */
  readonly rawHeaders: readonly Buffer[];
  readonly body: Buffer;
}

/** Calls done once: with the whole answer, or with the error that ended the exchange (connect, timeout, reset). */
export function askUpstream(dispatcher: Dispatcher, request: UpstreamRequest, done: (result: UpstreamAnswer | Error) => void): void {
  let status = 0;
  let statusText = '';
  let rawHeaders: Buffer[] = [];
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (result: UpstreamAnswer | Error) => {
    if (settled) return;
    settled = true;
    done(result);
  };
  dispatcher.dispatch(
    { method: request.method as Dispatcher.HttpMethod, path: request.path, headers: request.headers as string[], body: request.body },
    {
      onConnect: () => undefined,
      onHeaders: (code, headers, _resume, text) => {
        // 1xx answers (100 Continue…) are the connection's business, not the client's.
        if (code >= 200) {
          status = code;
          statusText = text;
          rawHeaders = headers;
        }
        return true;
      },
      onData: (chunk) => {
        chunks.push(chunk);
        size += chunk.length;
        return true;
      },
      onComplete: () => settle({ status, statusText, rawHeaders, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }),
      onError: (error) => settle(error),
    },
  );
}
