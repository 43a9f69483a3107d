// The simulator's request path has a few hand-made shortcuts for speed (bench:mock). Each must give
// exactly what the plain library call it replaces gives, for any input: checked here against it.
import { expect, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacKey } from '../../src/mock/core/hmac-key.ts';
import { isoMilliseconds } from '../../src/mock/stages/respond.ts';
import { canonicalJson } from '../../src/mock/store/keys.ts';

test('isoMilliseconds is Date#toISOString, whatever the instant and the order of calls', () => {
  const instant = fc.oneof(
    fc.integer({ min: -8.64e15 - 5, max: 8.64e15 + 5 }).filter((ms) => Math.abs(ms) <= 8.64e15),
    // Around now, where the per-second cache is used, in bursts within one second.
    fc.integer({ min: 1.7e12, max: 1.7e12 + 5_000 }),
    fc.constantFrom(0, -1, 999, 1000, -1000, -1001, 253402300799999, 253402300800000, -62167219200001),
    fc.double({ noNaN: true, min: -1e13, max: 1e13 }),
  );
  fc.assert(
    // A plain predicate: an expect() per value is a recorded step each, and there are 20,000 here.
    fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => instants.every((ms) => isoMilliseconds(ms) === new Date(ms).toISOString())),
    { numRuns: 2000 },
  );
  // Out of Date's range: the same RangeError.
  expect(() => isoMilliseconds(8.64e15 + 1)).toThrow(RangeError);
  expect(() => isoMilliseconds(-8.64e15 - 1)).toThrow(RangeError);
  expect(() => isoMilliseconds(Number.NaN)).toThrow(RangeError);
});

/** The obvious canonical JSON: keys sorted by sort(), JSON.stringify for everything else. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

test('canonicalJson is the obvious canonical JSON, for any JSON a client can send', () => {
  // Strings of any UTF-16 code units (lone surrogates, controls, quotes, backslashes), any member
  // names (integer-like, "__proto__", unsorted, repeated, more than 16 in one object), nested, and
  // parsed from text the way the simulator parses a body.
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', 'Z', '"', '\\', '\u0000', '\u001f', '\ud800', '\udc00', '\u2028', 'é', '😀') }));
  const key = fc.oneof(text, fc.constantFrom('__proto__', '0', '1', '10', '2', 'a', 'B', 'constructor'));
  type Node = { readonly json: string };
  const node = fc.letrec<{ value: Node; array: Node; object: Node }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), text).map((v) => ({ json: JSON.stringify(v) })),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 5 }).map((items) => ({ json: `[${items.map((i) => i.json).join(',')}]` })),
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 20 }).map((members) => ({ json: `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v.json}`).join(',')}}` })),
  }));
  fc.assert(
    fc.property(node.value, ({ json }) => {
      const parsed: unknown = JSON.parse(json);
      return canonicalJson(parsed) === reference(parsed);
    }),
    { numRuns: 3000 },
  );
});

test('HmacKey gives the text createHmac gives, for any key, message, digest and encoding', () => {
  // Keys shorter than, as long as and longer than a block (64 bytes for SHA-256, 128 for SHA-512);
  // messages of any code units (lone surrogates are encoded as createHmac encodes them) and longer
  // than the reused buffer, one key signing many messages in a row.
  const key = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(64, 128, 129).map((n) => new Uint8Array(n).fill(7)));
  const message = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', minLength: 1200, maxLength: 3000 }));
  fc.assert(
    fc.property(fc.constantFrom('sha256' as const, 'sha512' as const), key, fc.array(message, { minLength: 1, maxLength: 5 }), fc.constantFrom('base64' as const, 'base64url' as const), (digest, raw, messages, encoding) => {
      const bytes = Buffer.from(raw);
      const mac = new HmacKey(digest, bytes);
      return messages.every((m) => mac.sign(m, encoding) === createHmac(digest, bytes).update(m, 'utf8').digest(encoding));
    }),
    { numRuns: 1000 },
  );
});
