// The contract, loaded once: the parsed OpenAPI, its field rules, validators, examples and catalog.
import type { OpenAPIV3_1 } from 'openapi-types';
import { crossFieldViolations, type CrossFieldViolation, type ParticipantProfile } from './cross-field.ts';
import { DEFAULT_CONTRACT_PATH, parseContractDocument, readContractDocument, resolveRef, SESSION_PATH, type ContractDocument } from './document.ts';
import { readFieldRules, requestSchemaOf, type FieldRule } from './fields.ts';
import { readHmacScheme, type HmacScheme } from './hmac-scheme.ts';
import { readNotDocumented, type NotDocumentedChoice } from './not-documented.ts';
import { readRequirementCatalog, requirementIdsOf, type Requirement } from './requirements.ts';
import { SchemaValidators, type Verdict } from './validators.ts';
import { statusIn } from './answer-body.ts';

export type { ContractViolation, Verdict } from './validators.ts';
export { formatViolations } from './validators.ts';
export type { FieldRule } from './fields.ts';
export { deleteIn, isJsonObject, objectAt, setIn, valueAt, withValueAt, type FieldPath } from './body-path.ts';
export type { Requirement, RuleKind } from './requirements.ts';
export type { NotDocumentedChoice } from './not-documented.ts';
export { isNotDocumented, leavesOpen, notDocumentedCodes } from './not-documented.ts';
export type { HmacScheme, HmacAlgorithmName } from './hmac-scheme.ts';
export type { ParticipantProfile, CrossFieldViolation } from './cross-field.ts';
export { SESSION_PATH, DEFAULT_CONTRACT_PATH } from './document.ts';
export { apiStatusIn, dataIn, statusIn } from './answer-body.ts';
export { validSessionBody, type ValidSessionBody, type ValidSessionBodyOptions } from './valid-body.ts';

/** The body `status` codes the document defines. */
export type ApiStatus = 100 | 101 | 13400 | 13723;

export interface IdempotencyKeyRule {
  readonly header: string;
  readonly maxLength: number;
  readonly ttlSeconds: number;
  /** The rule the maximum length states (the header's id of rule-kind max-length). */
  readonly maxLengthRequirementId: string;
  readonly notDocumented: readonly NotDocumentedChoice[];
}

export class Contract {
  readonly path: string;
  readonly sha256: string;
  readonly document: OpenAPIV3_1.Document;
  readonly fields: readonly FieldRule[];
  readonly hmac: HmacScheme;
  readonly requirements: readonly Requirement[];
  readonly idempotencyKey: IdempotencyKeyRule;
  readonly urlTtlSeconds: number;
  /** The rule a value of the wrong JSON type breaks: the request schema's own requirement id. */
  readonly typesRequirementId: string;
  /** Body `status` → component schema name, from each schema's `x-api-status`. */
  readonly schemaByApiStatus: ReadonlyMap<number, string>;
  private readonly validators: SchemaValidators;

  constructor(source: ContractDocument) {
    this.path = source.path;
    this.sha256 = source.sha256;
    this.document = source.document;
    this.requirements = readRequirementCatalog(source.document);
    this.fields = readFieldRules(source.document, this.requirements);
    this.hmac = readHmacScheme(source.document);
    this.validators = new SchemaValidators(source.document);
    this.idempotencyKey = readIdempotencyKey(source.document, this.requirements);
    this.typesRequirementId = onlyId(requestSchemaOf(source.document), 'the request schema (the wrong-type rule)');
    this.urlTtlSeconds = readUrlTtl(source.document);
    this.schemaByApiStatus = readApiStatusSchemas(source.document);
  }

  field(key: string): FieldRule {
    const rule = this.fields.find((f) => f.key === key || f.name === key);
    if (!rule) throw new Error(`contract has no field ${key}`);
    return rule;
  }

  requirement(id: string): Requirement {
    const found = this.requirements.find((r) => r.id === id);
    if (!found) throw new Error(`unknown requirement id ${id}`);
    return found;
  }

  /**
   * The requirement ids a component schema carries (`x-requirement` / `x-requirements`): what a body
   * that does not match it breaks. Throws for a schema that carries none: a response schema without its
   * rule is a contract bug, never a silent default.
   */
  schemaRequirementIds(schemaName: string): string[] {
    const ids = requirementIdsOf(this.document.components?.schemas?.[schemaName]);
    if (ids.length === 0) throw new Error(`contract: schema ${schemaName} carries no x-requirement`);
    return ids;
  }

