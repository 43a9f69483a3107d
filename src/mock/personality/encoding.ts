// Invalid UTF-8 in a body: refusing it and decoding it with replacement characters are both fine; only
// a 5xx, a hang or a crash is wrong.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const ENCODING_CHOICES = [
  choice('invalid-utf8', 'invalid UTF-8 in the body', [
    value('refused', 'refused (13400 keyed "body")'),
    value('replaced', 'decoded with U+FFFD replacement characters, then judged as text', on('parse-json', (s) => void (s.invalidUtf8 = 'replace'))),
  ]),
];
