// Which of a field's rules a value breaks, in the contract's requirement ids. The invalid generators
// state their claim with this; the tests check the claim against ajv and the cross-field rules, so a
// disagreement between the two readings of the contract shows up as a failing property.
import { ABSENT, type Slot } from './body.ts';
import type { FieldPlan, RequestPlan } from './fields.ts';
import { globallyUndocumented } from './not-documented.ts';
import { isTrimmed } from './text.ts';

export function requirementsBrokenBy(plan: RequestPlan, field: FieldPlan, value: Slot): string[] {
  const { rule } = field;
  const ids: string[] = [];
  const add = (id: string | undefined) => {
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  };
  if (value === ABSENT) {
    if (rule.required) add(rule.requirement.required);
    else if (field.required) add(rule.requirement.conditional); // required by a condition the participant meets
    return ids;
  }
  const rightType = rule.type === 'object' ? isPlainObject(value) : typeof value === 'string';
  if (!rightType) {
    add(plan.typesRequirementId);
    // A list (enum) admits no value of another type either: a number is not a US state.
    if (rule.enum !== undefined) add(rule.requirement.format);
    return ids;
  }
  if (typeof value !== 'string') return ids;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) add(rule.requirement.maxLength);
  if (rule.pattern !== undefined && !compiled(rule.pattern).test(value)) add(rule.requirement.format);
  if (rule.enum !== undefined && !rule.enum.includes(value)) add(rule.requirement.format);
  if (value === '' && field.required && !rule.required) add(rule.requirement.conditional);
  return ids;
}

/**
 * Whether the document settles how a server treats this value in this field: never a value listed in
 * x-not-documented, null, whitespace only, astral characters, or one a trimming server would change.
 */
export function isDocumented(field: FieldPlan, value: Slot): boolean {
  if (value === ABSENT) return true;
  if (globallyUndocumented(value) !== undefined) return false;
  if (typeof value !== 'string') return true;
  return isTrimmed(value) && !(field.type === 'string' && field.undocumented(value));
}

const patterns = new Map<string, RegExp>();

/** ajv compiles patterns with the 'u' flag; so does this. */
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
