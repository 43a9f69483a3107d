// SM-URL-ESCAPE: recipient fields are data, never markup. A first name carrying HTML must not become
// markup: no dialog, no injected element in any frame. Whether the page shows the name at all, and
// whether it logs errors, is the plug-in's own business (its markup is not documented): observed, in
// both modes alike.
import type { Page } from '@playwright/test';
import { openTopLevel } from '../../src/browser/document-probe.ts';
import { attachDocument } from '../../src/browser/evidence.ts';
import { expect, test } from '../../src/browser/fixtures.ts';
import { classifyDocument, describeVerdict } from '../../src/browser/page-verdict.ts';
import { send, sessionOf } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { bodyStatus } from '../../src/client/answer.ts';
import { notChecked, observe } from '../../src/report/annotations.ts';

const PAYLOADS = [
  { name: 'an element with an event handler', firstName: '<img src=x onerror=alert(1)>', injected: 'img[src="x"]' },
  { name: 'an attribute break-out', firstName: '"><svg onload=alert(1)>', injected: 'svg[onload]' },
] as const;

for (const payload of PAYLOADS) {
  test(`a first name with markup renders as text: ${payload.name}`, { tag: ['@SM-URL-ESCAPE'] }, async ({ page, sender, contract, config, probeOptions }, testInfo) => {
    const signals = watchPage(page);
    const body = validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser', recipient: { first_name: payload.firstName } });
    const response = await send(sender, 'create session with markup in first_name', body);
    const apiStatus = bodyStatus(response);
    if (apiStatus !== 100) {
      // first_name has no character rule in the document: a refusal belongs to the API suite.
      observe(testInfo, 'SM-URL-ESCAPE', `no session for a first name with markup (HTTP ${response.status}, status ${String(apiStatus)})`);
      notChecked(testInfo, 'the server did not create a session for the first name with markup: nothing to render');
    }
    const { data } = sessionOf(response);

    const observation = await openTopLevel(page, data.authorized_url, probeOptions);
    const verdict = classifyDocument(observation);
    await attachDocument(testInfo, 'plug-in page', observation, describeVerdict(verdict));
    expect(verdict, describeVerdict(verdict)).toMatchObject({ kind: 'loaded' });

    for (const frame of page.frames()) {
      expect(await frame.locator(payload.injected).count(), `injected ${payload.injected} in ${frame === page.mainFrame() ? 'the page' : 'a frame'}`).toBe(0);
    }
    expect(signals.dialogs, 'dialogs opened by the page').toEqual([]);

    const shown = (await Promise.all(page.frames().map((frame) => frame.getByText(payload.firstName, { exact: false }).count()))).some((n) => n > 0);
    observe(testInfo, 'SM-URL-ESCAPE', `the first name ${shown ? 'is shown as literal text' : 'is not shown as text'}; page errors: ${signals.pageErrors.length}, console errors: ${signals.consoleErrors.length}`);
  });
}

function watchPage(page: Page) {
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message.split('\n')[0] ?? ''));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 300));
  });
  return { dialogs, pageErrors, consoleErrors };
}
