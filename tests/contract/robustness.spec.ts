// Robustness (SM-ROBUST-NO-5XX): no input gets a 5xx, a hang or a dropped connection. What the input
// may get depends on what it is, never on one server's habits:
// - a body that cannot be a request (not JSON at all, not an object, without the required fields) is
//   refused: a 4xx, or an error status on a 2xx (contract-notes: "worth a warning");
// - a body that may be one, read leniently (JSON with comments, a JSON body sent as text/plain,
//   invalid UTF-8 decoded with replacement characters), gets a session or a refusal, and what the
//   server chose is recorded as an observation;
// - a body larger than any valid request may be refused before it is read, even by closing the
//   connection while the client still sends: a conforming early size refusal when the target answers
//   a probe afterwards (observed, never failed).
// Every request has a time limit scaled with the configured request timeout, the body's size and the
// target's latency; no answer within it, while the target answers a probe, is a hang: a failure.
import { randomUUID } from 'node:crypto';
import type { TestInfo } from '@playwright/test';
import type { CreateSessionOptions, SessionResponse } from '../../src/client/session-client.ts';
import { TransportError } from '../../src/client/transport.ts';
import { describeOutcome, expectCreatedOrRefused, expectRefused, expectValidationError, type Check } from '../../src/checks/index.ts';
import { loadContract, type Contract } from '../../src/contract/index.ts';
import { maxValidBodyBytes, type Body } from '../../src/harness/bodies.ts';
import { validSessionBody, withValueAt } from '../../src/contract/index.ts';
import type { CheckedClient } from '../../src/harness/checked-client.ts';
import { expect, test, type RunConfig } from '../../src/harness/fixtures.ts';
import { hangLimitMs } from '../../src/harness/profile.ts';

const RULE = ['SM-ROBUST-NO-5XX'];

interface NoHangOptions extends CreateSessionOptions {
  readonly expect: Check | Check[];
  readonly brokenFields?: string[];
}

interface Robust {
  readonly api: CheckedClient;
  readonly contract: Contract;
  readonly config: RunConfig;
}

/**
 * Sends with a fresh Idempotency-Key (so the one resend below can never create a second session) and
 * turns "no HTTP answer" into a verdict, once a probe shows the target answers other requests:
 * - no answer within the time limit: a hang, a failure of SM-ROBUST-NO-5XX;
 * - the connection cut while sending a body larger than any valid request: an early size refusal,
 *   recorded as OBS-BODY-SIZE-LIMIT; returns undefined;
 * - the connection cut on a body of ordinary size: sent once more (a keep-alive connection the server
 *   closed as it was reused looks the same), and cut again it is a failure.
 * If the probe gets no answer either, the target is down: infrastructure trouble, rethrown.
 */
async function sendNoHang({ api, contract, config }: Robust, label: string, body: unknown, options: NoHangOptions): Promise<SessionResponse | undefined> {
  const bytes = options.rawBody?.byteLength ?? Buffer.byteLength(JSON.stringify(body) ?? '', 'utf8');
  const timeoutMs = hangLimitMs(config, bytes);
  const keyed = { idempotencyKey: randomUUID(), ...options, timeoutMs };
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.send(attempt === 1 ? label : `${label} (sent again after a reset)`, body, keyed);
    } catch (error) {
      if (!(error instanceof TransportError) || (error.failure !== 'timeout' && error.failure !== 'connection-reset')) throw error;
      const alive = await api.raw.createSession(probeBody, { timeoutMs: hangLimitMs(config, 0) }).then(
        () => true,
        () => false,
      );
      if (!alive) throw error;
      if (error.failure === 'connection-reset' && bytes > maxValidBodyBytes(contract)) {
        api.recorder.observe('OBS-BODY-SIZE-LIMIT', `${label}: the connection was closed while sending ${bytes} bytes (larger than any valid request, ${maxValidBodyBytes(contract)} bytes at most); the target answered the next request`);
        return undefined;
      }
      if (error.failure === 'connection-reset' && attempt === 1) continue;
      const what = error.failure === 'timeout' ? `no answer within ${timeoutMs} ms (the server hangs on this input)` : 'the connection was cut without an HTTP answer, twice';
      // The transport's own words (ECONNRESET...) are left out: they would make the report file this as infrastructure trouble.
      throw new Error(`[SM-ROBUST-NO-5XX] "${label}": ${what}, while the target answers other requests`);
    }
  }
}

/** Any small request: only whether the target answers at all matters. */
const probeBody = { probe: true };

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Room in the test's time limit for one hang, its probe and one resend. */
function allowHangs(testInfo: TestInfo, config: RunConfig, bodyBytes: number): void {
  if (testInfo.timeout > 0) testInfo.setTimeout(testInfo.timeout + 3 * hangLimitMs(config, bodyBytes));
}

/** Records what the server chose for input whose treatment the document leaves open. */
function observeOutcome(api: CheckedClient, id: string, label: string, answer: SessionResponse | undefined): void {
  api.recorder.observe(id, `${label}: ${answer ? describeOutcome(answer) : 'refused before the body was read (connection closed)'}`);
}

