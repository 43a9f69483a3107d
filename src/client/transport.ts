// What the session client needs from HTTP: send bytes, get status, headers and bytes back.
// Two implementations: undici (CLI, benchmarks) and Playwright's request fixture (tests).

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export type TransportFailure = 'timeout' | 'connection-refused' | 'connection-reset' | 'dns' | 'protocol' | 'other';

/**
 * The target could not be talked to. This is infrastructure trouble, never a verdict on the
 * contract: reports keep it apart from conformance failures.
 */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    readonly url: string,
    message: string,
  ) {
    super(`infrastructure error (${failure}): ${message} (${url})`);
    this.name = 'TransportError';
  }
}

export function classifyNetworkError(error: unknown): TransportFailure {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? String(error)}`;
  if (/timeout|timed out|UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT/i.test(text)) return 'timeout';
  if (/ECONNREFUSED/i.test(text)) return 'connection-refused';
  if (/ECONNRESET|socket hang up|UND_ERR_SOCKET|other side closed|EPIPE/i.test(text)) return 'connection-reset';
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return 'dns';
  if (/HPE_|parse error|invalid header|UND_ERR_INFO/i.test(text)) return 'protocol';
  return 'other';
}
