// Valid create-session requests: realistic US recipients plus the edges real people have, every value
// inside the contract's limits, patterns and lists, the conditional rules applied for the participant.
import fc from 'fast-check';
import type { Contract } from '../src/contract/index.ts';
import { ABSENT, buildBody, type Slot } from './body.ts';
import { requestPlan, type StringFieldPlan } from './fields.ts';
import { uuidV4, type TextKind } from './people.ts';
import { emailOfLength, isAscii, repeatToLength } from './text.ts';
import type { CreateSessionRequest, GeneratorParticipant, ValidOptions } from './types.ts';

export function validRequest(contract: Contract, participant: GeneratorParticipant, options: ValidOptions = {}): fc.Arbitrary<CreateSessionRequest> {
  const plan = requestPlan(contract, participant);
  const edgeCases = options.edgeCases ?? true;
  const objects = plan.fields.filter((f) => f.type === 'object').map((f) => f.rule.path);
  const strings = plan.fields.filter((f): f is StringFieldPlan => f.type === 'string');
  const slots = strings.map((field) => slotFor(field, edgeCases, options.hostUri ?? 'any'));
  return fc.tuple(...slots).map((values) => buildBody(objects, values.map((value, i) => [strings[i]!.rule.path, value] as const)) as unknown as CreateSessionRequest);
}

function slotFor(field: StringFieldPlan, edgeCases: boolean, hostUri: NonNullable<ValidOptions['hostUri']>): fc.Arbitrary<Slot> {
  const value = valueFor(field, edgeCases);
  const whiteListed = field.rule.whiteListed !== undefined;
  if (whiteListed && hostUri === 'absent' && !field.required) return fc.constant(ABSENT);
  if (field.required || (whiteListed && hostUri === 'present' && value)) {
    if (!value) throw new Error(`generators: the contract leaves no valid value for ${field.rule.key}, which is required`);
    return value;
  }
  if (!value) return fc.constant(ABSENT);
  if (!edgeCases) return value;
  // Absent first, and shrinking may cross to it: a shrunk counterexample leaves out what does not matter.
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant<Slot>(ABSENT), weight: 1 },
    ...(field.emptyAllowed ? [{ arbitrary: fc.constant<Slot>(''), weight: 1 }] : []),
    { arbitrary: value as fc.Arbitrary<Slot>, weight: 4 },
  );
}

/** Non-empty valid values of a field; undefined when the contract leaves none. */
export function valueFor(field: StringFieldPlan, edgeCases: boolean): fc.Arbitrary<string> | undefined {
  const plain = field.valid;
  if (!plain || !edgeCases || !field.freeText) return plain;
  const unusual = field.unusual ?? plain;
  const max = field.rule.maxLength;
  // A value of exactly the maximum is built from plain ASCII only: the document does not say whether a
  // limit counts characters, UTF-16 units or bytes, and in ASCII all three agree.
  const atMax = max === undefined ? [] : [{ arbitrary: plain.map((v) => ofLength(field.kind, v, max)).filter((v) => isAscii(v) && field.accepts(v)), weight: 1 }];
  return fc.oneof({ withCrossShrink: true }, { arbitrary: plain, weight: 5 }, { arbitrary: unusual, weight: 2 }, ...atMax);
}

/** A realistic value stretched (or cut) to exactly `length` characters, keeping the kind's shape. */
export function ofLength(kind: TextKind, value: string, length: number): string {
  if (kind === 'email') return emailOfLength(value, length);
  if (kind === 'reference') return repeatToLength(value, length, '-');
  return repeatToLength(value, length, ' ');
}

/** Valid Idempotency-Key values: V4 UUIDs (what the document recommends) and keys up to the limit. */
export function validIdempotencyKey(contract: Contract): fc.Arbitrary<string> {
  const { maxLength } = contract.idempotencyKey;
  const unit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_');
  const UUID_LENGTH = 36;
  return fc.oneof(
    ...(maxLength >= UUID_LENGTH ? [{ arbitrary: uuidV4, weight: 4 }] : []),
    { arbitrary: fc.string({ unit, minLength: 1, maxLength }), weight: 1 },
    { arbitrary: fc.string({ unit, minLength: maxLength, maxLength }), weight: 1 },
  );
}

/**
 * The valid-request generator at a fixed seed: plain realistic values, every optional field present.
 * The base body of the boundary cases, the same on every run (the hand-made bodies of the other
 * deterministic tests come from the contract's validSessionBody, the document's example).
 */
export function seededValidRequest(contract: Contract, participant: GeneratorParticipant): CreateSessionRequest {
  const [body] = fc.sample(validRequest(contract, participant, { edgeCases: false, hostUri: 'present' }), { seed: BASE_SEED, numRuns: 1 });
  return body!;
}

const BASE_SEED = 20_240_117;
