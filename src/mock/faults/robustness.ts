// Faults in robustness: a 5xx or a hang where a 4xx belongs.
import type { ApiRequest } from '../core/api-request.ts';
import type { Refusal } from '../core/refusal.ts';
import { on } from '../core/seams.ts';
import { fault, HANG_MS } from './fault.ts';

const CONTROL_CHAR_CRASH: Refusal = { kind: 'server-error', stage: 'validate-fields', rule: 'fault', reason: '5xx-on-control-chars: a control character in a string value' };

export const ROBUSTNESS_FAULTS = [
  fault('crash-on-malformed-json', 'malformed JSON answers 500 instead of 400', ['SM-ROBUST-NO-5XX'], on('parse-json', (s) => void (s.onMalformed = 'server-error'))),
  fault(
    '5xx-on-control-chars',
    'a control character (U+0000-U+001F) in any string value answers 500',
    ['SM-ROBUST-NO-5XX'],
    // Before any field check, as the handler did before any validation.
    on('validate-fields', (s) => s.preChecks.push((ctx: ApiRequest) => (hasControlChars(ctx.json, 0) ? CONTROL_CHAR_CRASH : undefined))),
  ),
  fault('hang-on-huge-body', `a body over the size limit stalls ${HANG_MS / 1000} s before the 413`, ['SM-ROBUST-NO-5XX'], on('read-body', (s) => void (s.stallMs = HANG_MS))),
];

function hasControlChars(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return /[\u0000-\u001f]/.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (hasControlChars(item, depth + 1)) return true;
  return false;
}
