// One checkout: the backend creates the session, the page mounts the plug-in, and an expired URL is
// recovered once (the same key and body give the same session a new URL).
import type { BrowserContext } from '@playwright/test';
import { CheckoutBackend, type BackendConfig, type Customer, type PluginSession } from './backend.ts';
import { flawsOf, type MistakeName } from './flaws.ts';
import { CheckoutPage } from './frontend.ts';

export interface CheckoutOptions {
  readonly config: BackendConfig;
  readonly context: BrowserContext;
  readonly mistake: MistakeName | 'correct';
  readonly log?: (line: string) => void;
}

/** The document's example recipient. */
export function exampleCustomer(orderId: string): Customer {
  return { orderId, firstName: 'Jack', lastName: 'Frost', addressLine1: '123 Main St', addressLine2: '', city: 'Atlanta', state: 'GA', zip: '30313', email: 'jack.frost@example.com', phone: '1231231234' };
}

/** 'loaded', or why the checkout could not show the plug-in. */
export async function runCheckout(options: CheckoutOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  const flaws = flawsOf(options.mistake);
  const backend = new CheckoutBackend(options.config, flaws, log);
  const page = new CheckoutPage(options.context, options.config.hostUri, flaws, log);
  const show = async (session: PluginSession) => {
    if (flaws.mountUrl === 'after-expiry') await new Promise((r) => setTimeout(r, Math.max(0, session.expiresAt.getTime() - Date.now()) + 500));
    return page.mount(session.url);
  };
  try {
    let shown = await show(await backend.startSession(exampleCustomer(`order-${Date.now()}`)));
    if (shown === 'expired' && flaws.recoverExpired) {
      log('page: the plug-in says its URL expired; asking the backend for a new one');
      shown = await show(await backend.recover());
    }
    return shown;
  } catch (error) {
    log(`checkout failed: ${(error as Error).message}`);
    return `failed: ${(error as Error).message}`;
  }
}
