// What contract-notes.md leaves open for every field, beyond the per-field `x-not-documented` lists
// (those are read once, by the contract: src/contract/not-documented.ts): values built on them would
// pass or fail a server on a guess, so they are generated neither as valid nor as invalid.
import { isBlank, isBmpOnly } from './text.ts';

export type UndocumentedTest = (value: string) => boolean;

/**
 * What contract-notes.md leaves open for every field, beyond the per-field lists: null for an optional
 * field, whitespace-only values, characters outside the BMP (their count towards a limit differs
 * between servers). Returns why a value is undocumented, or undefined.
 */
export function globallyUndocumented(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value !== 'string') return undefined;
  if (value !== '' && isBlank(value)) return 'whitespace only';
  if (!isBmpOnly(value)) return 'characters outside the BMP';
  return undefined;
}
