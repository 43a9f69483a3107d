// The browser checks' fixtures, on top of the harness's: every browser context is fenced off the
// internet and may frame loopback URLs from a public origin (Chromium's local-network-access
// permission), so a framing result reflects the target's own policy; a session sender; and a clock
// that moves a session past its expiry (virtual in mock mode, real in remote mode).
import { BOXED, browserTest as harnessTest, expect } from '../harness/fixtures.ts';
import { startIsolatedSimulator } from '../harness/isolated-simulator.ts';
import { warn } from '../report/annotations.ts';
import { guardNetwork } from './network-guard.ts';
import type { ProbeOptions } from './document-probe.ts';
import type { SessionSender } from './sessions.ts';
import { realUrlClock, virtualUrlClock, type UrlClock } from './url-clock.ts';

/** Chromium's permission for a public page to reach loopback/private addresses (frames included). */
export const LOCAL_NETWORK_ACCESS = 'local-network-access';

export interface BrowserFixtures {
  /** Creates sessions for the primary participant on the target: the checked client (`api`). */
  sender: SessionSender;
  /** How a page is inspected: the configured expired marker of the real plug-in, waits scaled to the target. */
  probeOptions: ProbeOptions;
  /**
   * A sender and a clock for checks that outlive a URL: in mock mode a fresh simulator whose virtual
   * clock is advanced (the worker's simulator is left alone); in remote mode the target and real time.
   */
  expiry: { sender: SessionSender; clock: UrlClock };
}

export const test = harnessTest.extend<BrowserFixtures>({
  context: async ({ context, config }, use, testInfo) => {
    await context.grantPermissions([LOCAL_NETWORK_ACCESS]);
    const guard = await guardNetwork(context, config.baseUrl ? [new URL(config.baseUrl).origin] : []);
    await use(context);
    // On a failure Playwright writes error-context.md with an ARIA snapshot of the context's first
    // page: page text, i.e. the recipient's name, in a text artifact. The failure screenshot (PNG)
    // is already taken when the test function ends; closing the pages here leaves nothing to snapshot.
    for (const page of context.pages()) await page.close();
    const blocked = guard.blockedOrigins();
    if (blocked.length) warn(testInfo, `the network guard aborted requests to non-loopback origins: ${blocked.join(', ')}`);
  },
  sender: [
    async ({ api }, use) => {
      await use(api);
    },
    BOXED,
  ],
  probeOptions: [
    async ({ config }, use) => {
      await use({
        ...(config.pluginExpiredText && { expiredText: config.pluginExpiredText }),
        ...(config.targetLatency && { latencyMs: config.targetLatency.medianMs }),
      });
    },
    BOXED,
  ],
  expiry: async ({ config, contract, target, api }, use) => {
    if (target.mode === 'remote') {
      await use({ sender: api, clock: realUrlClock(undefined, undefined, contract.urlTtlSeconds) });
      return;
    }
    // As the harness's isolatedSimulator: the same participants and, in detection-power runs, the same faults.
    const isolated = await startIsolatedSimulator(config, contract);
    try {
      await use({ sender: api.around(isolated.client), clock: virtualUrlClock(isolated.simulator.clock) });
    } finally {
      await isolated.close();
    }
  },
});

export { expect };
