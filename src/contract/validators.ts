// ajv validators compiled from the contract's schemas (draft 2020-12). A failure names the JSON path,
// the reason and the offending value, so a report can show exactly what broke.
//
// ajv is loaded and set up on the first validation, not with the contract: every process of a run
// loads the contract (the runner and the conformance CLI only for its limits and ids), and ajv's
// modules and set-up cost each of them a few hundred ms of CPU for validators they never call.
import { createRequire } from 'node:module';
import type Ajv2020Type from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';

const CONTRACT_ID = 'urn:ingopay:session-management';

/** Annotation keywords of OpenAPI 3.1 that are not JSON Schema 2020-12 ones. */
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs', 'components'];

export interface ContractViolation {
  /** JSON pointer of the offending value, '' for the root. */
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
  readonly keyword: string;
}

export type Verdict = { readonly valid: true; readonly schema: string } | {
  readonly valid: false;
  readonly schema: string;
  readonly violations: readonly ContractViolation[];
};

type Ajv = InstanceType<typeof Ajv2020Type>;

/** ajv with the contract's components, its formats and the OpenAPI keywords it should ignore. */
function contractAjv(document: OpenAPIV3_1.Document): Ajv {
  // Synchronous, so validation stays synchronous: both packages are CommonJS.
  const require = createRequire(import.meta.url);
  const Ajv2020 = (require('ajv/dist/2020.js') as { default: typeof Ajv2020Type }).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv) => void }).default;
  // validateSchema off: it compiles the whole 2020-12 meta-schema (the larger part of ajv's set-up)
  // to check a document whose only keyword, components, the meta-schema does not look into. Each
  // schema is still checked where it is compiled, strictly (unknown keywords, bad types).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: true, validateSchema: false });
  addFormats(ajv);
  for (const keyword of new Set([...OPENAPI_KEYWORDS, ...extensionKeywords(document.components)])) {
    ajv.addKeyword({ keyword });
  }
  ajv.addSchema({ $id: CONTRACT_ID, components: document.components });
  return ajv;
}

export class SchemaValidators {
  private ajv: Ajv | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIV3_1.Document) {}

  /** Validates a value against `#/components/schemas/<name>`. */
  validate(schemaName: string, value: unknown): Verdict {
    let fn = this.compiled.get(schemaName);
    if (!fn) {
      if (!this.document.components?.schemas?.[schemaName]) throw new Error(`contract has no schema ${schemaName}`);
      this.ajv ??= contractAjv(this.document);
      fn = this.ajv.getSchema(`${CONTRACT_ID}#/components/schemas/${schemaName}`);
      if (!fn) throw new Error(`could not compile schema ${schemaName}`);
      this.compiled.set(schemaName, fn);
    }
    if (fn(value)) return { valid: true, schema: schemaName };
    return { valid: false, schema: schemaName, violations: (fn.errors ?? []).map((e) => toViolation(e, value)) };
  }
}

function extensionKeywords(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => extensionKeywords(item, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      extensionKeywords(value, into);
    }
  }
  return into;
}

function toViolation(error: ErrorObject, root: unknown): ContractViolation {
  let path = error.instancePath;
  let message = error.message ?? error.keyword;
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${path}/${missing}`, message: 'is required but missing', value: undefined, keyword: error.keyword };
  } else if (error.keyword === 'additionalProperties') {
    path = `${path}/${(error.params as { additionalProperty: string }).additionalProperty}`;
  } else if (error.keyword === 'enum') {
    message = `must be one of the ${(error.params as { allowedValues: unknown[] }).allowedValues.length} allowed values`;
  }
  return { path: path || '/', message, value: valueAtPointer(root, error.instancePath), keyword: error.keyword };
}

/** The value an ajv instancePath (a JSON pointer, '' for the root) points at. */
function valueAtPointer(root: unknown, pointer: string): unknown {
  if (!pointer) return root;
  let node = root;
  for (const part of pointer.slice(1).split('/')) {
    if (!node || typeof node !== 'object') return undefined; // arrays too: a pointer may index one
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export function formatViolations(violations: readonly ContractViolation[]): string {
  return violations
    .map((v) => `${v.path}: ${v.message} (got ${JSON.stringify(v.value)?.slice(0, 120) ?? 'undefined'})`)
    .join('; ');
}
