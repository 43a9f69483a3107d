// The shape of answers where the document is silent: extra fields, ids, timestamps, error keys.
import { randomBytes } from 'node:crypto';
import { on } from '../core/seams.ts';
import type { ExpiryFormat } from '../stages/respond.ts';
import { newUuid } from '../store/sessions.ts';
import { choice, value } from './choice.ts';

let subMillisecond = 0;

const EXPIRY_FORMATS: Record<string, ExpiryFormat> = {
  // .NET's DateTime "o" format: 7 fractional digits (the 4 below the millisecond are a counter).
  dotnet: {
    format: (ms) => {
      subMillisecond = (subMillisecond + 1) % 10_000;
      return `${new Date(ms).toISOString().slice(0, -1)}${String(subMillisecond).padStart(4, '0')}Z`;
    },
    quantise: (ms) => ms,
  },
  // Whole seconds: the URL's real expiry is rounded up to the second the timestamp names.
  seconds: { format: (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'), quantise: (ms) => Math.ceil(ms / 1000) * 1000 },
  offset: { format: (ms) => new Date(ms).toISOString().replace(/Z$/, '+00:00'), quantise: (ms) => ms },
};

export const RESPONSE_SHAPE_CHOICES = [
  choice('extra-response-fields', 'undocumented extra fields in answers', [
    value('none', 'none'),
    value('request-id-and-state', 'a top-level request_id on document-shaped bodies, data.session_state on successes', on('respond', (s) => void (s.body.extraFields = true))),
  ]),
  choice('participant-id1', 'participant_unique_id1 in a success answer', [
    value('echo', "echoes the request's"),
    value('generated', "a server-generated id (as in the document's own success example)", on('respond', (s) => void (s.success.participantId1 = 'generated'))),
  ]),
  choice('error-keys', 'how 13400 `data` names a field', [
    value('dotted', 'recipient_information.first_name'),
    value('pascal', 'RecipientInformation.FirstName', on('respond', (s) => void (s.refusals.errorKeys = 'pascal'))),
    value('json-path', '$.recipient_information.first_name', on('respond', (s) => void (s.refusals.errorKeys = 'json-path'))),
    value('bare', 'first_name', on('respond', (s) => void (s.refusals.errorKeys = 'bare'))),
  ]),
  choice('reported-errors', 'which broken fields a 13400 names', [
    value('all', 'all of them'),
    value('first', 'the first only', on('validate-fields', (s) => void (s.reportedErrors = 'first'))),
  ]),
  choice('data-13723', 'the `data` of a 13723 body', [
    value('null', 'null (as in the document)'),
    value('empty-object', '{}', on('respond', (s) => void (s.refusals.data13723 = 'empty-object'))),
  ]),
  choice('expiry-format', 'the form of authorized_url_expiration_utc', [
    value('milliseconds', '2026-01-01T00:00:30.123Z'),
    value('dotnet-7-digits', '2026-01-01T00:00:30.1234567Z', on('respond', (s) => void (s.success.expiry = EXPIRY_FORMATS['dotnet']!))),
    value('seconds', '2026-01-01T00:00:30Z (the URL dies on that second)', on('respond', (s) => void (s.success.expiry = EXPIRY_FORMATS['seconds']!))),
    value('offset', '2026-01-01T00:00:30.123+00:00', on('respond', (s) => void (s.success.expiry = EXPIRY_FORMATS['offset']!))),
  ]),
  choice('session-id', 'the form of session_identifier', [
    value('uuid', 'a lower-case UUID'),
    value('upper-uuid', 'an upper-case UUID', on('respond', (s) => void (s.success.newSessionId = () => newUuid().toUpperCase()))),
    value('opaque', 'an opaque string, not a UUID', on('respond', (s) => void (s.success.newSessionId = () => `ses_${randomBytes(18).toString('base64url')}`))),
  ]),
  choice('time-field', 'the `time` field', [
    value('decimal', 'the seconds the request took, a decimal'),
    value('zero', 'always the integer 0', on('respond', (s) => void (s.body.time = 'zero'))),
  ]),
  choice('developer-message', 'developer_message in error bodies', [
    value('present', 'present'),
    value('absent', 'absent', on('respond', (s) => void (s.body.developerMessage = false))),
  ]),
];
