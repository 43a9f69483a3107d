// SM-URL-FRAME-HOST / SM-URL-FRAME-OTHER: the plug-in loads inside an iframe on the participant's
// white-listed host page, and refuses to be framed by any other origin. The host pages are
// emulated by routing (no request leaves the machine); the context may frame loopback from a public
// origin (local-network-access), so a refusal is the target's own framing policy at work. The
// plug-in page's markup is not documented: nothing here reads it.
import { openFramed } from '../../src/browser/document-probe.ts';
import { attachDocument, attachScreenshot } from '../../src/browser/evidence.ts';
import { expect, test } from '../../src/browser/fixtures.ts';
import { classifyFraming, describeFraming } from '../../src/browser/framing-verdict.ts';
import { createSession } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { notChecked, observe } from '../../src/report/annotations.ts';

/** A stranger's origin: reserved .test TLD, never resolvable, only ever answered by the route. */
const STRANGER_ORIGIN = 'https://evil.example.test';

test('the plug-in loads framed by the white-listed host page', { tag: ['@SM-URL-FRAME-HOST'] }, async ({ page, sender, contract, config, probeOptions }, testInfo) => {
  const body = validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' });
  const session = await createSession(sender, 'create session', body);

  const framed = await openFramed(page, config.primary.hostUri, session.data.authorized_url, probeOptions);
  const verdict = classifyFraming(framed, framed.host.origin);
  await attachDocument(testInfo, `plug-in framed by ${framed.host.origin}`, framed, describeFraming(verdict));
  await attachScreenshot(testInfo, `host page ${framed.host.origin}`, page);
  observe(testInfo, 'SM-URL-FRAME-HOST', `${framed.host.origin}: ${describeFraming(verdict)}`);
  expect(verdict, describeFraming(verdict)).toMatchObject({ kind: 'rendered' });

});

const strangers: Array<{ name: string; origin: (c: { secondaryHost?: string }) => string | undefined }> = [
  { name: 'an unknown origin', origin: () => STRANGER_ORIGIN },
  { name: "another participant's white-listed host", origin: (c) => c.secondaryHost },
];

for (const stranger of strangers) {
  test(`the plug-in refuses to be framed by ${stranger.name}`, { tag: ['@SM-URL-FRAME-OTHER'] }, async ({ page, sender, contract, config, probeOptions }, testInfo) => {
    const origin = stranger.origin({ ...(config.secondary && { secondaryHost: config.secondary.hostUri }) });
    if (!origin) notChecked(testInfo, 'no secondary participant configured (INGO_SECONDARY_*)');
    if (origin === config.primary.hostUri) notChecked(testInfo, `the secondary participant's host is the primary's (${origin})`);
    const session = await createSession(sender, 'create session', validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' }));

    const framed = await openFramed(page, origin, session.data.authorized_url, probeOptions);
    const verdict = classifyFraming(framed, framed.host.origin);
    await attachDocument(testInfo, `plug-in framed by ${framed.host.origin}`, framed, describeFraming(verdict));
    await attachScreenshot(testInfo, `host page ${framed.host.origin}`, page);
    // Which mechanism refuses (CSP frame-ancestors or X-Frame-Options) is the target's choice: recorded.
    observe(testInfo, 'SM-URL-FRAME-OTHER', `${framed.host.origin}: ${describeFraming(verdict)}`);
    expect(verdict, describeFraming(verdict)).toMatchObject({ kind: 'refused' });
  });
}
