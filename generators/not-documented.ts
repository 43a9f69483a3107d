// Values whose treatment the document leaves open are generated neither as valid nor as invalid: a
// test built on them would pass or fail a server on a guess. The contract lists them per field in
// `x-not-documented` as short phrases; this module turns each phrase into a predicate and refuses a
// phrase it does not understand, so a new entry in the YAML cannot be silently ignored.
import { isBlank, isBmpOnly } from './text.ts';

export type UndocumentedTest = (value: string) => boolean;

interface PhraseReader {
  readonly pattern: RegExp;
  readonly test: (match: RegExpExecArray) => UndocumentedTest;
}

const READERS: readonly PhraseReader[] = [
  // A listed code such as DC or PR.
  { pattern: /^[A-Z]{2}$/, test: (m) => (value) => value === m[0] },
  // 'ga' for GA: any lower-case letter makes a code ambiguous, even as an invalid one ('xx').
  { pattern: /^lower-case codes$/i, test: () => (value) => /\p{Ll}/u.test(value) },
  { pattern: /^empty (string|header value)$/i, test: () => (value) => value === '' },
  // Digits only but shorter than N: a short phone number.
  { pattern: /^fewer than (\d+) digits$/i, test: (m) => (value) => /^[0-9]*$/.test(value) && value.length < Number(m[1]) },
];

/** One predicate for all of a field's phrases; throws on a phrase no reader understands. */
export function undocumentedTest(phrases: readonly string[], where: string): UndocumentedTest {
  const tests = phrases.map((phrase) => {
    for (const reader of READERS) {
      const match = reader.pattern.exec(phrase.trim());
      if (match) return reader.test(match);
    }
    throw new Error(`generators: x-not-documented "${phrase}" on ${where} is not understood; teach generators/not-documented.ts to avoid it`);
  });
  return (value) => tests.some((t) => t(value));
}

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