test.describe('robustness', () => {
  test('a body that is not JSON at all → refused', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }, testInfo) => {
    const valid = JSON.stringify(validSessionBody(contract, { participant: api.participant }));
    allowHangs(testInfo, config, valid.length);
    // No parser, however lenient, gets the required fields out of these.
    const cases: Array<[string, string]> = [
      ['an unterminated object', '{'],
      ['a truncated body', valid.slice(0, Math.floor(valid.length / 2))],
      ['an empty body', ''],
      ['only whitespace', '   \n  '],
      ['a bare word', 'hello'],
    ];
    for (const [what, text] of cases) {
      await sendNoHang({ api, contract, config }, `malformed JSON: ${what}`, undefined, { rawBody: bytes(text), expect: expectRefused(RULE, `a refusal of ${what}`) });
    }
  });

  test('JSON with extensions a lenient parser accepts → a session or a refusal, never a 5xx', { tag: ['@SM-ROBUST-NO-5XX', '@OBS-LENIENT-JSON'] }, async ({ api, contract, config }, testInfo) => {
    const valid = () => JSON.stringify(validSessionBody(contract, { participant: api.participant }));
    allowHangs(testInfo, config, 2 * valid().length);
    // Newtonsoft.Json, JSON5 and friends read these; strict parsers refuse them. The document only
    // names the content type, so either is conforming.
    const cases: Array<[string, string]> = [
      ['a trailing comma', valid().replace(/}$/, ',}')],
      ['single quotes', valid().replace(/"/g, "'")],
      ['NaN as a value', valid().replace(/}$/, ',"x":NaN}')],
      ['a comment', `/* c */${valid()}`],
      ['text after the object', `${valid()} trailing`],
      ['two objects', `${valid()}${valid()}`],
    ];
    for (const [what, text] of cases) {
      const answer = await sendNoHang({ api, contract, config }, `lenient JSON: ${what}`, undefined, { rawBody: bytes(text), expect: expectCreatedOrRefused(RULE) });
      observeOutcome(api, 'OBS-LENIENT-JSON', what, answer);
    }
  });

  test('well-formed JSON that is not a request object → refused', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }, testInfo) => {
    allowHangs(testInfo, config, 16);
    for (const text of ['null', '[]', '[{}]', '42', '"text"', 'true', '{}']) {
      await sendNoHang({ api, contract, config }, `JSON ${text}`, undefined, { rawBody: bytes(text), expect: expectRefused(RULE, `a refusal of the body ${text}`) });
    }
  });

  test('deeply nested JSON → no 5xx and no stack overflow', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }, testInfo) => {
    const depth = 100_000;
    const valid = JSON.stringify(validSessionBody(contract, { participant: api.participant }));
    const nested = valid.replace(/}$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    allowHangs(testInfo, config, objects.length);
    // An unknown field holding a deep array: a session (unknown fields ignored) or a refusal.
    await sendNoHang({ api, contract, config }, `an array nested ${depth} deep in an extra field`, undefined, { rawBody: bytes(nested), expect: expectCreatedOrRefused(RULE) });
    // Objects only, no required field anywhere: refused.
    await sendNoHang({ api, contract, config }, `objects nested ${depth} deep`, undefined, { rawBody: bytes(objects), expect: expectRefused(RULE) });
  });

  test('a body that is not JSON under another content type → refused', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }, testInfo) => {
    const body = validSessionBody(contract, { participant: api.participant });
    const json = JSON.stringify(body);
    allowHangs(testInfo, config, 2 * json.length);
    const form = new URLSearchParams({ participant_unique_id1: String(body['participant_unique_id1']), first_name: 'Jack' }).toString();
    // However a server reads these (form binding, an XML formatter), recipient_information is missing.
    const cases: Array<[string, string]> = [
      ['application/x-www-form-urlencoded', form],
      ['application/xml', '<session><participant_unique_id1>x</participant_unique_id1></session>'],
      ['multipart/form-data; boundary=harness', `--harness\r\nContent-Disposition: form-data; name="body"\r\n\r\n${json}\r\n--harness--\r\n`],
    ];
    for (const [type, text] of cases) {
      await sendNoHang({ api, contract, config }, `Content-Type ${type}`, undefined, { rawBody: bytes(text), contentType: type, expect: expectRefused(RULE, `a refusal of a ${type} body`) });
    }
  });

  test('a valid JSON body under another content type → a session or a refusal', { tag: ['@SM-ROBUST-NO-5XX', '@OBS-CONTENT-TYPE'] }, async ({ api, contract, config }, testInfo) => {
    allowHangs(testInfo, config, 1024);
    // "Content Type: application/json" tells the client what to send; a server may parse JSON anyway.
    for (const type of ['text/plain', 'application/octet-stream']) {
      const json = JSON.stringify(validSessionBody(contract, { participant: api.participant }));
      const answer = await sendNoHang({ api, contract, config }, `a valid JSON body as ${type}`, undefined, { rawBody: bytes(json), contentType: type, expect: expectCreatedOrRefused(RULE) });
      observeOutcome(api, 'OBS-CONTENT-TYPE', `a valid JSON body as ${type}`, answer);
    }
  });

  // Two sizes: 2 MB is over most limits (nginx 1 MB, Node parsers 100 KB); 32 MiB is over the largest
  // common default (ASP.NET Kestrel and IIS: 30 MB), so a server that stalls beyond its limit is met
  // wherever its limit is. Under the limit the body is just a very long first_name: refused (13400).
  for (const [what, mebibytes] of [['2 MB', 2], ['32 MiB, over every common server default', 32]] as const) {
    test(`a huge body (${what}) → refused promptly (or the connection closed early)`, { tag: ['@SM-ROBUST-NO-5XX', '@OBS-BODY-SIZE-LIMIT'] }, async ({ api, contract, config }, testInfo) => {
      const huge = withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.first_name', 'J'.repeat(mebibytes * 1024 * 1024));
      // Serialised once and sent as these bytes (the same JSON the client would make of `huge`).
      const json = bytes(JSON.stringify(huge));
      const size = json.byteLength;
      allowHangs(testInfo, config, size);
      expect(size).toBeGreaterThan(maxValidBodyBytes(contract));
      const answer = await sendNoHang({ api, contract, config }, `a ${mebibytes} MiB first_name`, undefined, { rawBody: json, expect: expectRefused(RULE, `a refusal of a ${size}-byte body`) });
      if (answer) observeOutcome(api, 'OBS-BODY-SIZE-LIMIT', `a ${size}-byte body`, answer);
    });
  }

  test('invalid UTF-8 in a string value → a session or a refusal', { tag: ['@SM-ROBUST-NO-5XX', '@OBS-INVALID-UTF8'] }, async ({ api, contract, config }, testInfo) => {
    allowHangs(testInfo, config, 1024);
    const marker = '@@INVALID@@';
    const sequences: Array<[string, number[]]> = [
      ['a lone continuation byte', [0x80]],
      ['0xFF', [0xff, 0xfe]],
      ['a truncated two-byte sequence', [0x4a, 0xc3, 0x28]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ];
    for (const [what, seq] of sequences) {
      const [before, after] = JSON.stringify(withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.first_name', marker)).split(marker) as [string, string];
      const raw = Buffer.concat([bytes(before), Buffer.from(seq), bytes(after)]);
      // Refused, or decoded with U+FFFD (then first_name is a valid name): both conform.
      const answer = await sendNoHang({ api, contract, config }, `invalid UTF-8 (${what}) in first_name`, undefined, { rawBody: raw, expect: expectCreatedOrRefused(RULE) });
      observeOutcome(api, 'OBS-INVALID-UTF8', what, answer);
    }
  });

  test.describe('unicode and control characters in every string field', () => {
    const samples: Array<[string, string]> = [
      ['control characters', '\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b[31m\u001f\u007f'],
      ['non-Latin scripts and marks', 'Zoë Ångström Łukasz 王秀英 محمد e\u0301 \u00a0'],
      ['invisible and bidi characters', '\u200b\u200d\u202eevil\u202c\ufeff\u2028\u2029'],
      ['astral characters and a lone surrogate', '🙂𝔘\ud800x\udc00'],
    ];
    // One test per string field of the request schema; the field list comes from the contract.
    for (const { key } of loadContract().fields.filter((f) => f.type === 'string')) {
      test(`${key}: unicode and control characters → never a 5xx`, { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }, testInfo) => {
        allowHangs(testInfo, config, 1024);
        const field = contract.field(key);
        const seen: string[] = [];
        for (const [what, sample] of samples) {
          const value = truncateUtf16(sample, field.maxLength ?? sample.length);
          const body: Body = withValueAt(validSessionBody(contract, { participant: api.participant }), key, value);
          // A well-formed value breaking a documented rule of the field (pattern, list, length) must be
          // refused with 13400. A lone surrogate is not well-formed text (a strict JSON reader refuses
          // the body outright) and host_uri is judged by white-listing: any refusal. Anything else is
          // open: a session or a refusal.
          const schemaValid = contract.validateRequest(body).valid;
          const malformed = hasLoneSurrogate(value);
          const expectation: Check =
            field.whiteListed ? expectRefused(RULE, `a refusal of ${what} in ${key}`)
            : schemaValid || malformed ? expectCreatedOrRefused(RULE)
            : expectValidationError([...RULE, ...field.requirementIds.filter((id) => !id.startsWith('SM-VAL-REQUIRED-'))], `a refusal (13400) of ${what} in ${key}`);
          const answer = await sendNoHang({ api, contract, config }, `${what} in ${key}`, body, {
            expect: expectation,
            ...(!schemaValid && !malformed && !field.whiteListed && { brokenFields: [key] }),
          });
          seen.push(`${what}: ${answer ? describeOutcome(answer) : 'connection closed early'}`);
        }
        testInfo.annotations.push({ type: 'detail', description: `${key}: ${seen.join('; ')}` });
        expect(seen).toHaveLength(samples.length);
      });
    }
  });
});

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function truncateUtf16(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
