// The request's field rules as plain data, derived from the contract's request schema. Generators,
// the simulator and the checks read limits, patterns and lists from here, never from literals.
import type { OpenAPIV3_1 } from 'openapi-types';
import { resolveRef, SESSION_PATH } from './document.ts';
import { readNotDocumented, type NotDocumentedChoice } from './not-documented.ts';
import { requirementIdsOf, type Requirement } from './requirements.ts';

type Schema = OpenAPIV3_1.SchemaObject & Record<`x-${string}`, unknown>;

export interface FieldRule {
  /** Path from the body root, e.g. ['recipient_information', 'first_name']. */
  readonly path: readonly string[];
  /** Dotted path, e.g. 'recipient_information.first_name'. */
  readonly key: string;
  /** Last path segment, e.g. 'first_name'. */
  readonly name: string;
  readonly type: 'string' | 'object';
  readonly required: boolean;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  /** A condition JSON Schema cannot express, e.g. 'participant.paypal_enabled'. */
  readonly requiredWhen?: string;
  /** The value must be one of the participant's list named here, e.g. 'participant.host_uris'. */
  readonly whiteListed?: string;
  /** Values whose treatment the document leaves open: never generated as valid nor as invalid. */
  readonly notDocumented: readonly NotDocumentedChoice[];
  readonly requirementIds: readonly string[];
  /** The requirement id each kind of rule on this field belongs to. */
  readonly requirement: FieldRequirementIds;
}

export interface FieldRequirementIds {
  readonly required?: string;
  readonly maxLength?: string;
  readonly format?: string;
  readonly conditional?: string;
  readonly whiteList?: string;
}

export function requestSchemaOf(document: OpenAPIV3_1.Document): Schema {
  const operation = document.paths?.[SESSION_PATH]?.post;
  if (!operation) throw new Error(`contract has no POST ${SESSION_PATH}`);
  const body = resolveRef<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
  const media = body.content['application/json'];
  if (!media?.schema) throw new Error('request body has no application/json schema');
  return resolveRef<Schema>(document, media.schema);
}

/** `catalog`: the requirement catalog, whose `rule-kind` says what kind of rule each of a field's ids states. */
export function readFieldRules(document: OpenAPIV3_1.Document, catalog: readonly Requirement[]): FieldRule[] {
  const rules: FieldRule[] = [];
  walk(document, requestSchemaOf(document), [], rules, new Map(catalog.map((r) => [r.id, r])));
  return rules;
}

function walk(document: OpenAPIV3_1.Document, schema: Schema, prefix: string[], into: FieldRule[], catalog: ReadonlyMap<string, Requirement>): void {
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const field = resolveRef<Schema>(document, raw);
    const path = [...prefix, name];
    const ids = requirementIdsOf(field);
    const key = path.join('.');
    const type = field.type === 'object' ? 'object' : 'string';
    if (field.type !== 'object' && field.type !== 'string') throw new Error(`${path.join('.')}: unsupported type ${String(field.type)}`);
    into.push({
      path,
      key,
      name,
      type,
      required: required.has(name),
      ...(field.maxLength !== undefined && { maxLength: field.maxLength }),
      ...(field.pattern !== undefined && { pattern: field.pattern }),
      ...(field.enum !== undefined && { enum: field.enum.map(String) }),
      ...(typeof field['x-required-when'] === 'string' && { requiredWhen: field['x-required-when'] }),
      ...(typeof field['x-white-listed'] === 'string' && { whiteListed: field['x-white-listed'] }),
      notDocumented: readNotDocumented(field, key),
      requirementIds: ids,
      requirement: byKind(ids, catalog, key),
    });
    if (type === 'object') walk(document, field, path, into, catalog);
  }
}

/**
 * Sorts a field's ids by the kind of rule the catalog says each states. A field without a max-length
 * id of its own (state, zip, phones) has its length covered by its format rule: "valid US state",
 * "xxxxx-xxxx", "numbers only".
 */
function byKind(ids: readonly string[], catalog: ReadonlyMap<string, Requirement>, key: string): FieldRequirementIds {
  const of = (kind: Requirement['ruleKind']) => ids.find((id) => catalog.get(id)?.ruleKind === kind);
  for (const id of ids) if (!catalog.has(id)) throw new Error(`contract: ${key} carries ${id}, which is not in x-requirement-catalog`);
  const required = of('required');
  const format = of('format');
  const maxLength = of('max-length') ?? format;
  const conditional = of('required-when');
  const whiteList = of('white-list');
  return {
    ...(required && { required }),
    ...(maxLength && { maxLength }),
    ...(format && { format }),
    ...(conditional && { conditional }),
    ...(whiteList && { whiteList }),
  };
}
