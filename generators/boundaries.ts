// The deterministic boundary set (a coverage phase before the random runs): for every field with a
// limit, values of max-1, max and max+1 characters in an otherwise valid body, and the same for the
// Idempotency-Key. A length is left out where the contract admits no valid value of it (a 1-letter
// state, a 9-character zip; a 9-digit phone, whose treatment is not documented), so every 'accepted'
// case is valid and every 'refused' case breaks the field's length rule.
//
// Every value is printable ASCII, so its length is the same in characters, UTF-16 units and bytes, and
// an email is well-formed at every length (local part ≤ 64, labels ≤ 63): a server that checks the
// format (not documented) refuses max+1 for its length only.
//
// host_uri has no boundary cases: a 199- or 200-character origin is not white-listed, so it would get
// 401, not be accepted, and an over-long one may get 401 or 13400 (not documented). See host.ts and
// tests/contract/boundaries.spec.ts.
import fc from 'fast-check';
import type { Contract } from '../src/contract/index.ts';
import { withValueAt } from '../src/contract/index.ts';
import { isDocumented, requirementsBrokenBy } from './claims.ts';
import { requestPlan, stringFields, type RequestPlan, type StringFieldPlan } from './fields.ts';
import { isAscii, repeatToLength } from './text.ts';
import type { BoundaryCase, GeneratorParticipant } from './types.ts';
import { ofLength, seededValidRequest, valueFor } from './valid.ts';

const SAMPLE_SEED = 0xb0b;

/**
 * The boundary cases of every limited field and the Idempotency-Key, or of one of them (`only`: a field
 * key or the header's name): a test of one field need not sample every other field's values.
 */
export function boundaryCases(contract: Contract, participant: GeneratorParticipant, only?: string): BoundaryCase[] {
  const plan = requestPlan(contract, participant);
  const base = seededValidRequest(contract, participant);
  const cases: BoundaryCase[] = [];
  for (const field of stringFields(plan)) {
    if (only !== undefined && field.rule.key !== only) continue;
    const max = field.rule.maxLength;
    const requirementId = field.rule.requirement.maxLength;
    if (max === undefined || requirementId === undefined || field.rule.whiteListed !== undefined) continue;
    const samples = field.valid ? fc.sample(valueFor(field, true)!, { seed: SAMPLE_SEED, numRuns: 300 }) : [];
    for (const length of [max - 1, max]) {
      const value = length > 0 ? validOfLength(field, samples, length) : undefined;
      if (value === undefined) continue;
      cases.push({
        field: field.rule.key,
        length,
        expect: 'accepted',
        requirementId,
        body: withValueAt(base, field.rule.path, value),
        description: `${field.rule.key} of ${length} characters (limit ${max}) is accepted`,
      });
    }
    const value = overLimit(plan, field, samples, max + 1);
    if (value !== undefined) {
      cases.push({
        field: field.rule.key,
        length: max + 1,
        expect: 'refused',
        requirementId,
        body: withValueAt(base, field.rule.path, value),
        description: `${field.rule.key} of ${max + 1} characters (limit ${max}) is refused`,
      });
    }
  }
  if (only === undefined || only === plan.idempotencyKey.header) cases.push(...idempotencyKeyCases(contract, participant, base));
  return cases;
}

/**
 * A valid value of exactly `length`: free text is stretched to it; a coded or patterned value is found
 * among the field's own valid values, or made by cutting or repeating one and checking the result.
 */
function validOfLength(field: StringFieldPlan, samples: readonly string[], length: number): string | undefined {
  const valid = samples.filter(field.accepts);
  if (field.freeText) {
    // ASCII only: whether a limit counts characters, UTF-16 units or bytes is not documented.
    const seed = valid.find((v) => v !== '' && isAscii(v));
    const value = seed === undefined ? undefined : ofLength(field.kind, seed, length);
    return value !== undefined && isAscii(value) && field.accepts(value) ? value : undefined;
  }
  const exact = valid.find((v) => v.length === length);
  if (exact !== undefined) return exact;
  for (const v of valid) {
    const candidate = v.length > length ? v.slice(0, length) : repeatToLength(v, length, '');
    if (field.accepts(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A value one over the limit, preferably breaking the length rule alone (11 digits for a phone); for
 * a zip no such value exists, and the case breaks the zip's format rule, which covers its length too.
 */
function overLimit(plan: RequestPlan, field: StringFieldPlan, samples: readonly string[], length: number): string | undefined {
  // ASCII seeds: one over the limit in characters is then one over in UTF-16 units and bytes too.
  const valid = samples.filter((v) => field.accepts(v) && isAscii(v)).sort((a, b) => b.length - a.length);
  const candidates = valid.map((v) => (field.freeText ? ofLength(field.kind, v, length) : repeatToLength(v, length, '')));
  const lengthOnly = candidates.find((c) => {
    const ids = requirementsBrokenBy(plan, field, c);
    return ids.length === 1 && ids[0] === field.rule.requirement.maxLength && isDocumented(field, c);
  });
  return lengthOnly ?? candidates.find((c) => isDocumented(field, c));
}

function idempotencyKeyCases(contract: Contract, participant: GeneratorParticipant, body: unknown): BoundaryCase[] {
  const { header, maxLength, requirementId, undocumented } = requestPlan(contract, participant).idempotencyKey;
  // Hex and dashes, like the V4 UUIDs the document recommends.
  const seed = '9f1c2b7e-4d3a-4e8b-a6f0-5c2d1e7b8a90';
  return [maxLength - 1, maxLength, maxLength + 1]
    .filter((length) => length > 0)
    .map((length) => repeatToLength(seed, length, '-').replace(/-$/, 'a'))
    .filter((key) => !undocumented(key))
    .map((key) => {
      const expect = key.length <= maxLength ? 'accepted' : 'refused';
      return {
        field: header,
        length: key.length,
        expect,
        requirementId,
        body,
        idempotencyKey: key,
        description: `${header} of ${key.length} characters (limit ${maxLength}) is ${expect}`,
      } satisfies BoundaryCase;
    });
}
