// Sends create-session requests, well-formed or deliberately broken, and returns everything a check
// or a report needs: the exact request, status, headers, raw and parsed body, timing, server date.
import { randomUUID } from 'node:crypto';
import { SESSION_PATH, type HmacScheme } from '../contract/index.ts';
import { sign, type Credentials, type SigningTweak } from './signer.ts';
import type { HttpTransport } from './transport.ts';

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
  readonly idempotencyKey?: string;
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
    const response = await this.options.transport({
      method: 'POST',
      url: this.url,
      headers,
      body: sentBytes,
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 10_000,
    });
    const elapsedMs = performance.now() - started;
    const rawBody = response.body.toString('utf8');
    const dateHeader = response.headers['date'];
    const serverDate = dateHeader ? new Date(dateHeader) : undefined;
    return {
      request: {
        method: 'POST',
        url: this.url,
        headers,
        body: Buffer.from(sentBytes).toString('utf8'),
        ...(options.idempotencyKey !== undefined && { idempotencyKey: options.idempotencyKey }),
      },
      status: response.status,
      headers: response.headers,
      rawBody,
      json: parseJson(rawBody),
      elapsedMs,
      sentAt,
      ...(serverDate && !Number.isNaN(serverDate.getTime()) && { serverDate }),
    };
  }
}

export function newIdempotencyKey(): string {
  return randomUUID();
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
