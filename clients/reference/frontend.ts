// The integrator's checkout page, driven by Playwright: the page is served from the white-listed host
// (a routed origin) and mounts the authorized_url in an iframe, as the IngoPay iFrame SDK does. It
// reports whether the plug-in loaded or said its URL had expired (a real page would hear that from the
// SDK; here the frame's HTTP status stands in for it).
import type { BrowserContext } from '@playwright/test';
import type { Flaws } from './flaws.ts';

export type MountResult = 'loaded' | 'expired';

const OTHER_HOST = 'https://checkout.other-shop.example';

export class CheckoutPage {
  constructor(
    private readonly context: BrowserContext,
    private readonly hostOrigin: string,
    private readonly flaws: Flaws,
    private readonly log: (line: string) => void,
  ) {}

  async mount(url: string): Promise<MountResult> {
    const page = await this.context.newPage();
    try {
      if (this.flaws.mount === 'top-level') {
        const response = await page.goto(url);
        return this.result(response?.status() ?? 0, 'top-level');
      }
      const host = this.flaws.mount === 'iframe-on-other-host' ? OTHER_HOST : this.hostOrigin;
      await this.context.route(`${host}/checkout.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: checkoutHtml(url) }));
      const framed = page.waitForResponse((r) => r.url() === url, { timeout: 10_000 });
      await page.goto(`${host}/checkout.html`);
      const status = (await framed).status();
      // Let the plug-in finish loading before the page goes away.
      await page.waitForLoadState('load');
      return this.result(status, `an iframe on ${host}`);
    } finally {
      await page.close();
    }
  }

  private result(status: number, where: string): MountResult {
    this.log(`page: the plug-in in ${where} answered HTTP ${status}`);
    return status >= 200 && status < 300 ? 'loaded' : 'expired';
  }
}

function checkoutHtml(url: string): string {
  const src = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head><body><h1>Checkout</h1><iframe id="ingopay" src="${src}" width="480" height="640" title="IngoPay"></iframe></body></html>`;
}
