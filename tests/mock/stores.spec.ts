// The bounded stores behind the simulator, exercised directly at volumes HTTP tests cannot reach.
import { expect, test } from '@playwright/test';
import { Fifo } from '../../src/mock/store/fifo.ts';
import { bodyHash, canonicalJson, IdempotencyStore } from '../../src/mock/store/keys.ts';
import { newUuid, SessionStore } from '../../src/mock/store/sessions.ts';
import { defaultTokenSeams, TokenSigner } from '../../src/mock/plugin/token.ts';

test('Fifo: order, compaction and retain', () => {
  const q = new Fifo<number>();
  for (let i = 0; i < 5000; i++) q.push(i);
  for (let i = 0; i < 4000; i++) expect(q.shift()).toBe(i);
  expect(q.length).toBe(1000);
  expect(q.peek()).toBe(4000);
  q.retain((n) => n % 2 === 0);
  expect(q.length).toBe(500);
  expect(q.shift()).toBe(4000);
  expect(q.shift()).toBe(4002);
});

test('churn at the cap: sessions, keys and their queues stay bounded', () => {
  const keys = new IdempotencyStore(7200_000);
  const sessions = new SessionStore(7200_000, 1000, (s) => s.keyScope !== undefined && keys.delete(s.keyScope));
  const now = Date.now();
  for (let i = 0; i < 200_000; i++) {
    const s = sessions.create({ participantId: '1', hostUri: 'https://h.test', firstName: 'x', nowMs: now, urlExpiresAtMs: now + 30_000 });
    s.keyScope = `1\u0000k${i}`;
    keys.set(s.keyScope, { bodyHash: 'h', sessionId: s.id }, now);
  }
  expect(sessions.size).toBe(1000);
  expect(keys.size).toBe(1000);
  const queueLength = (store: object) => (store as { order: Fifo<unknown> }).order.length;
  expect(queueLength(sessions)).toBeLessThanOrEqual(2 * 1000 + 1024);
  expect(queueLength(keys)).toBeLessThanOrEqual(2 * 1000 + 1024);
  sessions.prune(now + 7200_000);
  keys.prune(now + 7200_000);
  expect([sessions.size, keys.size]).toEqual([0, 0]);
});

test('expired records are not served before they are pruned', () => {
  const keys = new IdempotencyStore(1000);
  const sessions = new SessionStore(1000, 10, () => undefined);
  const s = sessions.create({ participantId: '1', hostUri: 'h', firstName: 'x', nowMs: 0, urlExpiresAtMs: 30 });
  keys.set('k', { bodyHash: 'h', sessionId: s.id }, 0);
  expect(sessions.get(s.id, 999)).toBe(s);
  expect(keys.get('k', 999)?.sessionId).toBe(s.id);
  expect(sessions.get(s.id, 1000)).toBeUndefined();
  expect(keys.get('k', 1000)).toBeUndefined();
});

test('canonical JSON ignores key order and whitespace, not values', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  expect(bodyHash(JSON.parse('{ "a": 1, "b": "x" }'))).toBe(bodyHash({ b: 'x', a: 1 }));
  expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: '1' }));
  expect(canonicalJson(JSON.parse('{"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1}}');
});

test('session ids are distinct v4 UUIDs', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => newUuid()));
  expect(ids.size).toBe(10_000);
  for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('tokens: bound to session and t, expiry read back, tampering refused', () => {
  const tokens = new TokenSigner();
  const { t, h } = tokens.issue('s1', 1_700_000_000_123);
  expect(tokens.verify('s1', t, h)).toEqual({ ok: true, expiresAtMs: 1_700_000_000_123 });
  expect(tokens.verify('s2', t, h).ok).toBe(false);
  expect(tokens.verify('s1', String(BigInt(t) + 1n), h).ok).toBe(false);
  expect(tokens.verify('s1', t, h.slice(1)).ok).toBe(false);
  expect(tokens.verify('s1', t, null).ok).toBe(false);
  expect(tokens.verify('s1', null, h).ok).toBe(false);
  expect(new TokenSigner().verify('s1', t, h).ok).toBe(false);
  const unbound = new TokenSigner({ ...defaultTokenSeams(), boundToSession: false });
  const u = unbound.issue('a', 5);
  expect(unbound.verify('b', u.t, u.h).ok).toBe(true);
});
