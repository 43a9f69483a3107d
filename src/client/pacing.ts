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
  /** Requests the current burst still lets through unpaced. */
  private burstLeft = 0;
  private burstInFlight = 0;
  private burstPeak = 0;

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

  /**
   * Lets exactly the next `n` requests started by `group` through together, past the concurrency cap
   * and the rate: for the one check that needs requests in flight at once (concurrent duplicates of an
   * Idempotency-Key, SM-IDEM-CONCURRENT). The rate is made up afterwards: the next ordinary request
   * waits as if the burst had been paced, so the run's average stays within maxRps. Returns the
   * group's result and how many of the burst's requests were in flight at once at the peak.
   */
  async burst<T>(n: number, group: () => Promise<T>): Promise<{ result: T; peakInFlight: number }> {
    if (!(n >= 1)) throw new Error(`a burst needs at least one request (got ${n})`);
    if (this.burstLeft > 0) throw new Error('a burst is already running');
    this.burstLeft = n;
    this.burstPeak = 0;
    try {
      const result = await group();
      return { result, peakInFlight: this.burstPeak };
    } finally {
      const used = n - this.burstLeft;
      this.burstLeft = 0;
      if (this.intervalMs > 0) this.nextStart = Math.max(this.nextStart, this.now()) + used * this.intervalMs;
    }
  }

  /** Runs `task` once a concurrency slot is free and its start slot in the rate has come. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.burstLeft > 0) return this.runInBurst(task);
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

  private async runInBurst<T>(task: () => Promise<T>): Promise<T> {
    this.burstLeft -= 1;
    this.started += 1;
    // It holds a slot like any request (over the cap), so requests after the burst queue behind it.
    this.inFlight += 1;
    this.burstInFlight += 1;
    this.burstPeak = Math.max(this.burstPeak, this.burstInFlight);
    try {
      return await task();
    } finally {
      this.burstInFlight -= 1;
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
    // Over the cap (a burst is finishing) the slot is given up; otherwise it passes straight to the next waiter.
    const next = this.inFlight > this.concurrency ? undefined : this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}

/** A transport that goes through the pacer. */
export function pacedTransport(inner: HttpTransport, pacer: Pacer): HttpTransport {
  return (request) => pacer.run(() => inner(request));
}
