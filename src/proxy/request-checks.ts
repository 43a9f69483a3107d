// The proxy's checks on a create-session request, i.e. on the integrator's client: the signature
// recomputed with the participant's secret (and the mistake named), X-Date's skew, the digest, the
// contract's field rules and the Idempotency-Key's form. Only what the document or contract-notes.md
// states fails; what they leave open (null for an optional field, DC, an empty host_uri...) is noted.
import { verifySigning, type ReceivedRequest, type SigningVerdict } from '../client/verify-signing.ts';
import { valueAt, leavesOpen, notDocumentedCodes, type Contract, type FieldRule } from '../contract/index.ts';
import type { ProxyParticipant, RequestFinding } from './types.ts';

export interface RequestCheckResult {
  readonly signing: SigningVerdict;
  readonly json?: unknown;
  readonly findings: readonly RequestFinding[];
}

export function checkCreateRequest(request: ReceivedRequest, participants: readonly ProxyParticipant[], contract: Contract, nowMs: number): RequestCheckResult {
  const findings: RequestFinding[] = [];
  const signing = verifySigning(request, participants, contract.hmac, nowMs);
  const participant = participants.find((p) => p.username === signing.username);
  if (!signing.known && signing.mistake?.id !== 'wrong-username' && signing.username !== undefined) {
    findings.push({ kind: 'note', topic: 'signing', requirementIds: [], message: `signature not checked: ${JSON.stringify(signing.username)} is not a participant the proxy holds the secret of (--participants, or INGO_HMAC_USERNAME / INGO_HMAC_SECRET)` });
  } else if (!signing.ok && signing.mistake) {
    findings.push({ kind: 'fail', topic: 'signing', requirementIds: signingIds(signing.mistake.id), message: `${signing.mistake.id}: ${signing.mistake.detail}`, fix: signing.mistake.fix });
  }
  if (!signing.xDate.fresh && signing.xDate.mistake) {
    findings.push({ kind: 'fail', topic: 'x-date', requirementIds: ['SM-AUTH-SKEW'], message: `${signing.xDate.mistake.id}: ${signing.xDate.mistake.detail}`, fix: signing.xDate.mistake.fix });
  }
  findings.push(...keyFindings(request, contract));
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(request.body).toString('utf8'));
  } catch {
    findings.push({ kind: 'fail', topic: 'body', requirementIds: [contract.typesRequirementId], message: 'the body is not JSON', fix: 'send the body as JSON (Content-Type: application/json)' });
    return { signing, findings };
  }
  findings.push(...fieldFindings(json, contract));
  if (participant) findings.push(...participantFindings(json, participant, contract));
  return { signing, json, findings };
}

function signingIds(id: string): string[] {
  if (id === 'hex-digest' || id === 're-serialised-body' || id === 'body-changed-after-hashing') return ['SM-AUTH-DIGEST'];
  if (id === 'no-authorization') return ['SM-AUTH-REQUIRED'];
  if (id === 'unknown-username') return ['SM-AUTH-UNKNOWN-USER'];
  if (id === 'headers-list-incomplete') return ['SM-AUTH-HEADERS'];
  return ['SM-AUTH-SIGNATURE'];
}

/** Idempotency-Key: at most 250 characters (documented); absent or empty is noted, not failed (the document makes it optional). */
function keyFindings(request: ReceivedRequest, contract: Contract): RequestFinding[] {
  const rule = contract.idempotencyKey;
  const key = request.headers[rule.header.toLowerCase()];
  if (key === undefined) return [{ kind: 'note', topic: 'idempotency-key', requirementIds: [], message: `no ${rule.header}: a retry of this request could create a second session`, fix: `send a new random ${rule.header} (a v4 UUID) with each new session, and the same one with every retry of it` }];
  if (key === '') return [{ kind: 'warn', topic: 'idempotency-key', requirementIds: [], message: `an empty ${rule.header} (how a server treats it is not documented)`, fix: `send a v4 UUID, or no ${rule.header} at all` }];
  if (key.length > rule.maxLength) return [{ kind: 'fail', topic: 'idempotency-key', requirementIds: [rule.maxLengthRequirementId], message: `${rule.header} is ${key.length} characters; at most ${rule.maxLength}`, fix: 'use a v4 UUID (36 characters)' }];
  if (key.length < 16) return [{ kind: 'warn', topic: 'idempotency-key', requirementIds: [], message: `${rule.header} is only ${key.length} characters: the document recommends v4 UUIDs or another random string with enough entropy to avoid collisions` }];
  return [];
}

