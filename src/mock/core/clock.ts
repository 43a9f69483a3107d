// One clock for everything time-based in the simulator (X-Date skew, URL and key lifetimes, the Date
// header, expiration timestamps). The virtual clock runs with real time plus an offset, so a
// long-lived test simulator never drifts away from clients that sign with the wall clock; tests
// move it forward instead of sleeping.

export interface SimulatorClock {
  readonly virtual: boolean;
  nowMs(): number;
  now(): Date;
  /** Moves time forward; throws unless the clock is virtual. */
  advance(seconds: number): void;
}

export function createClock(virtual: boolean): SimulatorClock {
  let offsetMs = 0;
  return {
    virtual,
    nowMs: () => Date.now() + offsetMs,
    now: () => new Date(Date.now() + offsetMs),
    advance(seconds: number) {
      if (!virtual) throw new Error('the simulator was started without virtualClock: its time cannot be moved');
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new Error(`clock.advance needs a finite number of seconds >= 0, got ${String(seconds)}`);
      }
      offsetMs += Math.round(seconds * 1000);
    },
  };
}
