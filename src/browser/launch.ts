// Playwright cannot download its own browser here: it launches Debian's Chromium.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = process.env['INGO_CHROMIUM_PATH'] || '/usr/bin/chromium';

/** Flags that keep Chromium off the (closed) network and quiet on a root, GPU-less machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true };
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}
