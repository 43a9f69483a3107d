// Building request bodies from values at field paths (editing them: src/contract/body-path.ts). A
// missing field is absent from the JSON (never `undefined` or null: null for an optional field is not
// documented).
import { isJsonObject, setIn, valueAt } from '../src/contract/index.ts';

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
    if (value !== ABSENT) setIn(body, path, value);
  }
  for (const path of pending) ensureObject(body, path);
  return body;
}

/** An object path is due once a field at or under it comes up. */
function isBefore(object: readonly string[], field: readonly string[]): boolean {
  return object.every((part, i) => field[i] === part);
}

function ensureObject(root: Json, path: readonly string[]): void {
  if (!isJsonObject(valueAt(root, path))) setIn(root, path, {});
}

/** A slot's value for withValueAt, which leaves a field out for undefined. */
export function slotValue(slot: Slot): unknown {
  return slot === ABSENT ? undefined : slot;
}
