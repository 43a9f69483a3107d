// The body size limit, and what a body over it gets.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const BODY_LIMIT_CHOICES = [
  choice('body-limit', 'the body size limit (--max-body-bytes overrides the number)', [
    value('64KiB-413', '64 KiB; larger bodies get 413'),
    value(
      '32KiB-reset',
      '32 KiB, enforced from Content-Length: the connection is closed while the client still sends (it sees a reset, not a 413)',
      on('read-body', (s) => {
        s.maxBytes = 32 * 1024;
        s.overLimit = 'reset';
      }),
    ),
    value('30MB-413', "ASP.NET's 30 MB (a 2 MB first_name is then a 13400 length error); larger bodies get 413", on('read-body', (s) => void (s.maxBytes = 30_000_000))),
  ]),
];
