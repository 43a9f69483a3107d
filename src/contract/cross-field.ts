// The request rules JSON Schema cannot express, read from the contract's extension keywords:
// `x-required-when: participant.paypal_enabled` and `x-white-listed: participant.host_uris`.
import type { FieldRule } from './fields.ts';
import { valueAt } from './body-path.ts';

/** What the contract's conditional rules need to know about the calling participant. */
export interface ParticipantProfile {
  readonly paypal_enabled: boolean;
  readonly host_uris: readonly string[];
}

export interface CrossFieldViolation {
  readonly field: string;
  readonly requirementId: string;
  readonly message: string;
  /** 13400 for a field rule; 401 for a host that is not white-listed (the document says Unauthorized). */
  readonly outcome: 'validation-error' | 'unauthorized';
}

export function crossFieldViolations(
  fields: readonly FieldRule[],
  body: unknown,
  participant: ParticipantProfile,
): CrossFieldViolation[] {
  const violations: CrossFieldViolation[] = [];
  for (const field of fields) {
    const value = valueAt(body, field.path);
    if (field.requiredWhen && participantFlag(participant, field.requiredWhen) && (value === undefined || value === null || value === '')) {
      violations.push({
        field: field.key,
        requirementId: field.requirement.conditional ?? field.requirementIds[0] ?? 'unknown',
        message: `${field.key} is required when ${field.requiredWhen}`,
        outcome: 'validation-error',
      });
    }
    if (field.whiteListed && typeof value === 'string' && value !== '' && !participantList(participant, field.whiteListed).includes(value)) {
      violations.push({
        field: field.key,
        requirementId: field.requirement.whiteList ?? field.requirementIds[0] ?? 'unknown',
        message: `${field.key} is not a white-listed origin of the participant`,
        outcome: 'unauthorized',
      });
    }
  }
  return violations;
}

/** Reads a condition such as 'participant.paypal_enabled' off a participant. */
export function participantFlag(participant: ParticipantProfile, condition: string): boolean {
  const key = condition.replace(/^participant\./, '') as keyof ParticipantProfile;
  const value = participant[key];
  if (typeof value !== 'boolean') throw new Error(`contract condition ${condition} names no participant flag`);
  return value;
}

/** Reads a list such as 'participant.host_uris' off a participant. */
export function participantList(participant: ParticipantProfile, name: string): readonly string[] {
  const key = name.replace(/^participant\./, '') as keyof ParticipantProfile;
  const value = participant[key];
  if (!Array.isArray(value)) throw new Error(`contract list ${name} names no participant list`);
  return value;
}
