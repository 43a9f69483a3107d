// Building and editing request bodies by field path. A missing field is absent from the JSON (never
// `undefined` or null: null for an optional field is not documented).

/** Marks a field left out of the body. */
export const ABSENT: unique symbol = Symbol('absent');
export type Slot = unknown | typeof ABSENT;

type Json = Record<string, unknown>;

/**
 * A body from values at paths, keys in the order given (the contract's), so a printed counterexample
 * reads like the document's table. Object fields listed in `objects` are created even when empty.
 */
export function buildBody(objects: readonly (readonly string[])[], values: ReadonlyArray<readonly [readonly string[], Slot]>): Json {
  const body: Json = {};
  const pending = [...objects];
  for (const [path, value] of values) {
    // Create the objects that come before this field, so recipient_information keeps its place.
    while (pending.length > 0 && isBefore(pending[0]!, path)) ensureObject(body, pending.shift()!);
    if (value === ABSENT) continue;
    const parent = ensureObject(body, path.slice(0, -1));
    parent[path[path.length - 1]!] = value;
  }
  for (const path of pending) ensureObject(body, path);
  return body;
}

/** An object path is due once a field at or under it comes up. */
function isBefore(object: readonly string[], field: readonly string[]): boolean {
  return object.every((part, i) => field[i] === part);
}

function ensureObject(root: Json, path: readonly string[]): Json {
  let node = root;
  for (const part of path) {
    let next = node[part];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[part] = next = {};
    node = next as Json;
  }
  return node;
}

/**
 * A copy of `body` with the value at `path` replaced (or removed for ABSENT). Only the objects along
 * the path are copied; the rest is shared, which is safe because generated bodies are never mutated.
 */
export function setAt(body: unknown, path: readonly string[], value: Slot): unknown {
  if (path.length === 0) return value === ABSENT ? undefined : value;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body; // no parent object: nothing to set
  const copy: Json = { ...(body as Json) };
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (value === ABSENT) delete copy[head];
    else copy[head] = value;
  } else {
    const child = copy[head];
    if (!child || typeof child !== 'object' || Array.isArray(child)) return body;
    copy[head] = setAt(child, rest, value);
  }
  return copy;
}
