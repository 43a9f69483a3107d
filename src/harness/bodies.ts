// Size and shape helpers over create-session bodies for the deterministic tests (the body itself is
// built by the contract's validSessionBody).
import type { Contract, ValidSessionBody } from '../contract/index.ts';

export type Body = ValidSessionBody;

/** Bytes a JSON string value may take per character: `\uXXXX` for a BMP character, two of them for an astral one. */
const JSON_ESCAPED_BYTES_PER_UNIT = 6;
/** Room per field for its key, quotes, colon, comma and an object's braces. */
const JSON_BYTES_PER_FIELD = 64;
/** Room for formatting whitespace and the optional fields newer API revisions accept (contract-notes.md). */
const JSON_SLACK_BYTES = 4096;

/**
 * The most bytes a valid create-session body can take: every limited field at its maximum, every
 * character written as a JSON escape, plus room for keys, punctuation, formatting and newer optional
 * fields. A server may refuse anything larger before reading it (contract-notes.md leaves the order of
 * checks open), even by closing the connection while the client still sends.
 */
export function maxValidBodyBytes(contract: Contract): number {
  let bytes = JSON_SLACK_BYTES;
  for (const field of contract.fields) {
    bytes += JSON_BYTES_PER_FIELD;
    if (field.type === 'string') bytes += (field.maxLength ?? 0) * JSON_ESCAPED_BYTES_PER_UNIT;
  }
  return bytes;
}
