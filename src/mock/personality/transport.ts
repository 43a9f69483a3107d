// The connection: the Date header, keep-alive and latency.
import { on } from '../core/seams.ts';
import { choice, value } from './choice.ts';

export const TRANSPORT_CHOICES = [
  choice('date-header', 'the Date header', [
    value('always', 'on every answer'),
    value('not-on-api', 'missing on API answers (plug-in pages keep it)', on('transport', (s) => void (s.dateHeader = false))),
  ]),
  choice('keep-alive', 'HTTP keep-alive', [
    value('on', "on (Node's default 5 s idle timeout)"),
    value('off', '`Connection: close` on every answer', on('transport', (s) => void (s.keepAlive = 'off'))),
    value('short', 'a short idle timeout (2 s), announced in `Keep-Alive: timeout=2`', on('transport', (s) => void (s.keepAlive = 'short'))),
  ]),
  choice('latency', 'latency before every API and plug-in page answer', [
    value('none', 'none'),
    value('150-400ms', 'seeded jitter between 150 and 400 ms (deterministic per --seed)', on('transport', (s) => void (s.jitter = { minMs: 150, maxMs: 400 }))),
  ]),
];
