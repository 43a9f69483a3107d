// Content types: what a request with another content type gets, and the charset on JSON answers.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const CONTENT_TYPE_CHOICES = [
  choice('wrong-content-type', 'a request whose Content-Type is not application/json', [
    value('415', '415 Unsupported Media Type'),
    value('400', '400 Bad Request', on('respond', (s) => void (s.refusals.mediaTypeStatus = 400))),
    value(
      'parse-anyway',
      'the body is parsed as JSON anyway when it is JSON (text/plain + a valid JSON body creates a session); otherwise 415',
      on('content-type', (s) => void (s.nonJson = 'parse-anyway')),
    ),
  ]),
  choice('json-charset', 'the Content-Type of JSON answers', [
    value('charset-utf-8', 'application/json; charset=utf-8'),
    value('none', 'application/json', on('respond', (s) => void (s.body.jsonContentType = 'application/json'))),
  ]),
];
