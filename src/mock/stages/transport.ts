// Stage "transport": what happens on the connection before a request is handled and on every
// answer: latency (chaos and seeded jitter), chaos errors and drops, keep-alive, the Date header,
// and which listener serves the plug-in page.
import { Chaos, type ChaosOptions, type ChaosOutcome } from '../core/chaos.ts';
import { mulberry32 } from '../core/random.ts';

export interface TransportSeams {
  /** Seeded jitter before every API and plug-in page answer, in ms; undefined = none. */
  jitter: { readonly minMs: number; readonly maxMs: number } | undefined;
  /** on: Node's default (5 s idle); off: `Connection: close` on every answer; short: a short idle timeout, announced. */
  keepAlive: 'on' | 'off' | 'short';
  /** The idle timeout of keepAlive 'short', announced as `Keep-Alive: timeout=N`. */
  shortIdleSeconds: number;
  /** Whether API answers carry a Date header (plug-in pages always do). */
  dateHeader: boolean;
  /** The plug-in page on the API's own listener, or on a second listener (another origin). */
  pluginOrigin: 'api' | 'separate';
}

export function defaultTransportSeams(): TransportSeams {
  return { jitter: undefined, keepAlive: 'on', shortIdleSeconds: 2, dateHeader: true, pluginOrigin: 'api' };
}

/** Node's own keep-alive idle timeout, kept when keep-alive is "on". */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;

export class Transport {
  /** True when any request needs a decision or a delay; false keeps the hot path free of both. */
  readonly active: boolean;
  readonly keepAliveTimeoutMs: number;
  private readonly chaos: Chaos;
  private readonly jitterRandom: () => number;

  constructor(
    readonly seams: Readonly<TransportSeams>,
    chaos: ChaosOptions,
    seed: number,
  ) {
    this.chaos = new Chaos(chaos);
    // Its own sequence: adding jitter must not change which requests chaos drops.
    this.jitterRandom = mulberry32(seed ^ 0x5eed);
    this.active = this.chaos.active || seams.jitter !== undefined;
    this.keepAliveTimeoutMs = seams.keepAlive === 'short' ? seams.shortIdleSeconds * 1000 : NODE_DEFAULT_KEEP_ALIVE_MS;
  }

  /** One chaos draw per API request, in arrival order. */
  decide(): ChaosOutcome {
    return this.chaos.decide();
  }

  /** The delay before answering: chaos latency plus one jitter draw, in arrival order. */
  delayMs(): number {
    const jitter = this.seams.jitter;
    if (jitter === undefined) return this.chaos.latencyMs;
    return this.chaos.latencyMs + Math.round(jitter.minMs + this.jitterRandom() * (jitter.maxMs - jitter.minMs));
  }

  /** The delay before a plug-in page answer: jitter only (chaos is for the API). */
  pageDelayMs(): number {
    const jitter = this.seams.jitter;
    return jitter === undefined ? 0 : Math.round(jitter.minMs + this.jitterRandom() * (jitter.maxMs - jitter.minMs));
  }
}
