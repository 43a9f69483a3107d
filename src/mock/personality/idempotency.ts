// Idempotency where the document is silent: an empty key header, and duplicates in flight.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const IDEMPOTENCY_CHOICES = [
  choice('empty-idempotency-key', 'an empty Idempotency-Key header', [
    value('no-key', 'no key at all'),
    value('refused', 'refused with 13400 naming Idempotency-Key', on('validate-fields', (s) => void (s.idempotencyKey.empty = 'refuse'))),
  ]),
  choice('concurrent-same-key', 'concurrent requests with one new key', [
    value('serialised', 'serialised: one 100, the rest 101'),
    value(
      'refuse-in-flight',
      'creating a session takes 50 ms; duplicates in flight meanwhile get 409 "in progress"',
      on('idempotency', (s) => {
        s.concurrency = 'refuse-in-flight';
        s.processingMs = 50;
      }),
    ),
  ]),
];