  requestSchemaName(): string {
    const ref = (this.operation().requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']?.schema as { $ref?: string };
    return ref.$ref?.split('/').pop() ?? 'CreateSessionRequest';
  }

  /** JSON Schema check of a create-session body (types, lengths, enum, patterns, required). */
  validateRequest(body: unknown): Verdict {
    return this.validators.validate(this.requestSchemaName(), body);
  }

  /** The rules JSON Schema cannot express: PayPal email, host_uri white-listing. */
  crossFieldViolations(body: unknown, participant: ParticipantProfile): CrossFieldViolation[] {
    return crossFieldViolations(this.fields, body, participant);
  }

  /**
   * Validates a response body by what it claims to be: a 401 against the Unauthorized schema, anything
   * else by its body `status` (100, 101, 13400, 13723). An undocumented status is a violation.
   */
  validateResponse(httpStatus: number, body: unknown): Verdict {
    if (httpStatus === 401) return this.validators.validate('Unauthorized', body);
    const apiStatus = statusIn(body);
    const schema = typeof apiStatus === 'number' ? this.schemaByApiStatus.get(apiStatus) : undefined;
    if (!schema) {
      return {
        valid: false,
        schema: 'none',
        violations: [{ path: '/status', message: `is not a documented status (${[...this.schemaByApiStatus.keys()].join(', ')})`, value: apiStatus, keyword: 'x-api-status' }],
      };
    }
    return this.validators.validate(schema, body);
  }

  /** Validates against one named component schema. */
  validateSchema(schemaName: string, value: unknown): Verdict {
    return this.validators.validate(schemaName, value);
  }

  /** The document's example request. */
  exampleRequest(): Record<string, unknown> {
    const media = (this.operation().requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json'];
    const example = (media?.examples?.['document'] as OpenAPIV3_1.ExampleObject | undefined)?.value;
    if (!example) throw new Error('contract has no document example request');
    return structuredClone(example) as Record<string, unknown>;
  }

  /** The document's example responses keyed by body status (and 401 for the HTTP 401 example). */
  exampleResponses(): Array<{ name: string; httpStatus: string; apiStatus: number | 401; value: unknown }> {
    const out: Array<{ name: string; httpStatus: string; apiStatus: number | 401; value: unknown }> = [];
    for (const [httpStatus, raw] of Object.entries(this.operation().responses ?? {})) {
      const response = resolveRef<OpenAPIV3_1.ResponseObject>(this.document, raw);
      for (const [name, ex] of Object.entries(response.content?.['application/json']?.examples ?? {})) {
        const value = resolveRef<OpenAPIV3_1.ExampleObject>(this.document, ex).value;
        const apiStatus = httpStatus === '401' ? 401 : Number((value as { status: number }).status);
        out.push({ name, httpStatus, apiStatus, value: structuredClone(value) });
      }
    }
    return out;
  }

  operation(): OpenAPIV3_1.OperationObject {
    const op = this.document.paths?.[SESSION_PATH]?.post;
    if (!op) throw new Error(`contract has no POST ${SESSION_PATH}`);
    return op;
  }

  /** Property names a response schema declares, for drift detection. */
  declaredProperties(schemaName: string): { top: string[]; data: string[] } {
    const schema = resolveRef<OpenAPIV3_1.SchemaObject>(this.document, this.document.components?.schemas?.[schemaName]);
    const top = Object.keys(schema.properties ?? {});
    const dataSchema = schema.properties?.['data'] ? resolveRef<OpenAPIV3_1.SchemaObject>(this.document, schema.properties['data']) : undefined;
    return { top, data: dataSchema?.type === 'object' && dataSchema.properties ? Object.keys(dataSchema.properties) : [] };
  }
}

function readIdempotencyKey(document: OpenAPIV3_1.Document, catalog: readonly Requirement[]): IdempotencyKeyRule {
  const param = document.components?.parameters?.['IdempotencyKey'] as (OpenAPIV3_1.ParameterObject & Record<string, unknown>) | undefined;
  const schema = param?.schema as OpenAPIV3_1.SchemaObject | undefined;
  if (!param || schema?.maxLength === undefined) throw new Error('contract has no IdempotencyKey parameter with maxLength');
  const ids = [...requirementIdsOf(schema), ...requirementIdsOf(param)];
  const maxLengthRequirementId = ids.find((id) => catalog.find((r) => r.id === id)?.ruleKind === 'max-length');
  if (!maxLengthRequirementId) throw new Error(`contract: the ${param.name} parameter carries no requirement id of rule-kind max-length`);
  return { header: param.name, maxLength: schema.maxLength, ttlSeconds: Number(param['x-ttl-seconds']), maxLengthRequirementId, notDocumented: readNotDocumented(param, param.name) };
}

/** The one requirement id a node carries; throws when it carries none or several. */
function onlyId(node: unknown, what: string): string {
  const ids = requirementIdsOf(node);
  if (ids.length !== 1) throw new Error(`contract: ${what} must carry exactly one x-requirement (it carries ${ids.length})`);
  return ids[0]!;
}

function readUrlTtl(document: OpenAPIV3_1.Document): number {
  const data = document.components?.schemas?.['SessionData'] as OpenAPIV3_1.SchemaObject | undefined;
  const expiry = data?.properties?.['authorized_url_expiration_utc'] as Record<string, unknown> | undefined;
  const ttl = Number(expiry?.['x-ttl-seconds']);
  if (!Number.isFinite(ttl)) throw new Error('contract has no x-ttl-seconds on authorized_url_expiration_utc');
  return ttl;
}

function readApiStatusSchemas(document: OpenAPIV3_1.Document): Map<number, string> {
  const map = new Map<number, string>();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const status = (schema as Record<string, unknown>)['x-api-status'];
    if (typeof status === 'number') map.set(status, name);
  }
  return map;
}

const cache = new Map<string, Contract>();

/** Loads (once per path) and compiles the contract. */
export function loadContract(path: string = DEFAULT_CONTRACT_PATH): Contract {
  let contract = cache.get(path);
  if (!contract) {
    contract = new Contract(readContractDocument(path));
    cache.set(path, contract);
  }
  return contract;
}

/** Compiles a contract from YAML text (used to prove consumers follow a modified contract). */
export function contractFromText(text: string): Contract {
  return new Contract(parseContractDocument(text));
}


