// SM-RESP-ERROR-SHAPE: a 13400's `data` names the broken field. The key format is not documented:
// "recipient_information.first_name", "RecipientInformation.FirstName", "$.recipient_information.first_name"
// and "first_name" all name the field first_name. Keys are compared case-insensitively, ignoring
// separators, and may carry a path prefix.
import { defineCheck } from './types.ts';
import { bodyData, bodyStatus } from '../client/answer.ts';

/** Splits a key or field path into normalised segments: "RecipientInformation.FirstName" → ['recipientinformation', 'firstname']. */
export function keySegments(key: string): string[] {
  return key
    .split(/[.\/\[\]:$]+/)
    .map((segment) => segment.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((segment) => segment !== '');
}

/**
 * Whether a `data` key names a field (given as a dotted key or a bare name). The key's segments must
 * end with the field's last segment, or with the field's whole path.
 */
export function keyNamesField(key: string, field: string): boolean {
  const keyParts = keySegments(key);
  const fieldParts = keySegments(field);
  if (keyParts.length === 0 || fieldParts.length === 0) return false;
  const last = fieldParts[fieldParts.length - 1]!;
  if (keyParts[keyParts.length - 1] === last) return true;
  // A key that runs the whole path into one segment: "recipientinformationfirstname".
  return keyParts[keyParts.length - 1] === fieldParts.join('');
}

/** The broken fields a 13400's data names, and those it does not. */
export function namedFields(data: unknown, brokenFields: readonly string[]): { named: string[]; missing: string[]; keys: string[] } {
  const keys = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
  const named = brokenFields.filter((field) => keys.some((key) => keyNamesField(key, field)));
  return { named, missing: brokenFields.filter((field) => !named.includes(field)), keys };
}

/**
 * With brokenFields in the context: at least one of them is named in a 13400's data (a server may stop
 * at the first broken field); whether all are named is recorded as OBS-ERROR-ALL-FIELDS.
 */
export const dataNamesField = defineCheck('dataNamesField', ['SM-RESP-ERROR-SHAPE'], (exchange, context, emit) => {
  const broken = context.brokenFields ?? [];
  if (broken.length === 0 || bodyStatus(exchange) !== 13400) return;
  const { named, missing, keys } = namedFields(bodyData(exchange), broken);
  if (named.length === 0) {
    emit.fail(`13400 data keys ${JSON.stringify(keys)} name none of the broken field(s) ${broken.join(', ')}`);
    return;
  }
  if (broken.length > 1) {
    emit.observe(
      'OBS-ERROR-ALL-FIELDS',
      missing.length === 0 ? 'every broken field named' : `only some broken fields named (${named.length} of ${broken.length})`,
    );
  }
});
