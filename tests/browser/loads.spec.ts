// SM-URL-LOADS: a fresh authorized_url opens in a browser as a 2xx document that is not an error page.
// The plug-in page's markup and wording are not documented (contract-notes.md): nothing here reads
// them, in either mode (the simulator's own page is tested in tests/mock).
import { openTopLevel } from '../../src/browser/document-probe.ts';
import { attachDocument, attachScreenshot } from '../../src/browser/evidence.ts';
import { expect, test } from '../../src/browser/fixtures.ts';
import { classifyDocument, describeVerdict } from '../../src/browser/page-verdict.ts';
import { createSession } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';

test('a fresh authorized_url loads: a 2xx document, not an error page', { tag: ['@SM-URL-LOADS'] }, async ({ page, sender, contract, config, probeOptions }, testInfo) => {
  const body = validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' });
  const session = await createSession(sender, 'create session', body);

  const observation = await openTopLevel(page, session.data.authorized_url, probeOptions);
  const verdict = classifyDocument(observation);
  await attachDocument(testInfo, 'plug-in page', observation, describeVerdict(verdict));
  await attachScreenshot(testInfo, 'plug-in page', page);
  expect(verdict, describeVerdict(verdict)).toMatchObject({ kind: 'loaded' });

});
