// Robustness (SM-ROBUST-NO-5XX): malformed input gets a clean 4xx; no input gets a 5xx or a hang. Every
// request here has a timeout; no answer within it is reported as a hang, i.e. a failure of this rule.
import type { CreateSessionOptions } from '../../src/client/session-client.ts';
import { TransportError } from '../../src/client/transport.ts';
import { expectClientError, expectCreatedOrClientError, expectRefusedField, type Check } from '../../src/checks/index.ts';
import { loadContract } from '../../src/contract/index.ts';
import { validBody, withField, type Body } from '../../src/harness/bodies.ts';
import type { CheckedClient } from '../../src/harness/checked-client.ts';
import { expect, test } from '../../src/harness/fixtures.ts';

const RULE = ['SM-ROBUST-NO-5XX'];
/** Robustness requests wait at most this long (or the configured timeout, if shorter). */
const HANG_TIMEOUT_MS = 8_000;

/**
 * Sends, and turns "no HTTP answer" into a failure of SM-ROBUST-NO-5XX — a hang (no answer within the
 * timeout) or a connection cut without an answer — once a probe shows the target answers other
 * requests. If the probe gets no answer either, the target is down: infrastructure trouble, rethrown.
 */
async function sendNoHang(api: CheckedClient, timeoutMs: number, label: string, body: unknown, options: CreateSessionOptions & { expect: Check | Check[]; brokenFields?: string[] }) {
  try {
    return await api.send(label, body, { ...options, timeoutMs });
  } catch (error) {
    if (!(error instanceof TransportError) || (error.failure !== 'timeout' && error.failure !== 'connection-reset')) throw error;
    const alive = await api.raw.createSession(probeBody, { timeoutMs }).then(
      () => true,
      () => false,
    );
    if (!alive) throw error;
    const what = error.failure === 'timeout' ? `no answer within ${timeoutMs} ms (the server hangs on this input)` : 'the connection was cut without an HTTP answer';
    // The transport's own words (ECONNRESET...) are left out: they would make the report file this as infrastructure trouble.
    throw new Error(`[SM-ROBUST-NO-5XX] "${label}": ${what}, while the target answers other requests`);
  }
}

/** Any small request: only whether the target answers at all matters. */
const probeBody = { probe: true };

const bytes = (text: string) => Buffer.from(text, 'utf8');

