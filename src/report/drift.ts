// Contract drift: what a live response carries that the contract does not declare (an extra field),
// or a declared field arriving with another JSON type. Drift is never a failure; it is how a UAT
// change shows up in the next morning's report. Pure: suites call it and annotate with drift().
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Contract } from '../contract/index.ts';
import { resolveRef } from '../contract/document.ts';
import { isJsonObject as isObject } from '../contract/body-path.ts';

export interface DriftFinding {
  /** `<Schema>/<field>` or `<Schema>/data/<field>`, as the drift annotation's path. */
  readonly path: string;
  readonly observed: string;
}

type Schema = OpenAPIV3_1.SchemaObject;

/**
 * Compares a response body with the schema its body `status` names (100, 101, 13400, 13723). A 401
 * body and a body with an undocumented status have no declared shape to drift from: nothing is said.
 */
export function detectDrift(contract: Contract, httpStatus: number, body: unknown): DriftFinding[] {
  if (httpStatus === 401 || !isObject(body)) return [];
  const status = body['status'];
  const schemaName = typeof status === 'number' ? contract.schemaByApiStatus.get(status) : undefined;
  if (!schemaName) return [];
  const schema = resolveRef<Schema>(contract.document, contract.document.components?.schemas?.[schemaName]);
  const findings = compareObject(contract, schemaName, schema, body);
  const dataSchema = schema.properties?.['data'] ? resolveRef<Schema>(contract.document, schema.properties['data']) : undefined;
  const data = body['data'];
  // Only a data object with declared properties has a field list to drift from (13400's data is keyed by field).
  if (dataSchema?.properties && isObject(data)) findings.push(...compareObject(contract, `${schemaName}/data`, dataSchema, data));
  return findings;
}

function compareObject(contract: Contract, prefix: string, schema: Schema, value: Record<string, unknown>): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const declared = schema.properties ?? {};
  for (const [key, field] of Object.entries(value)) {
    const declaredField = declared[key];
    if (!declaredField) {
      findings.push({ path: `${prefix}/${key}`, observed: `undeclared field of type ${jsonType(field)}` });
      continue;
    }
    const expected = declaredTypes(resolveRef<Schema>(contract.document, declaredField));
    const actual = jsonType(field);
    if (expected.length && !expected.includes(actual) && !(actual === 'integer' && expected.includes('number'))) {
      findings.push({ path: `${prefix}/${key}`, observed: `declared ${expected.join(' or ')}, got ${actual}` });
    }
  }
  return findings;
}

function declaredTypes(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (typeof schema.type === 'string') return [schema.type];
  if ('const' in schema && schema.const !== undefined) return [jsonType(schema.const)];
  return [];
}

/** JSON Schema's type names; whole numbers are "integer" (which also satisfies "number"). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
