// Stage "validate-fields": every field rule of the contract's request table (required, conditional,
// type, maximum length, pattern, list of values), compiled once into a flat list of field checks, so
// a request costs a handful of property reads. Personalities and faults change a check by field key
// and kind of rule (see fieldRule); requirement ids never steer anything here. Messages follow the
// .NET data-annotation style of the document's example ("The ParticipantUniqueId1 field is required.").
import { isJsonObject, leavesOpen, notDocumentedCodes, objectAt, type Contract, type FieldRule } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { ApiRequest } from '../core/api-request.ts';
import { BODY_NAMES, fieldNames, headerNames, pascal } from '../core/field-names.ts';
import { fieldsRefusal, type FieldError, type FieldNames, type Refusal, type RuleKind } from '../core/refusal.ts';

/** A text test with the message its failure gives (the contract's pattern, or a format a personality adds). */
export interface TextRule {
  readonly test: (text: string) => boolean;
  readonly message: string;
}

/** One field's checks, as the contract states them until an override changes them. */
export interface FieldSeams {
  readonly rule: FieldRule;
  readonly names: FieldNames;
  /** The .NET property name used in messages (FirstName). */
  readonly display: string;
  required: boolean;
  /** The participant flag that makes the field required (conditional rule). */
  requiredWhen: keyof Participant | undefined;
  maxLength: number | undefined;
  /** Over-long values are dropped as if absent instead of refused (a fault on a white-listed field). */
  overlongIgnored: boolean;
  minLength: number | undefined;
  patterns: TextRule[];
  enumValues: ReadonlySet<string> | undefined;
  enumCaseInsensitive: boolean;
  /** Applied to the text before the length and pattern checks. */
  normalise: ((text: string) => string) | undefined;
  /** An empty string is refused as too short instead of counting as absent. */
  emptyIsInvalid: boolean;
}

export interface ValidateFieldsSeams {
  readonly fields: FieldSeams[];
  /** Checks run before the field rules (a fault's hook); empty by default, and then free. */
  readonly preChecks: Array<(ctx: ApiRequest) => Refusal | undefined>;
  /** `null` in an optional field: absent, or refused. */
  nullOptional: 'absent' | 'refuse';
  /** A whitespace-only value in a required field: a value, or missing. */
  whitespaceOnlyRequired: 'value' | 'missing';
  /** Numbers and booleans taken as strings instead of refused (fault accept-wrong-types). */
  coerceScalars: boolean;
  lengthUnit: 'utf16' | 'code-points';
  unknownFields: 'ignore' | 'refuse';
  reportedErrors: 'all' | 'first';
  readonly idempotencyKey: {
    readonly header: string;
    maxLength: number;
    check: boolean;
    /** An empty header: no key at all, or refused. */
    empty: 'absent' | 'refuse';
  };
}

export function defaultValidateFieldsSeams(contract: Contract): ValidateFieldsSeams {
  return {
    fields: contract.fields.map(fieldSeams),
    preChecks: [],
    nullOptional: 'absent',
    whitespaceOnlyRequired: 'value',
    coerceScalars: false,
    lengthUnit: 'utf16',
    unknownFields: 'ignore',
    reportedErrors: 'all',
    idempotencyKey: { header: contract.idempotencyKey.header, maxLength: contract.idempotencyKey.maxLength, check: true, empty: 'absent' },
  };
}

function fieldSeams(field: FieldRule): FieldSeams {
  return {
    rule: field,
    names: fieldNames(field.path),
    display: pascal(field.name),
    required: field.required,
    requiredWhen: field.requiredWhen ? (field.requiredWhen.replace(/^participant\./, '') as keyof Participant) : undefined,
    maxLength: field.maxLength,
    overlongIgnored: false,
    minLength: undefined,
    patterns: field.pattern ? [patternRule(field.pattern, pascal(field.name))] : [],
    // Undocumented values (DC, territories, lower case) are accepted unless a personality refuses them:
    // the document leaves them open.
    enumValues: field.enum ? new Set([...field.enum, ...notDocumentedCodes(field.notDocumented)]) : undefined,
    enumCaseInsensitive: leavesOpen(field.notDocumented, 'lower-case'),
    normalise: undefined,
    emptyIsInvalid: false,
  };
}

export function patternRule(source: string, display: string): TextRule {
  const re = new RegExp(source, 'u');
  return { test: (text) => re.test(text), message: `The field ${display} must match the regular expression '${source}'.` };
}

/** A field's checks by key (for an override that adds a rule the contract does not state). */
export function fieldByKey(seams: ValidateFieldsSeams, key: string): FieldSeams {
  const field = seams.fields.find((f) => f.rule.key === key);
  if (!field) throw new Error(`the contract has no field ${key}`);
  return field;
}

