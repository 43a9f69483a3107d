// Reads the OpenAPI contract from disk once per path; everything else derives from the parsed document.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';

/** The YAML parser, loaded only when a contract is really parsed (not read from the cache below). */
function parse(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}

export const DEFAULT_CONTRACT_PATH = fileURLToPath(new URL('../../openapi/session-management.yaml', import.meta.url));

export const SESSION_PATH = '/api/v1/sessions/point-in-time/plugin';

export interface ContractDocument {
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
  readonly document: OpenAPIV3_1.Document;
}

export function readContractDocument(path: string = DEFAULT_CONTRACT_PATH): ContractDocument {
  const text = readFileSync(path, 'utf8');
  return parseContractDocument(text, path);
}

/**
 * Where a parsed contract is kept as JSON, by the SHA-256 of its YAML text: every process of a run
 * (the runner and each worker) reads the contract, and parsing the YAML cost each of them more CPU
 * than the rest of loading it. A changed YAML has another hash, so a stale copy is never read.
 */
const PARSED_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/ingopay-contract/', import.meta.url));

function parseYamlCached(text: string, sha256: string): unknown {
  const file = join(PARSED_CACHE_DIR, `${sha256}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Not cached yet (or unreadable): parse, then keep it for the next process.
  }
  const document: unknown = parse(text);
  try {
    mkdirSync(PARSED_CACHE_DIR, { recursive: true });
    // Written under a name of its own, then renamed: workers starting together never read half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(document));
    renameSync(partial, file);
  } catch {
    // A read-only checkout: no cache, the YAML is parsed each time.
  }
  return document;
}

export function parseContractDocument(text: string, path = '<inline>'): ContractDocument {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const document = (path === '<inline>' ? parse(text) : parseYamlCached(text, sha256)) as OpenAPIV3_1.Document;
  if (!document || typeof document !== 'object' || !String(document.openapi ?? '').startsWith('3.1')) {
    throw new Error(`${path}: not an OpenAPI 3.1 document`);
  }
  return { path, text, sha256, document };
}

/** Follows a local `#/a/b` reference inside the document. */
export function resolveRef<T>(document: OpenAPIV3_1.Document, value: unknown): T {
  let current = value as { $ref?: string };
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`unsupported or circular $ref ${ref}`);
    seen.add(ref);
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    current = node as { $ref?: string };
  }
  return current as T;
}
