// The contract's field rules turned into generation plans: which values a field accepts and where its
// realistic values come from. Limits, patterns, lists, conditions and requirement ids are all read
// from `contract.fields` and the contract document; only the kind of realistic content (a name, a
// street) is chosen here, by field name, because the contract does not say what a field holds.
import fc from 'fast-check';
import type { Contract, FieldRule, NotDocumentedChoice } from '../src/contract/index.ts';
import { isNotDocumented } from '../src/contract/index.ts';
import { participantFlag, participantList } from '../src/contract/cross-field.ts';
import { globallyUndocumented, type UndocumentedTest } from './not-documented.ts';
import { plainText, unusualText, type TextKind } from './people.ts';
import { fitWithin, isTrimmed } from './text.ts';
import type { GeneratorParticipant } from './types.ts';

const KIND_BY_NAME: Readonly<Record<string, TextKind>> = {
  participant_unique_id1: 'reference',
  participant_unique_id2: 'reference',
  first_name: 'given-name',
  last_name: 'family-name',
  address_line1: 'street',
  address_line2: 'secondary',
  city: 'city',
  zip_code: 'postal-code',
  email_address: 'email',
  phone_number: 'phone',
  mobile_number: 'phone',
};

export interface StringFieldPlan {
  readonly type: 'string';
  readonly rule: FieldRule;
  readonly kind: TextKind;
  /** Required by the contract, or by a condition the participant meets (PayPal email). */
  readonly required: boolean;
  /** No pattern, list or white-list: any realistic text within the limit is valid. */
  readonly freeText: boolean;
  readonly undocumented: UndocumentedTest;
  /** A non-empty value the contract accepts for this participant. */
  accepts(value: string): boolean;
  /** Non-empty valid values; undefined when the contract leaves none (the field can only be absent). */
  readonly valid: fc.Arbitrary<string> | undefined;
  /** Apostrophes, hyphens, accents, non-Latin letters (free text only). */
  readonly unusual: fc.Arbitrary<string> | undefined;
  /** '' may be sent: an optional field whose empty value is documented. */
  readonly emptyAllowed: boolean;
}

export interface ObjectFieldPlan {
  readonly type: 'object';
  readonly rule: FieldRule;
  readonly required: boolean;
}

export type FieldPlan = StringFieldPlan | ObjectFieldPlan;

export interface IdempotencyKeyPlan {
  readonly header: string;
  readonly maxLength: number;
  readonly requirementId: string;
  readonly undocumented: UndocumentedTest;
}

export interface RequestPlan {
  readonly contract: Contract;
  readonly participant: GeneratorParticipant;
  /** In the contract's order; an object field comes before its children. */
  readonly fields: readonly FieldPlan[];
  /** The rule a value of the wrong JSON type breaks: the request schema's own requirement id. */
  readonly typesRequirementId: string;
  readonly idempotencyKey: IdempotencyKeyPlan;
}

const cache = new WeakMap<Contract, Map<string, RequestPlan>>();

/** Compiles (once per contract and participant) the generation plan. */
export function requestPlan(contract: Contract, participant: GeneratorParticipant): RequestPlan {
  let byParticipant = cache.get(contract);
  if (!byParticipant) cache.set(contract, (byParticipant = new Map()));
  const key = JSON.stringify([participant.paypal_enabled, participant.host_uris]);
  let plan = byParticipant.get(key);
  if (!plan) {
    plan = {
      contract,
      participant,
      fields: contract.fields.map((rule) => fieldPlan(rule, participant)),
      typesRequirementId: contract.typesRequirementId,
      idempotencyKey: idempotencyKeyPlan(contract),
    };
    byParticipant.set(key, plan);
  }
  return plan;
}

export function stringFields(plan: RequestPlan): StringFieldPlan[] {
  return plan.fields.filter((f): f is StringFieldPlan => f.type === 'string');
}

function fieldPlan(rule: FieldRule, participant: GeneratorParticipant): FieldPlan {
  const required = rule.required || (rule.requiredWhen !== undefined && participantFlag(participant, rule.requiredWhen));
  if (rule.type === 'object') return { type: 'object', rule, required };

  const undocumented = undocumentedTest(rule.notDocumented);
  const pattern = rule.pattern === undefined ? undefined : new RegExp(rule.pattern, 'u'); // ajv compiles patterns with 'u'
  const whiteList = rule.whiteListed === undefined ? undefined : participantList(participant, rule.whiteListed);
  const accepts = (value: string): boolean =>
    value !== '' &&
    isTrimmed(value) &&
    globallyUndocumented(value) === undefined &&
    !undocumented(value) &&
    (rule.maxLength === undefined || value.length <= rule.maxLength) &&
    (pattern === undefined || pattern.test(value)) &&
    (rule.enum === undefined || rule.enum.includes(value)) &&
    (whiteList === undefined || whiteList.includes(value));

  const kind = KIND_BY_NAME[rule.name] ?? 'text';
  const freeText = pattern === undefined && rule.enum === undefined && whiteList === undefined;
  return {
    type: 'string',
    rule,
    kind,
    required,
    freeText,
    undocumented,
    accepts,
    valid: validValues(rule, kind, pattern, whiteList, accepts),
    unusual: freeText ? unusualText(kind)?.map((v) => fitted(v, rule.maxLength)).filter(accepts) : undefined,
    emptyAllowed: !required && !undocumented('') && globallyUndocumented('') === undefined,
  };
}

function validValues(
  rule: FieldRule,
  kind: TextKind,
  pattern: RegExp | undefined,
  whiteList: readonly string[] | undefined,
  accepts: (value: string) => boolean,
): fc.Arbitrary<string> | undefined {
  const listed = whiteList ?? rule.enum;
  if (listed) {
    const members = listed.filter(accepts);
    return members.length > 0 ? fc.constantFrom(...members) : undefined;
  }
  if (!pattern) return plainText(kind).map((v) => fitted(v, rule.maxLength)).filter(accepts);
  // A pattern field: faker's realistic values where they fit the contract's pattern and limits, else
  // values drawn from the pattern itself. A source that rarely fits (a realistic phone under a new
  // limit, or `[0-9]+` drawn at random lengths) is passed over rather than filtered forever.
  const sources = [...(kind === 'text' ? [] : [plainText(kind)]), fc.stringMatching(pattern)];
  const source = sources.find((s) => fitRate(s, accepts) >= 0.25);
  return source?.filter(accepts);
}

/** The share of a fixed-seed sample a predicate keeps. */
export function fitRate<T>(arbitrary: fc.Arbitrary<T>, keep: (value: T) => boolean, runs = 64): number {
  const sample = fc.sample(arbitrary, { seed: 0x1560, numRuns: runs });
  return sample.filter(keep).length / sample.length;
}

const fitted = (value: string, max: number | undefined) => (max === undefined ? value : fitWithin(value, max));

/** The contract's not-documented choices of a field or header, as a test on a value. */
const undocumentedTest = (choices: readonly NotDocumentedChoice[]): UndocumentedTest => (value) => isNotDocumented(choices, value);

function idempotencyKeyPlan(contract: Contract): IdempotencyKeyPlan {
  const { header, maxLength, maxLengthRequirementId, notDocumented } = contract.idempotencyKey;
  return { header, maxLength, requirementId: maxLengthRequirementId, undocumented: undocumentedTest(notDocumented) };
}