/** Every field whose contract rule matches, for an override that changes a kind of field (all enums, all white-listed fields). */
export function fieldsWhere(seams: ValidateFieldsSeams, matches: (rule: FieldRule) => boolean): FieldSeams[] {
  return seams.fields.filter((f) => matches(f.rule));
}

/**
 * The field an override targets, by key and kind of rule. Throws when the contract gives that field
 * no such rule, so a fault or choice can never silently miss its target.
 */
export function fieldRule(seams: ValidateFieldsSeams, key: string, kind: RuleKind): FieldSeams {
  const field = fieldByKey(seams, key);
  const has: Partial<Record<RuleKind, boolean>> = {
    required: field.rule.required,
    conditional: field.rule.requiredWhen !== undefined,
    maxLength: field.rule.maxLength !== undefined,
    pattern: field.rule.pattern !== undefined,
    enum: field.rule.enum !== undefined,
    'white-list': field.rule.whiteListed !== undefined,
    type: true,
    empty: true,
    minLength: true,
  };
  if (!has[kind]) throw new Error(`the contract gives ${key} no ${kind} rule`);
  return field;
}

interface FieldCheck {
  readonly name: string;
  readonly parentPath: readonly string[];
  readonly names: FieldNames;
  readonly display: string;
  readonly type: 'string' | 'object';
  readonly required: boolean;
  readonly requiredWhen: keyof Participant | undefined;
  readonly requiredWhenText: string;
  readonly maxLength: number | undefined;
  readonly overlongIgnored: boolean;
  readonly minLength: number | undefined;
  readonly patterns: readonly TextRule[];
  readonly enumValues: ReadonlySet<string> | undefined;
  readonly enumCaseInsensitive: boolean;
  readonly normalise: ((text: string) => string) | undefined;
  readonly emptyIsInvalid: boolean;
}

/** The objects whose members are known: the body itself and every object field. */
interface KnownMembers {
  readonly path: readonly string[];
  readonly names: ReadonlySet<string>;
}

export class ValidateFieldsStage {
  private readonly checks: readonly FieldCheck[];
  private readonly known: readonly KnownMembers[];
  private readonly nullRefused: boolean;
  private readonly whitespaceMissing: boolean;
  private readonly coerce: boolean;
  private readonly codePoints: boolean;
  private readonly firstOnly: boolean;
  private readonly keyHeader: string;
  private readonly keyNames: FieldNames;
  private readonly keyMax: number;
  private readonly keyCheck: boolean;
  private readonly emptyKeyRefused: boolean;
  readonly check: (ctx: ApiRequest) => Refusal | undefined;

  constructor(seams: Readonly<ValidateFieldsSeams>) {
    this.checks = seams.fields.map(compile);
    this.known = seams.unknownFields === 'refuse' ? knownMembers(seams.fields) : [];
    this.nullRefused = seams.nullOptional === 'refuse';
    this.whitespaceMissing = seams.whitespaceOnlyRequired === 'missing';
    this.coerce = seams.coerceScalars;
    this.codePoints = seams.lengthUnit === 'code-points';
    this.firstOnly = seams.reportedErrors === 'first';
    const key = seams.idempotencyKey;
    this.keyHeader = key.header.toLowerCase();
    this.keyNames = headerNames(key.header);
    this.keyMax = key.maxLength;
    this.keyCheck = key.check;
    this.emptyKeyRefused = key.empty === 'refuse';
    const pre = [...seams.preChecks];
    this.check =
      pre.length === 0
        ? this.validate
        : (ctx) => {
            for (const check of pre) {
              const refusal = check(ctx);
              if (refusal) return refusal;
            }
            return this.validate(ctx);
          };
  }

  private readonly validate = (ctx: ApiRequest): Refusal | undefined => {
    const body = ctx.json;
    if (!isJsonObject(body)) return fieldsRefusal('validate-fields', [{ field: BODY_NAMES, rule: 'type', message: 'The request body must be a JSON object.' }]);
    let errors = this.fieldErrors(body, ctx.participant!);
    if (errors && this.firstOnly) return fieldsRefusal('validate-fields', errors);
    if (this.keyCheck) {
      const key = ctx.header(this.keyHeader);
      if (key !== undefined) {
        if (key === '') {
          if (this.emptyKeyRefused) errors = add(errors, this.keyNames, 'empty', `The ${this.keyNames.dotted} header must not be empty.`);
        } else if (key.length > this.keyMax) {
          errors = add(errors, this.keyNames, 'maxLength', `The field ${pascal(this.keyNames.dotted.replace(/-/g, '_'))} must be a string with a maximum length of ${this.keyMax}.`);
        }
      }
    }
    return errors ? fieldsRefusal('validate-fields', errors) : undefined;
  };

