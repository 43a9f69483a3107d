// The request's field rules as plain data, derived from the contract's request schema. Generators,
// the simulator and the checks read limits, patterns and lists from here, never from literals.
import type { OpenAPIV3_1 } from 'openapi-types';
import { resolveRef, SESSION_PATH } from './document.ts';

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
  readonly notDocumented: readonly string[];
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

export function readFieldRules(document: OpenAPIV3_1.Document): FieldRule[] {
  const rules: FieldRule[] = [];
  walk(document, requestSchemaOf(document), [], rules);
  return rules;
}

function walk(document: OpenAPIV3_1.Document, schema: Schema, prefix: string[], into: FieldRule[]): void {
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const field = resolveRef<Schema>(document, raw);
    const path = [...prefix, name];
    const ids = requirementIdsOf(field);
    const type = field.type === 'object' ? 'object' : 'string';
    if (field.type !== 'object' && field.type !== 'string') throw new Error(`${path.join('.')}: unsupported type ${String(field.type)}`);
    into.push({
      path,
      key: path.join('.'),
      name,
      type,
      required: required.has(name),
      ...(field.maxLength !== undefined && { maxLength: field.maxLength }),
      ...(field.pattern !== undefined && { pattern: field.pattern }),
      ...(field.enum !== undefined && { enum: field.enum.map(String) }),
      ...(typeof field['x-required-when'] === 'string' && { requiredWhen: field['x-required-when'] }),
      ...(typeof field['x-white-listed'] === 'string' && { whiteListed: field['x-white-listed'] }),
      notDocumented: Array.isArray(field['x-not-documented']) ? field['x-not-documented'].map(String) : [],
      requirementIds: ids,
      requirement: classify(ids),
    });
    if (type === 'object') walk(document, field, path, into);
  }
}

function requirementIdsOf(schema: Schema): string[] {
  const ids: string[] = [];
  if (typeof schema['x-requirement'] === 'string') ids.push(schema['x-requirement']);
  if (Array.isArray(schema['x-requirements'])) ids.push(...schema['x-requirements'].map(String));
  return ids;
}

/**
 * Sorts a field's ids by the kind of rule they name. A field without its own MAXLEN id (state, zip,
 * phones) has its length covered by its format rule: "valid US state", "xxxxx-xxxx", "numbers only".
 */
function classify(ids: readonly string[]): FieldRequirementIds {
  const required = ids.find((id) => id.startsWith('SM-VAL-REQUIRED-'));
  const conditional = ids.find((id) => id === 'SM-VAL-EMAIL-PAYPAL');
  const whiteList = ids.find((id) => id === 'SM-HOST-WHITELIST');
  const format = ids.find(
    (id) => id.startsWith('SM-VAL-') && !id.startsWith('SM-VAL-REQUIRED-') && !id.startsWith('SM-VAL-MAXLEN-') && id !== conditional,
  );
  const maxLength = ids.find((id) => id.startsWith('SM-VAL-MAXLEN-')) ?? format;
  return {
    ...(required && { required }),
    ...(maxLength && { maxLength }),
    ...(format && { format }),
    ...(conditional && { conditional }),
    ...(whiteList && { whiteList }),
  };
}

/** Reads a value at a field path; undefined when any step is missing. */
export function getAt(body: unknown, path: readonly string[]): unknown {
  let node = body;
  for (const part of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
