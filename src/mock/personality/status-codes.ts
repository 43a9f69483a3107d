// Which HTTP status carries each documented body status: the document gives the body codes only.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const STATUS_CODE_CHOICES = [
  choice('http-status-13400', 'the HTTP status carrying a 13400 (field validation) body', [
    value('400', 'Bad Request'),
    value('422', 'Unprocessable Entity', on('respond', (s) => void (s.refusals.http13400 = 422))),
    value('200', 'HTTP 200 carrying the error status (a harness warns, never fails)', on('respond', (s) => void (s.refusals.http13400 = 200))),
  ]),
  choice('http-status-13723', 'the HTTP status carrying a 13723 (idempotency mismatch) body', [
    value('400', 'Bad Request'),
    value('409', 'Conflict', on('respond', (s) => void (s.refusals.http13723 = 409))),
    value('422', 'Unprocessable Entity', on('respond', (s) => void (s.refusals.http13723 = 422))),
    value('200', 'HTTP 200 carrying the error status', on('respond', (s) => void (s.refusals.http13723 = 200))),
  ]),
  choice('http-status-created', 'the HTTP status of a created session (100); a replay (101) is always 200', [
    value('200', 'OK'),
    value('201', 'Created', on('respond', (s) => void (s.success.createdHttpStatus = 201))),
  ]),
];
