// Field validation, compiled once from the contract's field rules into a flat plan, so a request
// costs a handful of property reads and comparisons. Messages follow the .NET data-annotation style
// of the document's example ("The ParticipantUniqueId1 field is required.").
import type { Contract, FieldRule } from '../contract/index.ts';
import type { Participant } from '../config/demo-participants.ts';
import type { FaultFlags } from './faults.ts';

export type FieldErrors = Record<string, string[]>;

interface FieldCheck {
  readonly key: string;
  readonly name: string;
  readonly parentPath: readonly string[];
  readonly display: string;
  readonly type: 'string' | 'object';
  readonly required: boolean;
  readonly requiredWhen?: keyof Participant;
  readonly requiredWhenText: string;
  readonly maxLength?: number;
  /** accept-overlong on a white-listed field: over-long values are dropped, not refused. */
  readonly overlongIgnored: boolean;
  readonly pattern?: RegExp;
  readonly patternSource?: string;
  readonly enumValues?: ReadonlySet<string>;
  readonly enumCaseInsensitive: boolean;
  readonly stripSeparators: boolean;
  readonly patternOnPrefix: boolean;
}

export class ValidationPlan {
  private readonly checks: readonly FieldCheck[];

  constructor(contract: Contract, private readonly faults: FaultFlags) {
    this.checks = contract.fields.map((field) => compile(field, faults));
  }

  /** The fields a body breaks, keyed by the field's dotted key; undefined when it is valid. */
  validate(body: unknown, participant: Participant): FieldErrors | undefined {
    if (!isObject(body)) return { body: ['The request body must be a JSON object.'] };
    let errors: FieldErrors | undefined;
    for (const check of this.checks) {
      const container = containerAt(body, check.parentPath);
      // A nested field is judged only when its parent is a proper object; the parent's error says it all.
      if (!container) continue;
      let value = container[check.name];
      if (value === undefined || value === null || value === '') {
        if (value === '' && !check.required && this.faults.rejectEmptyOptional) {
          errors = add(errors, check.key, `The field ${check.display} must be a string with a minimum length of 1.`);
        } else if (check.required && !this.faults.skipRequired.has(check.key)) {
          errors = add(errors, check.key, `The ${check.display} field is required.`);
        } else if (check.requiredWhen && (participant[check.requiredWhen] === true || this.faults.requireEmailAlways)) {
          errors = add(errors, check.key, `The ${check.display} field is required ${check.requiredWhenText}.`);
        }
        continue;
      }
      if (check.type === 'object') {
        if (!isObject(value)) errors = add(errors, check.key, `The field ${check.display} must be an object.`);
        continue;
      }
      if (typeof value !== 'string') {
        if (this.faults.acceptWrongTypes && (typeof value === 'number' || typeof value === 'boolean')) value = String(value);
        else {
          errors = add(errors, check.key, `The field ${check.display} must be a string.`);
          continue;
        }
      }
      let text = value as string;
      if (check.stripSeparators) text = text.replace(/[-\s().]/g, '');
      if (check.maxLength !== undefined && text.length > check.maxLength && !check.overlongIgnored) {
        errors = add(errors, check.key, `The field ${check.display} must be a string with a maximum length of ${check.maxLength}.`);
      }
      if (check.pattern) {
        const probe = check.patternOnPrefix ? text.split('-', 1)[0]! : text;
        if (!check.pattern.test(probe)) errors = add(errors, check.key, `The field ${check.display} must match the regular expression '${check.patternSource}'.`);
      }
      if (check.enumValues && !check.enumValues.has(check.enumCaseInsensitive ? text.toUpperCase() : text)) {
        errors = add(errors, check.key, `The field ${check.display} is invalid.`);
      }
    }
    return errors;
  }
}

/** Records one message; a plain function, not a closure, so a valid body allocates nothing here. */
function add(errors: FieldErrors | undefined, key: string, message: string): FieldErrors {
  const all = errors ?? {};
  (all[key] ??= []).push(message);
  return all;
}

function compile(field: FieldRule, faults: FaultFlags): FieldCheck {
  const format = field.requirement.format;
  let maxLength = field.maxLength;
  if (maxLength !== undefined && faults.overlong.has(field.key) && !field.whiteListed) maxLength += 1;
  if (maxLength !== undefined && faults.rejectAtMax.has(field.key)) maxLength -= 1;
  const skipPattern = (format === 'SM-VAL-ZIP' && faults.acceptBadZip) || false;
  // Undocumented values (DC, territories, lower case) are accepted: the document leaves them open,
  // and a harness must never see them refused as if that were a rule.
  const enumValues = field.enum && !(format === 'SM-VAL-STATE' && faults.acceptAnyState)
    ? new Set([...field.enum, ...field.notDocumented.filter((v) => /^[A-Z0-9]+$/.test(v))])
    : undefined;
  const flag = field.requiredWhen && !faults.ignorePaypalEmail ? (field.requiredWhen.replace(/^participant\./, '') as keyof Participant) : undefined;
  return {
    key: field.key,
    name: field.name,
    parentPath: field.path.slice(0, -1),
    display: pascal(field.name),
    type: field.type,
    required: field.required,
    ...(flag && { requiredWhen: flag }),
    requiredWhenText: flag === 'paypal_enabled' ? 'for PayPal enabled participants' : `when ${field.requiredWhen}`,
    ...(maxLength !== undefined && { maxLength }),
    overlongIgnored: !!field.whiteListed && faults.overlong.has(field.key),
    ...(field.pattern && !skipPattern && { pattern: new RegExp(field.pattern, 'u'), patternSource: field.pattern }),
    ...(enumValues && { enumValues }),
    enumCaseInsensitive: field.notDocumented.some((v) => /lower[- ]case/i.test(v)),
    stripSeparators: format === 'SM-VAL-PHONE-DIGITS' && faults.acceptPhoneDashes,
    patternOnPrefix: format === 'SM-VAL-ZIP' && faults.acceptZipPlus4Bad,
  };
}

/** participant_unique_id1 → ParticipantUniqueId1, the .NET property name the messages use. */
export function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function containerAt(body: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = body;
  for (const part of path) {
    node = (node as Record<string, unknown>)[part];
    if (!isObject(node)) return undefined;
  }
  return node as Record<string, unknown>;
}
