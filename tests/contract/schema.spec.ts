// Response shapes: every response of every test is validated by the checked client (conformsToSchema,
// jsonContentType, noServerError, expiryIsIssuePlus30s). These tests make sure each documented answer
// is produced at least once here, with its own requirement id, and say what was seen.
import { clockOffset, expectCreated, expectValidationError } from '../../src/checks/index.ts';
import { validSessionBody, withValueAt } from '../../src/contract/index.ts';
import { expect, test } from '../../src/harness/fixtures.ts';

test.describe('response shapes', () => {
  test('a created session (100) has the documented shape', { tag: ['@SM-RESP-SUCCESS-SHAPE'] }, async ({ api, contract }) => {
    const answer = await api.send('a valid request', validSessionBody(contract, { participant: api.participant }), { expect: expectCreated(['SM-RESP-SUCCESS-SHAPE']) });
    // Explicitly, besides the always-on check: the body validates against SessionCreated.
    expect(contract.validateResponse(answer.status, answer.json)).toMatchObject({ valid: true, schema: 'SessionCreated' });
    const data = (answer.json as { data: { session_identifier: string; authorized_url: string } }).data;
    expect(data.session_identifier.length).toBeGreaterThan(0);
    expect(() => new URL(data.authorized_url)).not.toThrow();
  });

  test('authorized_url_expiration_utc is the issue time + 30 s by the server clock', { tag: ['@SM-RESP-EXPIRY'] }, async ({ api, contract }, testInfo) => {
    expect(contract.urlTtlSeconds).toBe(30);
    const leads: string[] = [];
    for (let i = 0; i < 5; i++) {
      // expiryIsIssuePlus30s runs on each answer; the figures are recorded for the report.
      const answer = await api.send(`valid request #${i + 1}`, validSessionBody(contract, { participant: api.participant }), { expect: expectCreated(['SM-RESP-EXPIRY']) });
      const expiry = (answer.json as { data: { authorized_url_expiration_utc: string } }).data.authorized_url_expiration_utc;
      expect(expiry, 'SM-RESP-EXPIRY: an ISO 8601 UTC date-time').toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:?00)$/);
      const offset = clockOffset(answer);
      const lead = answer.serverDate ? (Date.parse(expiry) - answer.serverDate.getTime()) / 1000 : NaN;
      leads.push(`${lead.toFixed(3)} s after Date (offset ${offset.offsetSeconds.toFixed(3)} s)`);
    }
    testInfo.annotations.push({ type: 'detail', description: `expiry vs the server's Date header: ${leads.join('; ')}` });
  });

  test('a field validation error (13400) has the documented shape and names the field', { tag: ['@SM-RESP-ERROR-SHAPE'] }, async ({ api, contract }) => {
    for (const key of ['participant_unique_id1', 'recipient_information.first_name', 'recipient_information.state']) {
      const answer = await api.send(`without ${key}`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, undefined), {
        brokenFields: [key],
        expect: expectValidationError(['SM-RESP-ERROR-SHAPE']),
      });
      expect(contract.validateResponse(answer.status, answer.json)).toMatchObject({ valid: true, schema: 'ValidationError' });
    }
  });

  test('every documented answer has a JSON content type', { tag: ['@SM-RESP-JSON'] }, async ({ api, contract }) => {
    // A success and a validation error: jsonContentType runs on each (and on every answer of every test).
    // A 401's body is not documented, so its content type is not judged (OBS-401-BODY records it).
    const answers = [
      await api.send('a valid request', validSessionBody(contract, { participant: api.participant }), { expect: expectCreated(['SM-RESP-JSON']) }),
      await api.send('an invalid request', withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.zip_code', 'ABCDE'), { brokenFields: ['recipient_information.zip_code'], expect: expectValidationError(['SM-RESP-JSON']) }),
    ];
    for (const answer of answers) {
      expect(answer.json, `SM-RESP-JSON: HTTP ${answer.status} carries a JSON body`).toBeDefined();
      expect(answer.headers['content-type'], `SM-RESP-JSON: HTTP ${answer.status}`).toMatch(/^application\/([\w.+-]+\+)?json\b/i);
    }
  });
});