/** The contract's JSON Schema of the body; a value the document leaves open is noted, not failed. */
function fieldFindings(json: unknown, contract: Contract): RequestFinding[] {
  const verdict = contract.validateRequest(json);
  if (verdict.valid) return [];
  const findings: RequestFinding[] = [];
  for (const v of verdict.violations) {
    const key = v.path.replace(/^\//, '').split('/').join('.');
    const field = contract.fields.find((f) => f.key === key);
    const open = field ? undocumented(field, v.value) : undefined;
    if (open) {
      findings.push({ kind: 'warn', topic: 'fields', requirementIds: [], message: `${key}: ${open} (not documented: a server may accept or refuse it)` });
      continue;
    }
    findings.push({ kind: 'fail', topic: 'fields', requirementIds: field ? [...field.requirementIds] : [contract.typesRequirementId], message: `${key || '(body)'} ${v.message}`, fix: fieldFix(field, v.keyword) });
  }
  return findings;
}

function undocumented(field: FieldRule, value: unknown): string | undefined {
  if (value === null && !field.required) return 'null for an optional field';
  if (typeof value !== 'string') return undefined;
  if (value === '' && leavesOpen(field.notDocumented, 'empty')) return 'an empty string';
  if (notDocumentedCodes(field.notDocumented).includes(value)) return `${JSON.stringify(value)}`;
  if (field.enum && leavesOpen(field.notDocumented, 'lower-case') && field.enum.includes(value.toUpperCase())) return 'a lower-case code';
  return undefined;
}

function fieldFix(field: FieldRule | undefined, keyword: string): string {
  if (!field) return 'send the body the document describes';
  if (keyword === 'maxLength') return `shorten ${field.key} to at most ${field.maxLength} characters`;
  if (keyword === 'required') return `send ${field.key}`;
  if (keyword === 'enum') return `send a valid US state code (${field.key})`;
  if (keyword === 'pattern') return `${field.key} must match ${field.pattern}`;
  return `${field.key} must be a ${field.type}`;
}

/** The rules that depend on the participant: e-mail when PayPal-enabled, host_uri white-listed. */
function participantFindings(json: unknown, participant: ProxyParticipant, contract: Contract): RequestFinding[] {
  const findings: RequestFinding[] = [];
  const email = contract.fields.find((f) => f.requiredWhen !== undefined);
  if (email && participant.paypal_enabled) {
    const value = valueAt(json, email.path);
    if (value === undefined || value === null || value === '') {
      findings.push({ kind: 'fail', topic: 'email', requirementIds: email.requirementIds.filter((id) => id === email.requirement.conditional), message: `${participant.username} is PayPal-enabled: ${email.key} is required`, fix: `always send ${email.key} for this participant` });
    }
  }
  const host = contract.fields.find((f) => f.whiteListed !== undefined);
  const value = host ? valueAt(json, host.path) : undefined;
  if (host && typeof value === 'string' && value !== '' && !participant.host_uris.includes(value)) {
    findings.push(
      participant.hostsComplete
        ? { kind: 'fail', topic: 'host-uri', requirementIds: host.requirementIds.filter((id) => id === host.requirement.whiteList), message: `host_uri ${JSON.stringify(value)} is not white-listed for ${participant.username} (${participant.host_uris.join(', ')})`, fix: 'send one of the white-listed origins exactly, or leave host_uri out to use the first' }
        : { kind: 'note', topic: 'host-uri', requirementIds: [], message: `host_uri ${JSON.stringify(value)} is not the configured INGO_HOST_URI; whether Ingo white-lists it shows in the answer (401 if not)` },
    );
  }
  return findings;
}
