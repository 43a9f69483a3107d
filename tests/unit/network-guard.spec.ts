// No browser check reaches the internet: the guard aborts any non-loopback request that no route
// answers, while loopback traffic and routed host pages pass. Proven here on a context of its own.
import { expect, test } from '@playwright/test';
import { routeHostPage } from '../../src/browser/host-page.ts';
import { guardNetwork } from '../../src/browser/network-guard.ts';

test('the network guard aborts unrouted non-loopback requests and lets routed host pages through', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const guard = await guardNetwork(context);
    const host = await routeHostPage(context, 'https://digitalpay.ingo.money', 'about:blank');
    // Two pages: a blocked navigation commits Chromium's error page afterwards, which would
    // interrupt a second navigation in the same page.
    const blockedPage = await context.newPage();
    await expect(blockedPage.goto('https://example.com/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    const hostedPage = await context.newPage();
    const hosted = await hostedPage.goto(host.url);
    expect(hosted?.status()).toBe(200);
    expect(guard.blockedOrigins()).toEqual(['https://example.com']);
  } finally {
    await context.close();
  }
});
