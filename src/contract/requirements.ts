// The requirement catalog: every documented rule (and every undocumented behaviour we only observe)
// with a stable id. Tests, reports and the certificate are all keyed by these ids.
import type { OpenAPIV3_1 } from 'openapi-types';

export type RequirementKind = 'rule' | 'observation';

/** The kind of field rule an id states (the catalog's `rule-kind`), for whoever builds or checks that rule. */
export type RuleKind = 'required' | 'max-length' | 'format' | 'required-when' | 'white-list' | 'type';
const RULE_KINDS: readonly RuleKind[] = ['required', 'max-length', 'format', 'required-when', 'white-list', 'type'];

export interface Requirement {
  readonly id: string;
  readonly kind: RequirementKind;
  readonly statement: string;
  readonly source: string;
  readonly ruleKind?: RuleKind;
}

export function readRequirementCatalog(document: OpenAPIV3_1.Document): Requirement[] {
  const raw = (document as unknown as Record<string, unknown>)['x-requirement-catalog'];
  if (!raw || typeof raw !== 'object') throw new Error('contract has no x-requirement-catalog');
  return Object.entries(raw as Record<string, Omit<Requirement, 'id' | 'ruleKind'> & { 'rule-kind'?: string }>).map(([id, entry]) => {
    if (entry.kind !== 'rule' && entry.kind !== 'observation') throw new Error(`${id}: kind must be rule or observation`);
    if (!entry.statement) throw new Error(`${id}: missing statement`);
    const ruleKind = entry['rule-kind'];
    if (ruleKind !== undefined && !RULE_KINDS.includes(ruleKind as RuleKind)) throw new Error(`${id}: rule-kind must be one of ${RULE_KINDS.join(', ')}`);
    return { id, kind: entry.kind, statement: entry.statement, source: entry.source ?? '', ...(ruleKind !== undefined && { ruleKind: ruleKind as RuleKind }) };
  });
}

/** The requirement ids one node of the contract carries (`x-requirement` and `x-requirements`). */
export function requirementIdsOf(node: unknown): string[] {
  const record = (node ?? {}) as Record<string, unknown>;
  const ids: string[] = [];
  if (typeof record['x-requirement'] === 'string') ids.push(record['x-requirement']);
  if (Array.isArray(record['x-requirements'])) ids.push(...record['x-requirements'].map(String));
  return ids;
}

/** Every `x-requirement` / `x-requirements` id referenced anywhere in the document. */
export function collectReferencedRequirementIds(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectReferencedRequirementIds(item, into);
  } else if (node && typeof node === 'object') {
    for (const id of requirementIdsOf(node)) into.add(id);
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'x-requirement-catalog' && key !== 'x-requirement' && key !== 'x-requirements') collectReferencedRequirementIds(value, into);
    }
  }
  return into;
}
