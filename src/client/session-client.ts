// Sends create-session requests, well-formed or deliberately broken, and returns everything a check
// or a report needs: the exact request, status, headers, raw and parsed body, timing, server date.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { SESSION_PATH, type HmacScheme } from '../contract/index.ts';
import { RateLimitedError } from './retry.ts';
import { sign, type Credentials, type SigningTweak } from './signer.ts';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.ts';
import { jsonOfBody } from './answer.ts';

export interface CreateSessionOptions {
  readonly idempotencyKey?: string;
  readonly tweak?: SigningTweak;
  /** Send these bytes instead of JSON.stringify(body) (malformed JSON, invalid UTF-8...). */
  readonly rawBody?: Uint8Array;
  /** Sign one body, send another (the body changed after signing). */
  readonly bodyAfterSigning?: Uint8Array;
  readonly contentType?: string;
  /** Extra headers sent but not signed. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface SentRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, decoded as UTF-8 for evidence. */
  readonly body: string;
  /** The body's bytes, base64, when they are not valid UTF-8 (`body` then holds replacement characters). */
  readonly bodyBase64?: string;
  readonly idempotencyKey?: string;
  /** How this request was signed, so a replay can repeat it: the same deliberate mistakes, a fresh X-Date. */
  readonly signing?: SigningRecord;
}

/**
 * What a replay needs to sign a request the way it was signed. The wrong secret of a "wrong secret"
 * request is not kept (any wrong secret reproduces it, and it may be another participant's).
 */
export interface SigningRecord {
  readonly contentType: string;
  readonly tweak?: Omit<SigningTweak, 'secret'> & { readonly wrongSecret?: true };
  /** The body that was signed, when another one was sent (UTF-8). */
  readonly signedBody?: string;
  /** Headers sent beside the signed ones and not signed (Idempotency-Key is kept on its own). */
  readonly unsignedHeaders?: Readonly<Record<string, string>>;
}

export interface SessionResponse {
  readonly request: SentRequest;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly elapsedMs: number;
  /** When the request was sent, by the harness clock. */
  readonly sentAt: Date;
  /** The server's Date header, when it sent one. */
  readonly serverDate?: Date;
  /** How the answer came about, when it took more than one request (a 503 kept while a probe was answered). */
  readonly note?: string;
}

export interface SessionClientOptions {
  readonly baseUrl: string;
  readonly credentials: Credentials;
  readonly scheme: HmacScheme;
  readonly transport: HttpTransport;
  readonly timeoutMs?: number;
  /** The clock used for X-Date (a simulator's virtual clock in tests that move time). */
  readonly now?: () => Date;
}

export class SessionClient {
  readonly url: string;

  constructor(private readonly options: SessionClientOptions) {
    this.url = new URL(SESSION_PATH, options.baseUrl).toString();
  }

  get credentials(): Credentials {
    return this.options.credentials;
  }

  /** A client for other credentials on the same target (the secondary participant). */
  withCredentials(credentials: Credentials): SessionClient {
    return new SessionClient({ ...this.options, credentials });
  }

  withClock(now: () => Date): SessionClient {
    return new SessionClient({ ...this.options, now });
  }

  async createSession(body: unknown, options: CreateSessionOptions = {}): Promise<SessionResponse> {
    const bytes = options.rawBody ?? Buffer.from(JSON.stringify(body), 'utf8');
    const contentType = options.contentType ?? 'application/json';
    const sentAt = (this.options.now ?? (() => new Date()))();
    const signed = sign(this.options.scheme, this.options.credentials, { method: 'POST', path: SESSION_PATH, body: bytes, contentType, date: sentAt }, options.tweak);
    const sentBytes = options.bodyAfterSigning ?? bytes;
    const headers: Record<string, string> = { ...signed.headers, ...options.extraHeaders };
    if (options.bodyAfterSigning) headers['Content-Length'] = String(sentBytes.byteLength);
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    const started = performance.now();
    const request: HttpRequest = { method: 'POST', url: this.url, headers, body: sentBytes, timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 10_000 };
    const { response, note } = await this.send(request);
    const elapsedMs = performance.now() - started;
    const rawBody = response.body.toString('utf8');
    const dateHeader = response.headers['date'];
    const serverDate = dateHeader ? new Date(dateHeader) : undefined;
    const sent = Buffer.from(sentBytes.buffer, sentBytes.byteOffset, sentBytes.byteLength);
    const sentText = sent.toString('utf8');
    return {
      request: {
        method: 'POST',
        url: this.url,
        headers,
        body: sentText,
        ...(!isUtf8(sent) && { bodyBase64: sent.toString('base64') }),
        ...(options.idempotencyKey !== undefined && { idempotencyKey: options.idempotencyKey }),
        signing: signingRecord(contentType, options, bytes),
      },
      status: response.status,
      headers: response.headers,
      rawBody,
      json: jsonOfBody(rawBody),
      elapsedMs,
      sentAt,
      ...(serverDate && !Number.isNaN(serverDate.getTime()) && { serverDate }),
      ...(note && { note }),
    };
  }

  /**
   * Sends through the transport. A 503 with Retry-After that this request kept getting through every
   * retry is rate limiting only if the target refuses everything: a probe (a signed body with no
   * required field, which no server turns into a session) tells. Answered, the 503 is this input's own server error and is
   * returned, for SM-ROBUST-NO-5XX to judge; refused too, it is infrastructure trouble, thrown.
   */
  private async send(request: HttpRequest): Promise<{ response: HttpResponse; note?: string }> {
    try {
      return { response: await this.options.transport(request) };
    } catch (error) {
      if (!(error instanceof RateLimitedError) || error.status !== 503 || error.end !== 'persistent' || !error.response) throw error;
      const probe = await this.probe(request.timeoutMs);
      if (probe === undefined || probe >= 500 || probe === 429) throw error;
      return { response: error.response, note: `this request got HTTP 503 with Retry-After ${error.attempts} times in a row, while a probe request to the same target was answered HTTP ${probe}: the 503 is the server's answer to this input, not rate limiting` };
    }
  }

  /**
   * The HTTP status of a harmless signed request, or undefined when it got no answer (a slow-down
   * included: it is sent once, never retried). Its body has none of the required fields, so no server
   * makes a session of it; the marker makes each probe its own request in the target's logs.
   */
  private async probe(timeoutMs: number): Promise<number | undefined> {
    const body = Buffer.from(JSON.stringify({ harness_probe: randomUUID() }), 'utf8');
    const signed = sign(this.options.scheme, this.options.credentials, { method: 'POST', path: SESSION_PATH, body, contentType: 'application/json', date: (this.options.now ?? (() => new Date()))() });
    try {
      const answer = await this.options.transport({ method: 'POST', url: this.url, headers: signed.headers, body, timeoutMs });
      return answer.status;
    } catch {
      return undefined;
    }
  }
}

function signingRecord(contentType: string, options: CreateSessionOptions, signedBytes: Uint8Array): SigningRecord {
  const { secret, ...tweak } = options.tweak ?? {};
  const deviations = { ...tweak, ...(secret !== undefined && { wrongSecret: true as const }) };
  return {
    contentType,
    ...(Object.keys(deviations).length > 0 && { tweak: deviations }),
    ...(options.bodyAfterSigning && { signedBody: Buffer.from(signedBytes).toString('utf8') }),
    ...(options.extraHeaders && Object.keys(options.extraHeaders).length > 0 && { unsignedHeaders: { ...options.extraHeaders } }),
  };
}

export function newIdempotencyKey(): string {
  return randomUUID();
}
