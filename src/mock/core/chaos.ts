// Chaos for integrators testing their retries: added latency, a share of 503s, dropped connections.
// Decisions come from a seeded PRNG, so a given seed replays the same sequence of outcomes.
import { mulberry32 } from './random.ts';

export interface ChaosOptions {
  latencyMs?: number;
  errorRate?: number;
  dropRate?: number;
  seed?: number;
}

export type ChaosOutcome = 'pass' | 'error' | 'drop';

export class Chaos {
  readonly latencyMs: number;
  private readonly errorRate: number;
  private readonly dropRate: number;
  private readonly random: () => number;

  constructor(options: ChaosOptions) {
    this.latencyMs = checkNumber('latencyMs', options.latencyMs ?? 0, 0, 60_000);
    this.errorRate = checkNumber('errorRate', options.errorRate ?? 0, 0, 1);
    this.dropRate = checkNumber('dropRate', options.dropRate ?? 0, 0, 1);
    if (this.errorRate + this.dropRate > 1) throw new Error('chaos: errorRate + dropRate must not exceed 1');
    this.random = mulberry32(options.seed ?? 1);
  }

  get active(): boolean {
    return this.latencyMs > 0 || this.errorRate > 0 || this.dropRate > 0;
  }

  /** One draw per request, in arrival order. */
  decide(): ChaosOutcome {
    if (this.errorRate === 0 && this.dropRate === 0) return 'pass';
    const r = this.random();
    if (r < this.dropRate) return 'drop';
    if (r < this.dropRate + this.errorRate) return 'error';
    return 'pass';
  }
}

function checkNumber(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`chaos: ${name} must be a number between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}
