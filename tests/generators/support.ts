// What the generator tests share: the participants, and an independent reading of why the contract
// refuses a body (ajv's violations plus the cross-field rules) to check each case's claim against.
import type { Contract } from '../../src/contract/index.ts';
import type { GeneratorParticipant, InvalidCase } from '../../generators/index.ts';

export const PAYPAL: GeneratorParticipant = { paypal_enabled: true, host_uris: ['https://digitalpay.ingo.money', 'https://shop.example.com:8443'] };
export const NOT_PAYPAL: GeneratorParticipant = { paypal_enabled: false, host_uris: ['https://digitalpay.ingo.money'] };
export const PARTICIPANTS = { 'PayPal-enabled': PAYPAL, 'not PayPal-enabled': NOT_PAYPAL } as const;

export interface Finding {
  /** Dotted field key ('' for the body itself). */
  readonly field: string;
  readonly requirementId: string;
  readonly outcome: 'validation-error' | 'unauthorized';
}

/** Every reason the contract gives to refuse this body for this participant. */
export function findings(contract: Contract, body: unknown, participant: GeneratorParticipant): Finding[] {
  const out: Finding[] = [];
  const verdict = contract.validateRequest(body);
  if (!verdict.valid) {
    for (const v of verdict.violations) {
      const field = v.path.replace(/^\//, '').split('/').filter(Boolean).join('.');
      const rule = contract.fields.find((f) => f.key === field);
      const id =
        v.keyword === 'type' ? contract.typesRequirementId
        : v.keyword === 'required' ? rule?.requirement.required
        : v.keyword === 'maxLength' ? rule?.requirement.maxLength
        : v.keyword === 'pattern' || v.keyword === 'enum' ? rule?.requirement.format
        : undefined;
      out.push({ field, requirementId: id ?? `?${v.keyword}`, outcome: 'validation-error' });
    }
  }
  for (const v of contract.crossFieldViolations(body, participant)) out.push({ field: v.field, requirementId: v.requirementId, outcome: v.outcome });
  return out;
}

const covers = (claimed: string, field: string) => field === claimed || field.startsWith(`${claimed}.`);

/**
 * A case is honest when the contract refuses it only at the fields it names (or inside them), refuses
 * it at each of them, for exactly the requirement ids it claims, and never with a 401.
 */
export function claimProblems(contract: Contract, c: InvalidCase, participant: GeneratorParticipant): string[] {
  const problems: string[] = [];
  const found = findings(contract, c.body, participant);
  const header = contract.idempotencyKey.header;
  const bodyFields = c.brokenFields.filter((f) => f !== header);
  for (const f of found) {
    if (!bodyFields.some((claimed) => covers(claimed, f.field))) problems.push(`unclaimed violation at ${f.field || '(body)'} (${f.requirementId})`);
    if (f.outcome !== 'validation-error') problems.push(`${f.field} gets ${f.outcome}, not a validation error`);
  }
  for (const claimed of bodyFields) {
    if (!found.some((f) => f.field === claimed)) problems.push(`claimed ${claimed} but the contract accepts it`);
  }
  const ids = new Set(found.filter((f) => bodyFields.includes(f.field)).map((f) => f.requirementId));
  if (c.brokenFields.includes(header)) {
    if (c.idempotencyKey === undefined || c.idempotencyKey.length <= contract.idempotencyKey.maxLength) problems.push(`claimed ${header} but the key is within the limit`);
    ids.add(contract.idempotencyKey.maxLengthRequirementId);
  } else if (c.idempotencyKey !== undefined) problems.push(`unclaimed ${header}`);
  const claimedIds = [...new Set(c.requirementIds)].sort();
  if (JSON.stringify([...ids].sort()) !== JSON.stringify(claimedIds)) problems.push(`claims ${claimedIds.join(', ')} but breaks ${[...ids].sort().join(', ')}`);
  if (new Set(c.brokenFields).size !== c.brokenFields.length) problems.push('a field is named twice');
  return problems;
}

/** Every string in a JSON value with the dotted key it sits at. */
export function stringsIn(value: unknown, key = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => stringsIn(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsIn(v, key ? `${key}.${k}` : k));
  return [];
}

export function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  if (value && typeof value === 'object') return Object.values(value).some(containsNull);
  return false;
}

/**
 * Why a strict server (RFC 5321 lengths, a dot-atom local part, LDH labels, an alphabetic TLD) would
 * refuse this address, or undefined. The document does not say a server checks the format
 * (OBS-EMAIL-FORMAT), so nothing the generators call valid, or refuse for its length, may fail this.
 */
export function strictEmailProblem(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return 'not exactly one @ with a local part before it';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64) return `local part of ${local.length} characters (at most 64)`;
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return 'local part is not a dot-atom';
  if (domain.length > 253) return `domain of ${domain.length} characters (at most 253)`;
  const labels = domain.split('.');
  if (labels.length < 2) return 'no dot in the domain';
  const bad = labels.find((l) => !/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
  if (bad !== undefined) return `label ${JSON.stringify(bad)} is not 1-63 letters, digits or inner hyphens`;
  if (!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!)) return 'the top-level domain is not alphabetic';
  return undefined;
}
