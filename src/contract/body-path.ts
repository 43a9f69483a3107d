// Reading and editing request bodies by field path (a field's `path`, e.g. ['recipient_information',
// 'first_name']). The one set of walkers: the contract's rules, the simulator, the proxy, the generators
// and the tests all reach into a body through these. The readers sit on the simulator's request path,
// so they are plain loops.

export type FieldPath = readonly string[];
type JsonObject = Record<string, unknown>;

/** The editors also take a field's dotted key ('recipient_information.state'). */
function pathOf(path: FieldPath | string): FieldPath {
  return typeof path === 'string' ? path.split('.') : path;
}

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path; undefined when a step is missing or not an object. */
export function valueAt(body: unknown, path: FieldPath): unknown {
  let node = body;
  for (const part of path) {
    if (!isJsonObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** The object at a path (the body itself for the empty path); undefined when the path does not lead to an object. */
export function objectAt(body: JsonObject, path: FieldPath): JsonObject | undefined {
  let node: unknown = body;
  for (const part of path) {
    node = (node as JsonObject)[part];
    if (!isJsonObject(node)) return undefined;
  }
  return node as JsonObject;
}

/** Sets the value at a path in place, creating the objects along it that are missing. */
export function setIn<T extends JsonObject>(body: T, key: FieldPath | string, value: unknown): T {
  const path = pathOf(key);
  let node: JsonObject = body;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node = isJsonObject(next) ? next : (node[part] = {}) as JsonObject;
  }
  node[path[path.length - 1]!] = value;
  return body;
}

/** Removes the field at a path in place; nothing happens when its parent is not an object. */
export function deleteIn<T extends JsonObject>(body: T, key: FieldPath | string): T {
  const path = pathOf(key);
  const parent = valueAt(body, path.slice(0, -1));
  if (isJsonObject(parent)) delete parent[path[path.length - 1]!];
  return body;
}

/**
 * A copy of `body` with the value at `path` replaced, or removed when `value` is undefined; the body
 * itself when a parent along the path is not an object. Only the objects along the path are copied;
 * the rest is shared with `body`.
 */
export function withValueAt<T>(body: T, key: FieldPath | string, value: unknown): T {
  const path = pathOf(key);
  if (path.length === 0) return value as T;
  if (!isJsonObject(body)) return body;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: JsonObject = { ...body };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy as T;
  }
  const child = copy[head];
  if (!isJsonObject(child)) return body;
  copy[head] = withValueAt(child, rest, value);
  return copy as T;
}
