// Pacer.burst: the one check that needs requests in flight together (SM-IDEM-CONCURRENT) gets exactly
// its group of requests through at once against a paced target; everything else stays paced, and the
// rate is made up afterwards.
import { expect, test } from '@playwright/test';
import { Pacer } from '../../src/client/pacing.ts';

/** A task that stays in flight until released, recording how many were in flight at once. */
function gate() {
  let inFlight = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const task = () =>
    new Promise<void>((resolve) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      releases.push(() => {
        inFlight -= 1;
        resolve();
      });
    });
  return { task, releaseAll: () => releases.splice(0).forEach((r) => r()), peak: () => peak, started: () => releases.length };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('paced (2 in flight, 1 per second), a burst of 24 puts all 24 in flight at once', async () => {
  let now = 0;
  const sleeps: number[] = [];
  const pacer = new Pacer({ maxRps: 1, concurrency: 2, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
  const g = gate();
  const burst = pacer.burst(24, () => Promise.all(Array.from({ length: 24 }, () => pacer.run(g.task))));
  for (let i = 0; i < 5 && g.started() < 24; i++) await tick();
  expect(g.started()).toBe(24);
  g.releaseAll();
  const { peakInFlight } = await burst;
  expect(peakInFlight).toBe(24);
  expect(g.peak()).toBe(24);
  expect(sleeps).toEqual([]);
  // The rate is made up: the next ordinary request waits for the 24 slots the burst used.
  now = 100;
  await pacer.run(async () => undefined);
  expect(sleeps).toEqual([24_000 - 100]);
});

test('only the burst\'s n requests pass unpaced; the next ones queue behind the concurrency cap again', async () => {
  const pacer = new Pacer({ concurrency: 1 });
  const g = gate();
  let peak = 0;
  const burst = pacer.burst(3, async () => {
    const group = Promise.all(Array.from({ length: 3 }, () => pacer.run(g.task)));
    await tick();
    expect(g.started()).toBe(3);
    // A fourth request, outside the burst's count, waits for a free slot (concurrency 1, three busy).
    const extra = pacer.run(g.task);
    await tick();
    expect(g.started()).toBe(3);
    g.releaseAll();
    await group;
    await tick();
    peak = g.peak();
    g.releaseAll();
    await extra;
  });
  const { peakInFlight } = await burst;
  expect(peakInFlight).toBe(3);
  expect(peak).toBe(3);
});

test('without a burst the same group is serial under concurrency 1: a check cannot mistake it for concurrency', async () => {
  const pacer = new Pacer({ concurrency: 1 });
  const g = gate();
  const group = Promise.all(Array.from({ length: 4 }, () => pacer.run(g.task)));
  for (let i = 0; i < 8; i++) {
    await tick();
    g.releaseAll();
  }
  await group;
  expect(g.peak()).toBe(1);
});

test('a burst needs a size and does not nest', async () => {
  const pacer = new Pacer({ concurrency: 1 });
  await expect(pacer.burst(0, async () => undefined)).rejects.toThrow(/at least one/);
  const outer = pacer.burst(1, () => pacer.burst(1, async () => undefined));
  await expect(outer).rejects.toThrow(/already running/);
});
