// Keeps every browser check off the internet: a request leaves the machine only if it goes to a
// loopback host or to an origin the test explicitly allowed (a remote target's own origins). Routes
// registered after the guard (the emulated host pages) take precedence over it, because Playwright
// runs the most recently registered matching route first; whatever reaches the guard is aborted.
import type { BrowserContext } from '@playwright/test';
import { isLoopbackHost } from '../config/index.ts';

export interface NetworkGuard {
  /** Lets requests to this origin through (a non-loopback target's API or plug-in origin). */
  allow(origin: string): void;
  /** Origins of the requests the guard aborted, for the report. */
  blockedOrigins(): string[];
}

const guards = new WeakMap<BrowserContext, NetworkGuard>();

export async function guardNetwork(context: BrowserContext, allowedOrigins: readonly string[] = []): Promise<NetworkGuard> {
  const allowed = new Set(allowedOrigins);
  const blocked = new Set<string>();
  const leavesMachine = (url: URL) =>
    (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') &&
    !isLoopbackHost(url.hostname) &&
    !allowed.has(url.origin);
  // A predicate rather than '**': loopback traffic (the simulator) is never intercepted, so the
  // target's responses reach the browser untouched, framing headers included.
  await context.route(leavesMachine, async (route) => {
    blocked.add(new URL(route.request().url()).origin);
    await route.abort('blockedbyclient');
  });
  const guard: NetworkGuard = {
    allow: (origin) => void allowed.add(new URL(origin).origin),
    blockedOrigins: () => [...blocked].sort(),
  };
  guards.set(context, guard);
  return guard;
}

export function guardOf(context: BrowserContext): NetworkGuard {
  const guard = guards.get(context);
  if (!guard) throw new Error('this browser context has no network guard (use the browser fixtures)');
  return guard;
}

/** Whether a URL would leave the machine, were it not routed or allowed. */
export function isLoopbackUrl(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}
