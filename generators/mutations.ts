// The ways to break one field, derived from its rule: missing, over the limit (by one and by a lot),
// the wrong JSON type, a code not in the list, a value off the pattern; and an over-long
// Idempotency-Key. Each mutation states the requirement ids it breaks (claims.ts). Values the document
// leaves open (a lower-case state, a short phone number, null, whitespace) are never produced.
//
// host_uri is not mutated: any value of it that breaks a field rule (too long, not a string) is also
// not white-listed, and whether such a request gets 401 or 13400 is not documented. Look-alike hosts
// live in host.ts.
import fc from 'fast-check';
import { ABSENT, type Slot } from './body.ts';
import { isDocumented, requirementsBrokenBy } from './claims.ts';
import { fitRate, type FieldPlan, type RequestPlan, type StringFieldPlan } from './fields.ts';
import { plainText, recipientAsText, uuidV4 } from './people.ts';
import { repeatToLength } from './text.ts';
import { ofLength } from './valid.ts';

export interface Mutation {
  /** Dotted field key, or the Idempotency-Key header name. */
  readonly field: string;
  /** Where in the body; undefined for the header. */
  readonly path?: readonly string[];
  readonly value: Slot;
  readonly idempotencyKey?: string;
  readonly requirementIds: readonly string[];
  readonly description: string;
}

export interface MutationFamily {
  readonly field: string;
  readonly label: string;
  /** The ids this family's mutations may claim (for choosing families by requirement). */
  readonly possibleIds: readonly string[];
  readonly arbitrary: fc.Arbitrary<Mutation>;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

export function mutationFamilies(plan: RequestPlan): MutationFamily[] {
  const families: MutationFamily[] = [];
  for (const field of plan.fields) {
    if (field.rule.whiteListed !== undefined) continue;
    families.push(...(field.type === 'object' ? objectFamilies(plan, field) : stringFamilies(plan, field)));
  }
  families.push(...idempotencyKeyFamilies(plan));
  return families;
}

interface Candidate {
  readonly value: Slot;
  readonly description: string;
}

/**
 * Mutations of one kind on one field, keeping only documented values that break a rule. Probed on a
 * fixed seed first: under a modified contract a kind may yield few such values (a pattern that
 * admits anything), and the family is then dropped rather than filtered forever.
 */
function family(plan: RequestPlan, field: FieldPlan, label: string, candidates: fc.Arbitrary<Candidate>): MutationFamily | undefined {
  const mutations = candidates.map(
    ({ value, description }): Mutation => ({
      field: field.rule.key,
      path: field.rule.path,
      value,
      requirementIds: requirementsBrokenBy(plan, field, value),
      description,
    }),
  );
  const keep = (m: Mutation) => m.requirementIds.length > 0 && isDocumented(field, m.value);
  if (fitRate(mutations, keep) < 0.2) return undefined;
  const arbitrary = mutations.filter(keep);
  return { field: field.rule.key, label, possibleIds: idsOf(fc.sample(arbitrary, { seed: 7, numRuns: 50 })), arbitrary };
}

function idsOf(mutations: readonly Mutation[]): string[] {
  return [...new Set(mutations.flatMap((m) => m.requirementIds))];
}

function objectFamilies(plan: RequestPlan, field: FieldPlan): MutationFamily[] {
  const key = field.rule.key;
  const out = [
    field.required ? family(plan, field, 'missing', fc.constant({ value: ABSENT, description: `${key} is missing` })) : undefined,
    family(
      plan,
      field,
      'wrong type',
      fc
        .oneof<fc.Arbitrary<unknown>[]>(recipientAsText, fc.integer({ min: 0, max: 99_999 }), fc.boolean(), fc.constant([]))
        .map((value) => ({ value, description: `${key} is ${jsonType(value)} ${short(value)}, not an object` })),
    ),
  ];
  return out.filter((f): f is MutationFamily => f !== undefined);
}

function stringFamilies(plan: RequestPlan, field: StringFieldPlan): MutationFamily[] {
  const { rule } = field;
  const key = rule.key;
  const seed = field.valid ?? plainText(field.kind);
  const out: Array<MutationFamily | undefined> = [];

  if (rule.required) out.push(family(plan, field, 'missing', fc.constant({ value: ABSENT, description: `${key} is missing` })));
  else if (field.required) {
    const description = `${key} is missing, required when ${rule.requiredWhen}`;
    out.push(family(plan, field, 'missing when required for the participant', fc.constant({ value: ABSENT, description })));
  }

  const max = rule.maxLength;
  if (max !== undefined) {
    const over = (value: string) => ({ value, description: `${key} is ${value.length} characters, ${overBy(value.length, max)} the limit of ${max}` });
    out.push(family(plan, field, 'over the limit by one', seed.map((v) => over(stretch(field, v, max + 1)))));
    const lot = fc.integer({ min: max + 2, max: max + Math.max(50, max * 9) });
    out.push(family(plan, field, 'over the limit by a lot', fc.tuple(seed, lot).map(([v, length]) => over(stretch(field, v, length)))));
  }

  const wrongType = fc.oneof<fc.Arbitrary<unknown>[]>(
    // A zip or phone number sent as a JSON number is the realistic mistake.
    fc.tuple(seed, fc.integer({ min: 0, max: 99_999 })).map(([v, n]) => (/^[1-9][0-9]{0,14}$/.test(v) ? Number(v) : n)),
    fc.boolean(),
    seed.map((v) => ({ value: v })),
    seed.map((v) => [v]),
  );
  out.push(family(plan, field, 'wrong type', wrongType.map((value) => ({ value, description: `${key} is ${jsonType(value)} ${short(value)}, not a string` }))));

  if (rule.enum !== undefined) {
    const length = max ?? 2;
    const codes = fc.oneof(
      // Codes that are no state in any list (USPS has two-letter codes for non-states, like AE or FM).
      fc.constantFrom('XX', 'ZZ'),
      fc.string({ unit: fc.constantFrom(...LETTERS), minLength: length + 1, maxLength: length + 1 }),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 1, maxLength: length }),
    );
    const listed = rule.enum.length;
    out.push(family(plan, field, 'not in the list', codes.map((value) => ({ value, description: `${key} "${value}" is not one of the contract's ${listed} codes` }))));
  }

  if (rule.pattern !== undefined && field.valid) {
    const pattern = rule.pattern;
    const malformed = fc
      .tuple(field.valid, fc.constantFrom(...OPERATORS), fc.nat(), fc.constantFrom(...LETTERS), fc.constantFrom(...DIGITS))
      .map(([v, op, at, letter, digit]) => {
        const value = op.apply(v, at, letter, digit);
        return { value, description: `${key} "${value}" does not match ${pattern} (${op.label})` };
      });
    out.push(family(plan, field, 'off the pattern', malformed));
  }
  return out.filter((f): f is MutationFamily => f !== undefined);
}

