// Runs one checkout of a reference client: `npx tsx clients/reference/client.ts [--mistake NAME]`.
// Reads INGO_BASE_URL, INGO_HMAC_USERNAME, INGO_HMAC_SECRET and INGO_HOST_URI (what npm run
// certify-client gives the command it runs) and launches Chromium (INGO_CHROMIUM_PATH, default
// /usr/bin/chromium). Exits 0 when the plug-in was shown, 1 otherwise, 2 on bad input.
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { MISTAKES, type MistakeName } from './flaws.ts';
import { runCheckout } from './flow.ts';

function fail(message: string): never {
  process.stderr.write(`reference client: ${message}\n`);
  process.exit(2);
}

let mistake: MistakeName | 'correct' = 'correct';
try {
  const { values } = parseArgs({ options: { mistake: { type: 'string' } }, strict: true });
  if (values.mistake !== undefined) {
    if (!(values.mistake in MISTAKES)) fail(`unknown --mistake ${values.mistake}; one of: ${Object.keys(MISTAKES).join(', ')}`);
    mistake = values.mistake as MistakeName;
  }
} catch (error) {
  fail((error as Error).message.split('\n')[0]!);
}
const env = (name: string) => process.env[name] || fail(`${name} is not set (npm run certify-client sets it for the command it runs)`);
const config = { baseUrl: env('INGO_BASE_URL'), username: env('INGO_HMAC_USERNAME'), secret: env('INGO_HMAC_SECRET'), hostUri: env('INGO_HOST_URI') };
// Off the network but for what the page asks for: no background traffic of the browser's own.
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env['INGO_CHROMIUM_PATH'] || '/usr/bin/chromium', args, headless: true });
try {
  const context = await browser.newContext();
  // A public host page may frame the local (loopback) simulator only with this permission.
  await context.grantPermissions(['local-network-access']);
  const shown = await runCheckout({ config, context, mistake, log: (line) => console.log(line) });
  console.log(`checkout (${mistake}): ${shown}`);
  process.exitCode = shown === 'loaded' ? 0 : 1;
} finally {
  await browser.close();
}
