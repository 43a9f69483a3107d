// The four ways a 13400 `data` object may name a field, computed once per field at start-up.
import type { FieldNames } from './refusal.ts';

/** participant_unique_id1 → ParticipantUniqueId1, the .NET property name the messages use. */
export function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function fieldNames(path: readonly string[]): FieldNames {
  return Object.freeze({
    dotted: path.join('.'),
    pascal: path.map(pascal).join('.'),
    jsonPath: `$.${path.join('.')}`,
    bare: path[path.length - 1] ?? '',
  });
}

/** A header (Idempotency-Key) is named by its header name in every style. */
export function headerNames(header: string): FieldNames {
  return Object.freeze({ dotted: header, pascal: header, jsonPath: header, bare: header });
}

/** The body as a whole (not a JSON object, not JSON at all). */
export const BODY_NAMES: FieldNames = Object.freeze({ dotted: 'body', pascal: 'Body', jsonPath: '$', bare: 'body' });
