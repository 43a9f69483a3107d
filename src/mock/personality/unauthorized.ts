// The body of a 401: the document gives only the status.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const UNAUTHORIZED_CHOICES = [
  choice('unauthorized-body', 'the body of a 401 (signing failures, a host_uri not white-listed)', [
    value('message-json', '{"message":"Unauthorized"}'),
    value('empty', 'no body at all', on('respond', (s) => void (s.refusals.unauthorizedBody = 'empty'))),
    value('text-plain', 'text/plain "Unauthorized"', on('respond', (s) => void (s.refusals.unauthorizedBody = 'text-plain'))),
    value('problem-json', 'RFC 9457 (7807) problem JSON {"type":…,"title":"Unauthorized","status":401}', on('respond', (s) => void (s.refusals.unauthorizedBody = 'problem-json'))),
  ]),
];
