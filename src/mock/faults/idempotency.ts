// Faults in idempotency: replays, mismatches, failed requests, key length, concurrency, scope, lifetime.
import { on } from '../core/seams.ts';
import { fault } from './fault.ts';

export const IDEMPOTENCY_FAULTS = [
  fault(
    'ignore-idempotency',
    'the Idempotency-Key header is ignored: every request creates a new session',
    ['SM-IDEM-REPLAY', 'SM-IDEM-MISMATCH', 'SM-IDEM-CONCURRENT'],
    on('idempotency', (s) => void (s.ignoreKey = true)),
    // A server that never reads the header does not check its length either.
    on('validate-fields', (s) => void (s.idempotencyKey.check = false)),
  ),
  fault('idempotent-new-session', 'a replay answers 101 but with a new session_identifier', ['SM-IDEM-REPLAY'], on('respond', (s) => void (s.success.replaySession = 'new'))),
  fault('idempotent-same-url', 'a replay answers 101 with the original authorized_url and expiry instead of new ones', ['SM-IDEM-REPLAY'], on('respond', (s) => void (s.success.replayUrl = 'same'))),
  fault('idempotent-status-100', 'a replay answers status 100 instead of 101', ['SM-IDEM-REPLAY'], on('respond', (s) => void (s.success.replayStatus = 100))),
  fault('mismatch-accepted', 'same key + different body answers 101 with the original session instead of 13723', ['SM-IDEM-MISMATCH'], on('idempotency', (s) => void (s.onMismatch = 'replay-original'))),
  fault('mismatch-as-validation-error', 'same key + different body answers 13400 instead of 13723', ['SM-IDEM-MISMATCH'], on('idempotency', (s) => void (s.onMismatch = 'validation-error'))),
  fault(
    'store-failed-keys',
    'a key is stored even when its request failed (a corrected retry with it gets 13723)',
    ['SM-IDEM-FAILED-NOT-STORED'],
    on('idempotency', (s) => void (s.storeFailedRequests = true)),
  ),
  fault('accept-overlong-key', 'an Idempotency-Key one character over the maximum is accepted', ['SM-IDEM-KEY-MAXLEN'], on('validate-fields', (s) => void (s.idempotencyKey.maxLength += 1))),
  fault('reject-at-max-key', 'an Idempotency-Key of exactly the maximum length is refused', ['SM-IDEM-KEY-MAXLEN'], on('validate-fields', (s) => void (s.idempotencyKey.maxLength -= 1))),
  fault(
    'race-duplicate-sessions',
    'concurrent requests with one new key each create a session (check-then-store race)',
    ['SM-IDEM-CONCURRENT'],
    on('idempotency', (s) => void (s.concurrency = 'racy')),
  ),
  fault('global-key-scope', 'keys are shared across participants instead of scoped per participant', ['SM-IDEM-SCOPE'], on('idempotency', (s) => void (s.scope = 'global'))),
  fault('key-ttl-short', 'keys live a quarter of the documented lifetime', ['SM-IDEM-TTL'], on('idempotency', (s) => void (s.keyLifetime = 'quarter'))),
  fault('key-never-expires', 'keys are never pruned', ['SM-IDEM-TTL'], on('idempotency', (s) => void (s.keyLifetime = 'forever'))),
];