  /** The fields a body breaks; undefined when every field is valid. */
  private fieldErrors(body: Record<string, unknown>, participant: Participant): FieldError[] | undefined {
    let errors: FieldError[] | undefined;
    for (const check of this.checks) {
      if (errors && this.firstOnly) return errors;
      const container = objectAt(body, check.parentPath);
      // A nested field is judged only when its parent is a proper object; the parent's error says it all.
      if (!container) continue;
      let value = container[check.name];
      if (value === undefined || value === null || value === '') {
        if (value === null && this.nullRefused && !check.required) {
          errors = add(errors, check.names, 'type', `The field ${check.display} must not be null.`);
        } else if (value === '' && check.emptyIsInvalid) {
          errors = add(errors, check.names, 'empty', `The field ${check.display} must be a string with a minimum length of 1.`);
        } else if (check.required) {
          errors = add(errors, check.names, 'required', `The ${check.display} field is required.`);
        } else if (check.requiredWhen && participant[check.requiredWhen] === true) {
          errors = add(errors, check.names, 'conditional', `The ${check.display} field is required ${check.requiredWhenText}.`);
        }
        continue;
      }
      if (check.type === 'object') {
        if (!isJsonObject(value)) errors = add(errors, check.names, 'type', `The field ${check.display} must be an object.`);
        continue;
      }
      if (typeof value !== 'string') {
        if (this.coerce && (typeof value === 'number' || typeof value === 'boolean')) value = String(value);
        else {
          errors = add(errors, check.names, 'type', `The field ${check.display} must be a string.`);
          continue;
        }
      }
      let text = value as string;
      if (this.whitespaceMissing && check.required && !NOT_BLANK.test(text)) {
        errors = add(errors, check.names, 'required', `The ${check.display} field is required.`);
        continue;
      }
      if (check.normalise) text = check.normalise(text);
      const length = this.codePoints ? codePointLength(text) : text.length;
      if (check.maxLength !== undefined && length > check.maxLength && !check.overlongIgnored) {
        errors = add(errors, check.names, 'maxLength', `The field ${check.display} must be a string with a maximum length of ${check.maxLength}.`);
      }
      if (check.minLength !== undefined && length < check.minLength) {
        errors = add(errors, check.names, 'minLength', `The field ${check.display} must be a string with a minimum length of ${check.minLength}.`);
      }
      for (let i = 0; i < check.patterns.length; i++) {
        const pattern = check.patterns[i]!;
        if (!pattern.test(text)) errors = add(errors, check.names, 'pattern', pattern.message);
      }
      if (check.enumValues && !check.enumValues.has(check.enumCaseInsensitive ? text.toUpperCase() : text)) {
        errors = add(errors, check.names, 'enum', `The field ${check.display} is invalid.`);
      }
    }
    for (const members of this.known) {
      if (errors && this.firstOnly) return errors;
      const container = members.path.length === 0 ? body : objectAt(body, members.path);
      if (!container) continue;
      for (const name of Object.keys(container)) {
        if (!members.names.has(name)) errors = add(errors, fieldNames([...members.path, name]), 'unknown-field', `The field ${pascal(name)} is not a known field.`);
      }
    }
    return errors;
  }
}

const NOT_BLANK = /\S/;

/** Records one error; a plain function, not a closure, so a valid body allocates nothing here. */
function add(errors: FieldError[] | undefined, field: FieldNames, rule: RuleKind, message: string): FieldError[] {
  const all = errors ?? [];
  all.push({ field, rule, message });
  return all;
}

function compile(field: FieldSeams): FieldCheck {
  const rule = field.rule;
  return {
    name: rule.name,
    parentPath: rule.path.slice(0, -1),
    names: field.names,
    display: field.display,
    type: rule.type,
    required: field.required,
    requiredWhen: field.requiredWhen,
    requiredWhenText: field.requiredWhen === 'paypal_enabled' ? 'for PayPal enabled participants' : `when ${rule.requiredWhen}`,
    maxLength: field.maxLength,
    overlongIgnored: field.overlongIgnored,
    minLength: field.minLength,
    patterns: [...field.patterns],
    enumValues: field.enumValues,
    enumCaseInsensitive: field.enumCaseInsensitive,
    normalise: field.normalise,
    emptyIsInvalid: field.emptyIsInvalid,
  };
}

function knownMembers(fields: readonly FieldSeams[]): KnownMembers[] {
  const objects: Array<readonly string[]> = [[], ...fields.filter((f) => f.rule.type === 'object').map((f) => f.rule.path)];
  return objects.map((path) => ({
    path,
    names: new Set(fields.filter((f) => f.rule.path.length === path.length + 1 && path.every((p, i) => f.rule.path[i] === p)).map((f) => f.rule.name)),
  }));
}

/** Length in code points: a character outside the Basic Multilingual Plane counts once. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
