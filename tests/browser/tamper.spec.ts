// SM-URL-TAMPER: an authorized_url with an altered or foreign token, or truncated, is refused: a
// 4xx, or the configured refusal text (INGO_PLUGIN_EXPIRED_TEXT) on any status. A forgery that loads
// the plug-in fails. The token's form is not documented (the example's ?t=…&h=…, or ?token=…):
// src/browser/tamper.ts forges whichever the URL carries.
import { openTopLevel } from '../../src/browser/document-probe.ts';
import { attachDocument } from '../../src/browser/evidence.ts';
import { expect, test } from '../../src/browser/fixtures.ts';
import { classifyDocument, describeVerdict, refusalHint } from '../../src/browser/page-verdict.ts';
import { createSession } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { TAMPER_DESCRIPTIONS, TAMPER_KINDS, tamperedUrl } from '../../src/browser/tamper.ts';
import { notChecked, observe } from '../../src/report/annotations.ts';

for (const kind of TAMPER_KINDS) {
  test(`a forged authorized_url is refused: ${TAMPER_DESCRIPTIONS[kind]}`, { tag: ['@SM-URL-TAMPER'] }, async ({ page, sender, contract, config, probeOptions }, testInfo) => {
    const session = await createSession(sender, 'create session', validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' }));
    const other = kind === 'foreign-token' ? await createSession(sender, 'create a second session', validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' })) : undefined;
    const forged = tamperedUrl(kind, session.data.authorized_url, other?.data.authorized_url);
    if (!forged) notChecked(testInfo, `the authorized_url carries no query token to forge for "${TAMPER_DESCRIPTIONS[kind]}"`);
    expect(forged).not.toBe(session.data.authorized_url);

    const observation = await openTopLevel(page, forged, probeOptions);
    const verdict = classifyDocument(observation);
    await attachDocument(testInfo, `forged URL (${kind})`, observation, describeVerdict(verdict));
    observe(testInfo, 'SM-URL-TAMPER', `${kind}: ${describeVerdict(verdict)}`);
    expect(verdict, describeVerdict(verdict) + refusalHint(probeOptions.expiredText)).toMatchObject({ kind: 'refused' });
  });
}

test("a forged authorized_url is refused: another participant's t and h on this session's id", { tag: ['@SM-URL-TAMPER'] }, async ({ page, sender, secondaryApi, contract, config, probeOptions }, testInfo) => {
  if (!secondaryApi || !config.secondary) notChecked(testInfo, 'no secondary participant configured (INGO_SECONDARY_*)');
  const session = await createSession(sender, 'create session', validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' }));
  const foreign = await createSession(secondaryApi, 'create a session for the secondary participant', validSessionBody(contract, { hostUri: config.secondary.hostUri, idPrefix: 'browser' }));
  const forged = tamperedUrl('foreign-token', session.data.authorized_url, foreign.data.authorized_url);
  if (!forged) notChecked(testInfo, 'the authorized_url carries no query token to swap');

  const observation = await openTopLevel(page, forged, probeOptions);
  const verdict = classifyDocument(observation);
  await attachDocument(testInfo, "forged URL (another participant's token)", observation, describeVerdict(verdict));
  observe(testInfo, 'SM-URL-TAMPER', `foreign-participant-token: ${describeVerdict(verdict)}`);
  expect(verdict, describeVerdict(verdict) + refusalHint(probeOptions.expiredText)).toMatchObject({ kind: 'refused' });
});
