// Idempotency keys, scoped per participant. An entry remembers a hash of the canonical body and the
// session it created. Lifetimes are fixed from creation, so insertion order is expiry order and
// pruning only looks at the front.
import { hash } from 'node:crypto';
import type { Reply } from '../core/reply.ts';
import { Fifo } from './fifo.ts';

export interface KeyEntry {
  readonly bodyHash: string;
  readonly expiresAtMs: number;
  readonly sessionId?: string;
  /** Only under the store-failed-keys fault: the failed answer the key now replays. */
  readonly failure?: Reply;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, KeyEntry>();
  /** Insertion order = expiry order (one lifetime for all); stale pairs are skipped when reached. */
  private readonly order = new Fifo<readonly [string, KeyEntry]>();

  constructor(readonly ttlMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(scope: string, nowMs: number): KeyEntry | undefined {
    const entry = this.entries.get(scope);
    if (entry && nowMs >= entry.expiresAtMs) {
      this.entries.delete(scope);
      return undefined;
    }
    return entry;
  }

  set(scope: string, entry: Omit<KeyEntry, 'expiresAtMs'>, nowMs: number): void {
    this.prune(nowMs);
    // Built field by field: a spread copy costs ~200 more bytes per entry (measured on Node 20).
    const stored: KeyEntry = { bodyHash: entry.bodyHash, expiresAtMs: nowMs + this.ttlMs, sessionId: entry.sessionId, failure: entry.failure };
    this.entries.set(scope, stored);
    this.order.push([scope, stored]);
    // Keys deleted early (their session was evicted) leave stale pairs behind; sweep them out once
    // they outnumber the live keys, which keeps the queue within twice the map, amortised O(1).
    if (this.order.length > 2 * this.entries.size + 1024) this.order.retain(([k, e]) => this.entries.get(k) === e);
  }

  delete(scope: string): void {
    this.entries.delete(scope);
  }

  prune(nowMs: number): void {
    for (let oldest = this.order.peek(); oldest && nowMs >= oldest[1].expiresAtMs; oldest = this.order.peek()) {
      this.order.shift();
      if (this.entries.get(oldest[0]) === oldest[1]) this.entries.delete(oldest[0]);
    }
  }
}

/** The store key: per participant, unless the global-key-scope fault shares keys across them. */
export function keyScope(participantId: string, key: string, global: boolean): string {
  return global ? key : `${participantId}\u0000${key}`;
}

/**
 * Hash of the body's canonical JSON (keys sorted, no whitespace), so a retry that re-serialises the
 * same values in another order or spacing still counts as the same request. Depth is bounded by the
 * body reader, so the recursion is safe.
 */
export function bodyHash(body: unknown): string {
  return hash('sha256', canonicalJson(body), 'base64');
}

export function canonicalJson(value: unknown): string {
  // One pass appending to a string, member names quoted once and remembered, plain strings quoted
  // without a JSON.stringify call each, small key lists sorted in place: same text, byte for byte, as
  // the obvious map/sort/join version (fuzzed against it in tests/mock/hot-path.spec.ts), which cost
  // more than anything else on a keyed request after the crypto.
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const keys = sortedKeys(Object.keys(value));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ',';
    out += quotedName(key);
    out += ':';
    out += canonicalJson((value as Record<string, unknown>)[key]);
  }
  return `${out}}`;
}

/** JSON.stringify(text): a string with nothing to escape (no quote, backslash, control character or surrogate) is just quoted. */
function quoted(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/**
 * The keys in sort() order (UTF-16 code units; `>` on strings compares the same way). A request's
 * objects have a dozen members: an insertion sort in place costs less than sort()'s copies, and
 * nothing when they are in order already.
 */
function sortedKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** Member names repeat from request to request; short ones are quoted once (bounded: names come from clients). */
const quotedNames = new Map<string, string>();
const QUOTED_NAMES_MAX = 1024;
const QUOTED_NAME_MAX_LENGTH = 64;

function quotedName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    if (name.length <= QUOTED_NAME_MAX_LENGTH && quotedNames.size < QUOTED_NAMES_MAX) quotedNames.set(name, quoted);
  }
  return quoted;
}
