// Faults generated from the contract's field rules: one "maximum off by one" pair per limited field
// and one "not required" per required field, so a new limited or required field gets its faults
// without code changes. Each targets its field by key and kind of rule.
import type { Contract, FieldRule } from '../../contract/index.ts';
import { on } from '../core/seams.ts';
import { fieldRule } from '../stages/validate-fields.ts';
import { fault, type FaultDefinition } from './fault.ts';

export function slug(field: FieldRule): string {
  return field.name.replace(/_/g, '-');
}

/**
 * A maximum length is observable on its own only if nothing else bounds the value: an enum (state) or
 * a pattern without an open-ended quantifier (zip) refuses max+1 anyway, so "accept max+1" there
 * would be a fault no check can see.
 */
function lengthOnlyBoundedByMax(field: FieldRule): boolean {
  if (field.enum) return false;
  if (field.pattern && !/[+*]|\{\d+,\}/.test(field.pattern)) return false;
  return true;
}

export function fieldFaults(contract: Pick<Contract, 'fields'>): FaultDefinition[] {
  const faults: FaultDefinition[] = [];
  for (const field of contract.fields) {
    const key = field.key;
    const maxLengthIds = [field.requirement.maxLength!].filter(Boolean);
    if (field.maxLength !== undefined && field.type === 'string' && lengthOnlyBoundedByMax(field)) {
      faults.push(
        field.whiteListed
          ? fault(
              `accept-overlong-${slug(field)}`,
              `${key} longer than ${field.maxLength} is silently ignored (treated as absent) instead of refused`,
              maxLengthIds,
              on('validate-fields', (s) => void (fieldRule(s, key, 'maxLength').overlongIgnored = true)),
              on('white-list', (s) => void (s.overlongIsAbsent = true)),
            )
          : fault(
              `accept-overlong-${slug(field)}`,
              `${key} of ${field.maxLength + 1} characters is accepted (maximum off by one)`,
              maxLengthIds,
              on('validate-fields', (s) => {
                const rule = fieldRule(s, key, 'maxLength');
                rule.maxLength = rule.maxLength! + 1;
              }),
            ),
      );
    }
    // Refusing a value of exactly max is invisible for a white-listed field (no such origin exists).
    if (field.maxLength !== undefined && field.type === 'string' && !field.enum && !field.whiteListed) {
      faults.push(
        fault(`reject-at-max-${slug(field)}`, `${key} of exactly ${field.maxLength} characters is refused (maximum off by one)`, maxLengthIds, on('validate-fields', (s) => {
          const rule = fieldRule(s, key, 'maxLength');
          rule.maxLength = rule.maxLength! - 1;
        })),
      );
    }
    if (field.required && field.requirement.required) {
      faults.push(
        fault(`skip-required-${slug(field)}`, `${key} is not required (a request without it is accepted)`, [field.requirement.required], on('validate-fields', (s) => {
          fieldRule(s, key, 'required').required = false;
        })),
      );
    }
  }
  return faults;
}
