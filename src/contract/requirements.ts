// The requirement catalog: every documented rule (and every undocumented behaviour we only observe)
// with a stable id. Tests, reports and the certificate are all keyed by these ids.
import type { OpenAPIV3_1 } from 'openapi-types';

export type RequirementKind = 'rule' | 'observation';

export interface Requirement {
  readonly id: string;
  readonly kind: RequirementKind;
  readonly statement: string;
  readonly source: string;
}

export function readRequirementCatalog(document: OpenAPIV3_1.Document): Requirement[] {
  const raw = (document as unknown as Record<string, unknown>)['x-requirement-catalog'];
  if (!raw || typeof raw !== 'object') throw new Error('contract has no x-requirement-catalog');
  return Object.entries(raw as Record<string, Omit<Requirement, 'id'>>).map(([id, entry]) => {
    if (entry.kind !== 'rule' && entry.kind !== 'observation') throw new Error(`${id}: kind must be rule or observation`);
    if (!entry.statement) throw new Error(`${id}: missing statement`);
    return { id, kind: entry.kind, statement: entry.statement, source: entry.source ?? '' };
  });
}

/** Every `x-requirement` / `x-requirements` id referenced anywhere in the document. */
export function collectReferencedRequirementIds(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectReferencedRequirementIds(item, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-requirement-catalog') continue;
      if (key === 'x-requirement' && typeof value === 'string') into.add(value);
      else if (key === 'x-requirements' && Array.isArray(value)) value.forEach((id) => into.add(String(id)));
      else collectReferencedRequirementIds(value, into);
    }
  }
  return into;
}