test.describe('robustness', () => {
  test.beforeEach(({ config }) => {
    test.setTimeout(Math.max(60_000, 20 * Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs)));
  });

  test('malformed JSON → 4xx', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }) => {
    const valid = JSON.stringify(validBody(contract, api.participant));
    const cases: Array<[string, string]> = [
      ['an unterminated object', '{'],
      ['a truncated body', valid.slice(0, Math.floor(valid.length / 2))],
      ['a trailing comma', valid.replace(/}$/, ',}')],
      ['single quotes', valid.replace(/"/g, "'")],
      ['NaN as a value', valid.replace(/}$/, ',"x":NaN}')],
      ['garbage after the object', `${valid} trailing`],
      ['two objects', `${valid}${valid}`],
      ['an empty body', ''],
      ['only whitespace', '   \n  '],
      ['a bare word', 'hello'],
      ['a comment', `/* c */${valid}`],
    ];
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    for (const [what, text] of cases) {
      await sendNoHang(api, timeout, `malformed JSON: ${what}`, undefined, { rawBody: bytes(text), expect: expectClientError(RULE, `a 4xx for ${what}`) });
    }
  });

  test('well-formed JSON that is not an object → 4xx', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, config }) => {
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    for (const text of ['null', '[]', '[{}]', '42', '"text"', 'true', '{}']) {
      await sendNoHang(api, timeout, `JSON ${text}`, undefined, { rawBody: bytes(text), expect: expectClientError(RULE, `a 4xx for the body ${text}`) });
    }
  });

  test('deeply nested JSON → 4xx (no stack overflow)', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }) => {
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    const depth = 100_000;
    const valid = JSON.stringify(validBody(contract, api.participant));
    const nested = valid.replace(/}$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    await sendNoHang(api, timeout, `an array nested ${depth} deep`, undefined, { rawBody: bytes(nested), expect: expectCreatedOrClientError(RULE) });
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    await sendNoHang(api, timeout, `objects nested ${depth} deep`, undefined, { rawBody: bytes(objects), expect: expectClientError(RULE) });
  });

  test('a non-JSON content type → 4xx', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }) => {
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    const body = validBody(contract, api.participant);
    const json = JSON.stringify(body);
    const form = new URLSearchParams({ participant_unique_id1: String(body['participant_unique_id1']), first_name: 'Jack' }).toString();
    const cases: Array<[string, string]> = [
      ['text/plain', json],
      ['application/x-www-form-urlencoded', form],
      ['application/xml', '<session><participant_unique_id1>x</participant_unique_id1></session>'],
      ['multipart/form-data; boundary=harness', `--harness\r\nContent-Disposition: form-data; name="body"\r\n\r\n${json}\r\n--harness--\r\n`],
      ['application/octet-stream', json],
    ];
    for (const [type, text] of cases) {
      await sendNoHang(api, timeout, `Content-Type ${type}`, undefined, { rawBody: bytes(text), contentType: type, expect: expectClientError(RULE, `a 4xx for Content-Type ${type}`) });
    }
  });

  test('a huge body (2 MB) → 4xx, promptly', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }) => {
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    const huge = withField(validBody(contract, api.participant), 'recipient_information.first_name', 'J'.repeat(2 * 1024 * 1024));
    await sendNoHang(api, timeout, 'a 2 MB first_name', huge, { expect: expectClientError(RULE, 'a 4xx for a 2 MB body') });
  });

  test('invalid UTF-8 in a string value → 4xx', { tag: ['@SM-ROBUST-NO-5XX'] }, async ({ api, contract, config }) => {
    const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
    const marker = '@@INVALID@@';
    const [before, after] = JSON.stringify(withField(validBody(contract, api.participant), 'recipient_information.first_name', marker)).split(marker) as [string, string];
    const sequences: Array<[string, number[]]> = [
      ['a lone continuation byte', [0x80]],
      ['0xFF', [0xff, 0xfe]],
      ['a truncated two-byte sequence', [0x4a, 0xc3, 0x28]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ];
    for (const [what, seq] of sequences) {
      const raw = Buffer.concat([bytes(before), Buffer.from(seq), bytes(after)]);
      await sendNoHang(api, timeout, `invalid UTF-8 (${what}) in first_name`, undefined, { rawBody: raw, expect: expectClientError(RULE, `a 4xx for invalid UTF-8 (${what})`) });
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
        const field = contract.field(key);
        const timeout = Math.min(HANG_TIMEOUT_MS, config.requestTimeoutMs);
        const seen: string[] = [];
        for (const [what, sample] of samples) {
          const value = truncateUtf16(sample, field.maxLength ?? sample.length);
          const body: Body = withField(validBody(contract, api.participant), key, value);
          // A value breaking a documented rule of the field (pattern, list, length) must be refused with
          // 13400; host_uri is judged by white-listing (any 4xx); anything else is open: a session or a 4xx.
          const schemaValid = contract.validateRequest(body).valid;
          const expectation: Check = field.whiteListed
            ? expectClientError(RULE, `a 4xx for ${what} in ${key}`)
            : schemaValid
              ? expectCreatedOrClientError(RULE)
              : expectRefusedField([...RULE, ...field.requirementIds.filter((id) => !id.startsWith('SM-VAL-REQUIRED-'))], `a refusal (13400) of ${what} in ${key}`);
          const answer = await sendNoHang(api, timeout, `${what} in ${key}`, body, {
            expect: expectation,
            ...(!schemaValid && !field.whiteListed && { brokenFields: [key] }),
          });
          seen.push(`${what}: HTTP ${answer.status}/${String((answer.json as { status?: unknown } | undefined)?.status)}`);
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
