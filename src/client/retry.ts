// Honours "slow down" answers without ever creating a session twice: a 429 (or a 503 with Retry-After)
// is retried after the advertised delay only when the request carries an Idempotency-Key (the server
// deduplicates it); a request that never reached the server (connection refused, DNS) is retried
// regardless. Retries are bounded; a 429/503 that persists, or one that cannot be retried safely, is
// a RateLimitedError (infrastructure trouble: its message starts with "infrastructure error"). It
// carries the last answer: a 503 that one request keeps getting while the target answers other
// requests is no rate limit but a server error on that input, and the session client returns it as
// such (see SessionClient), so SM-ROBUST-NO-5XX judges it.
import { realSleep } from './pacing.ts';
import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport, type TransportFailure } from './transport.ts';

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number;
  /** Longest wait honoured; a longer Retry-After is reported at once (default 10 s). */
  readonly maxDelayMs?: number;
  /** Wait when a 429 names no Retry-After, and between connection retries (default 1 s). */
  readonly defaultDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Called before each retry (for logs and tests). */
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Failures where the request cannot have reached the server. */
const NEVER_REACHED: readonly TransportFailure[] = ['connection-refused', 'dns'];

/** Why a "slow down" ended the request: it persisted through the retries, could not be retried safely, or asked for too long a wait. */
export type SlowDownEnd = 'persistent' | 'not-retried' | 'too-long';

/** A persistent or unretryable "slow down": infrastructure trouble, unless a probe shows the target answers other requests. */
export class RateLimitedError extends TransportError {
  constructor(
    url: string,
    readonly status: number,
    detail: string,
    /** The last answer, for the session client to return when the 503 turns out to be this input's own. */
    readonly response?: HttpResponse,
    readonly end: SlowDownEnd = 'persistent',
    /** Attempts that got the slow-down answer. */
    readonly attempts = 1,
  ) {
    super('other', url, detail);
    this.name = 'RateLimitedError';
    this.message = `infrastructure error (rate-limited, HTTP ${status}): ${detail} (${url})`;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function carriesIdempotencyKey(request: HttpRequest): boolean {
  return Object.entries(request.headers).some(([name, value]) => name.toLowerCase() === 'idempotency-key' && value.trim() !== '');
}

/** Whether an answer is a "slow down": any 429, or a 503 that says when to come back. */
export function isSlowDown(response: HttpResponse): boolean {
  return response.status === 429 || (response.status === 503 && response.headers['retry-after'] !== undefined);
}

export function retryingTransport(inner: HttpTransport, options: RetryOptions = {}): HttpTransport {
  const maxRetries = options.maxRetries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const defaultDelayMs = options.defaultDelayMs ?? 1000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  return async (request) => {
    for (let attempt = 0; ; attempt += 1) {
      let response: HttpResponse;
      try {
        response = await inner(request);
      } catch (error) {
        if (error instanceof TransportError && NEVER_REACHED.includes(error.failure) && attempt < maxRetries) {
          options.onRetry?.({ attempt: attempt + 1, delayMs: defaultDelayMs, reason: error.failure });
          await sleep(defaultDelayMs);
          continue;
        }
        throw error;
      }
      if (!isSlowDown(response)) return response;
      const advertised = parseRetryAfter(response.headers['retry-after'], now());
      const what = `HTTP ${response.status}${response.headers['retry-after'] !== undefined ? ` with Retry-After ${response.headers['retry-after']}` : ''}`;
      if (!carriesIdempotencyKey(request)) {
        throw new RateLimitedError(request.url, response.status, `the target answered ${what}; not retried because the request has no Idempotency-Key (a retry could create a second session)`, response, 'not-retried', attempt + 1);
      }
      if (attempt >= maxRetries) {
        throw new RateLimitedError(request.url, response.status, `the target still answered ${what} after ${maxRetries} retries`, response, 'persistent', attempt + 1);
      }
      const delayMs = advertised ?? defaultDelayMs;
      if (delayMs > maxDelayMs) {
        throw new RateLimitedError(request.url, response.status, `the target answered ${what}, longer than the ${maxDelayMs / 1000} s the harness waits`, response, 'too-long', attempt + 1);
      }
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: what });
      await sleep(delayMs);
    }
  };
}
