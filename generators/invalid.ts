// Invalid create-session requests: a valid request with one field broken, or several at once, each
// case carrying the fields it breaks and the requirement ids, for the assertion and the report.
import fc from 'fast-check';
import type { Contract } from '../src/contract/index.ts';
import { slotValue } from './body.ts';
import { withValueAt } from '../src/contract/index.ts';
import { fitRate, requestPlan, type RequestPlan } from './fields.ts';
import { mutationFamilies, type Mutation, type MutationFamily } from './mutations.ts';
import type { GeneratorParticipant, InvalidCase, InvalidOptions } from './types.ts';
import { validRequest } from './valid.ts';

/** One rule broken at a time, or several fields at once (up to `maxBroken`, default 3). */
export function invalidRequest(contract: Contract, participant: GeneratorParticipant, options: InvalidOptions = {}): fc.Arbitrary<InvalidCase> {
  const maxBroken = Math.max(1, Math.floor(options.maxBroken ?? 3));
  const byField = mutationsByField(contract, participant, options.requirementIds);
  const base = validRequest(contract, participant);
  if (maxBroken === 1) return fc.tuple(base, fc.oneof(...byField.values())).map(([body, m]) => invalidCase(body, [m]));
  // An array (not a chain on a chosen set of fields) shrinks by dropping mutations, towards the one
  // that matters. A field drawn twice keeps its first mutation.
  const mutations = fc.array(fc.oneof(...byField.values()), { minLength: 1, maxLength: maxBroken }).map(distinctFields);
  return fc.tuple(base, mutations).map(([body, ms]) => invalidCase(body, ms));
}

/** Exactly one broken rule: one field, one requirement id. */
export function singleRuleViolation(contract: Contract, participant: GeneratorParticipant, options: Pick<InvalidOptions, 'requirementIds'> = {}): fc.Arbitrary<InvalidCase> {
  const byField = mutationsByField(contract, participant, options.requirementIds, (m) => m.requirementIds.length === 1);
  return fc.tuple(validRequest(contract, participant), fc.oneof(...byField.values())).map(([body, m]) => invalidCase(body, [m]));
}

function invalidCase(base: unknown, mutations: readonly Mutation[]): InvalidCase {
  let body = base;
  let idempotencyKey: string | undefined;
  for (const m of mutations) {
    if (m.path) body = withValueAt(body, m.path, slotValue(m.value));
    if (m.idempotencyKey !== undefined) idempotencyKey = m.idempotencyKey;
  }
  return {
    body,
    ...(idempotencyKey !== undefined && { idempotencyKey }),
    brokenFields: mutations.map((m) => m.field),
    requirementIds: [...new Set(mutations.flatMap((m) => m.requirementIds))],
    description: mutations.map((m) => m.description).join('; '),
  };
}

/**
 * One mutation per field; and breaking an object together with one of its fields would hide the
 * second, so the object wins.
 */
function distinctFields(mutations: readonly Mutation[]): Mutation[] {
  const first = mutations.filter((m, i) => mutations.findIndex((other) => other.field === m.field) === i);
  return first.filter((m) => !first.some((other) => m.field.startsWith(`${other.field}.`)));
}

const familiesByPlan = new WeakMap<RequestPlan, MutationFamily[]>();

function mutationsByField(
  contract: Contract,
  participant: GeneratorParticipant,
  requirementIds: readonly string[] | undefined,
  extra?: (m: Mutation) => boolean,
): Map<string, fc.Arbitrary<Mutation>> {
  const plan = requestPlan(contract, participant);
  let families = familiesByPlan.get(plan);
  if (!families) familiesByPlan.set(plan, (families = mutationFamilies(plan)));
  const wanted = requirementIds && new Set(requirementIds);
  const keep = (m: Mutation) => (!wanted || m.requirementIds.some((id) => wanted.has(id))) && (!extra || extra(m));
  const byField = new Map<string, Array<fc.Arbitrary<Mutation>>>();
  for (const family of families) {
    if (wanted && !family.possibleIds.some((id) => wanted.has(id))) continue;
    // A family that rarely meets the narrower condition is left out rather than filtered forever.
    if ((wanted || extra) && fitRate(family.arbitrary, keep) < 0.2) continue;
    const arbitrary = wanted || extra ? family.arbitrary.filter(keep) : family.arbitrary;
    byField.set(family.field, [...(byField.get(family.field) ?? []), arbitrary]);
  }
  if (byField.size === 0) throw new Error(`generators: no invalid case breaks ${requirementIds?.join(', ') ?? 'any rule'} under this contract`);
  return new Map([...byField].map(([field, arbitraries]) => [field, fc.oneof(...arbitraries)]));
}
