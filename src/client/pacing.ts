// Good citizen on shared environments: paces requests to a rate (requests per second) with a cap on
// requests in flight. Used against non-loopback remote targets (config.maxRps set); loopback targets
// are not paced. The clock and the sleep are injectable so the pacer is unit-tested without timers.
import type { HttpTransport } from './transport.ts';

export interface PacerOptions {
  /** Requests per second; undefined → no rate limit (only the concurrency cap). */
  readonly maxRps?: number;
  /** Requests in flight at most. */
  readonly concurrency: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  readonly maxRps: number | undefined;
  readonly concurrency: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private nextStart = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private started = 0;

  constructor(options: PacerOptions) {
    if (!(options.concurrency >= 1)) throw new Error(`pacer concurrency must be at least 1 (got ${options.concurrency})`);
    if (options.maxRps !== undefined && !(options.maxRps > 0)) throw new Error(`pacer maxRps must be positive (got ${options.maxRps})`);
    this.maxRps = options.maxRps;
    this.concurrency = options.concurrency;
    this.intervalMs = options.maxRps === undefined ? 0 : 1000 / options.maxRps;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
  }

  /** Requests started so far. */
  get startedCount(): number {
    return this.started;
  }

  /** Runs `task` once a concurrency slot is free and its start slot in the rate has come. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      if (this.intervalMs > 0) {
        const now = this.now();
        const start = Math.max(now, this.nextStart);
        this.nextStart = start + this.intervalMs;
        if (start > now) await this.sleep(start - now);
      }
      this.started += 1;
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.inFlight -= 1;
  }
}

/** A transport that goes through the pacer. */
export function pacedTransport(inner: HttpTransport, pacer: Pacer): HttpTransport {
  return (request) => pacer.run(() => inner(request));
}
