// SM-DOC-EXAMPLE: the document's own example request creates a session. Two changes, both said in the
// evidence: the document shows the e-mail as "[email protected]", the web page's obfuscation
// (contract-notes.md), so the contract's copy carries the real address jack.frost@example.com; and
// against a remote server the example's host_uri (https://digitalpay.ingo.money) is not necessarily
// white-listed for the configured participant, so it is replaced by INGO_HOST_URI.
import { expectCreated } from '../../src/checks/index.ts';
import { expect, test } from '../../src/harness/fixtures.ts';

test('the document example request creates a session (100)', { tag: ['@SM-DOC-EXAMPLE'] }, async ({ api, contract, config, target }, testInfo) => {
  const body = contract.exampleRequest();
  expect(contract.validateRequest(body), 'the example satisfies the contract itself').toMatchObject({ valid: true });
  const email = (body['recipient_information'] as Record<string, unknown>)['email_address'];
  const emailNote = `e-mail ${String(email)} in place of the document's obfuscated "[email protected]" (contract-notes.md)`;
  testInfo.annotations.push({ type: 'note', description: emailNote });
  let label = `the document example request (${emailNote})`;
  if (target.mode === 'remote' && body['host_uri'] !== config.primary.hostUri) {
    const note = `host_uri ${String(body['host_uri'])} replaced by the configured white-listed host ${config.primary.hostUri} (INGO_HOST_URI); everything else as in the document`;
    body['host_uri'] = config.primary.hostUri;
    label = `the document example request (${emailNote}; ${note})`;
    testInfo.annotations.push({ type: 'note', description: note });
    await testInfo.attach('evidence note: example adapted for the remote target', { body: note, contentType: 'text/plain' });
  }
  await api.send(label, body, { expect: expectCreated(['SM-DOC-EXAMPLE'], "a session (100) for the document's example") });
});
