// Playwright cannot download its own browser here: it launches Debian's. Headless, that is Debian's
// chromium-headless-shell when installed (what Playwright itself runs headless, from the same
// Chromium source): the full browser in headless mode costs several times the CPU for every context,
// which on a 2-core machine was the biggest part of a conformance run (30 s of CPU for 14 browser
// checks, against 5 s). Headed (`--headed`), or without the shell, it is the full chromium.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export const FULL_CHROMIUM_PATH = '/usr/bin/chromium';
export const HEADLESS_SHELL_PATH = '/usr/bin/chromium-headless-shell';

function headed(): boolean {
  return process.argv.includes('--headed') || process.argv.includes('--debug') || process.argv.includes('--ui');
}

/** INGO_CHROMIUM_PATH, else the headless shell when installed and headless, else the full chromium. */
export const CHROMIUM_PATH = process.env['INGO_CHROMIUM_PATH'] || (!headed() && existsSync(HEADLESS_SHELL_PATH) ? HEADLESS_SHELL_PATH : FULL_CHROMIUM_PATH);

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