interface Operator {
  readonly label: string;
  apply(value: string, at: number, letter: string, digit: string): string;
}

// Edits of a valid value that a person makes: a digit lost or added, a letter typed, the number
// written with dashes or spaces. Whatever still matches the contract's pattern is filtered out later.
const OPERATORS: readonly Operator[] = [
  { label: 'one character fewer', apply: (v, at) => removeAt(v, at % v.length) },
  { label: 'one digit more', apply: (v, at, _l, d) => insertAt(v, at % (v.length + 1), d) },
  { label: 'a letter', apply: (v, at, l) => replaceAt(v, at % v.length, l) },
  { label: 'dashes', apply: (v) => grouped(v, '-') },
  { label: 'spaces', apply: (v) => (v.includes('-') ? v.replace('-', ' ') : grouped(v, ' ')) },
];

/** Digits grouped 3-3-rest like a written US phone number (404-555-1234); the separator is always inside. */
function grouped(value: string, separator: string): string {
  const plain = value.replace(/[-\s]/g, '');
  if (plain.length <= 1) return plain + separator + plain;
  if (plain.length <= 3) return plain.slice(0, 1) + separator + plain.slice(1);
  if (plain.length <= 6) return plain.slice(0, 3) + separator + plain.slice(3);
  return [plain.slice(0, 3), plain.slice(3, 6), plain.slice(6)].join(separator);
}

const removeAt = (v: string, i: number) => v.slice(0, i) + v.slice(i + 1);
const insertAt = (v: string, i: number, s: string) => v.slice(0, i) + s + v.slice(i);
const replaceAt = (v: string, i: number, s: string) => v.slice(0, i) + s + v.slice(i + 1);

/** A valid value stretched to `length`: free text keeps its shape; codes and numbers repeat their characters. */
function stretch(field: StringFieldPlan, value: string, length: number): string {
  return field.freeText ? ofLength(field.kind, value, length) : repeatToLength(value, length, '');
}

function idempotencyKeyFamilies(plan: RequestPlan): MutationFamily[] {
  const { header, maxLength, requirementId, undocumented } = plan.idempotencyKey;
  const key = uuidV4;
  const make = (label: string, lengths: fc.Arbitrary<number>): MutationFamily => ({
    field: header,
    label,
    possibleIds: [requirementId],
    arbitrary: fc
      .tuple(key, lengths)
      .map(([k, length]) => repeatToLength(k, length, ''))
      .filter((k) => !undocumented(k))
      .map((k): Mutation => ({
        field: header,
        value: ABSENT,
        idempotencyKey: k,
        requirementIds: [requirementId],
        description: `${header} is ${k.length} characters, ${overBy(k.length, maxLength)} the limit of ${maxLength}`,
      })),
  });
  return [
    make('over the limit by one', fc.constant(maxLength + 1)),
    make('over the limit by a lot', fc.integer({ min: maxLength + 2, max: maxLength * 10 })),
  ];
}

const overBy = (length: number, max: number) => (length === max + 1 ? 'one over' : `${length - max} over`);

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return { number: 'a number', boolean: 'a boolean', object: 'an object', string: 'a string' }[typeof value as string] ?? typeof value;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
