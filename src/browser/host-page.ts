// Emulates an integrator's page: Playwright fulfils a small HTML page on the given origin (the
// participant's white-listed host, or a stranger's) that mounts the authorized_url in an <iframe>,
// the way the IngoPay iFrame SDK is mounted. Nothing is fetched from that origin: the route answers.
import type { BrowserContext } from '@playwright/test';

export const PLUGIN_FRAME_NAME = 'ingopay-plugin';
const HOST_PATH = '/ingopay-host.html';

export interface HostPage {
  readonly origin: string;
  readonly url: string;
}

/** Routes `origin` so that its host page frames `frameUrl`; every other path on it is a 404. */
export async function routeHostPage(context: BrowserContext, origin: string, frameUrl: string): Promise<HostPage> {
  const hostOrigin = new URL(origin).origin;
  const url = hostOrigin + HOST_PATH;
  await context.route(`${hostOrigin}/**`, async (route) => {
    if (new URL(route.request().url()).pathname !== HOST_PATH) {
      await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      return;
    }
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPageHtml(frameUrl) });
  });
  return { origin: hostOrigin, url };
}

export function hostPageHtml(frameUrl: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Integrator page</title></head>',
    '<body>',
    '<h1>Integrator page</h1>',
    `<iframe name="${PLUGIN_FRAME_NAME}" src="${escapeAttribute(frameUrl)}" width="480" height="640" title="IngoPay"></iframe>`,
    '</body></html>',
  ].join('\n');
}

// The authorized_url carries '&' between t and h: unescaped it still works in HTML, but an escaped
// attribute is what a careful integrator writes, and it keeps the URL byte-for-byte intact.
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
