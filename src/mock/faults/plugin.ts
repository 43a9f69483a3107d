// Faults in the authorized URL and the plug-in page.
import { on } from '../core/seams.ts';
import { fault } from './fault.ts';

export const PLUGIN_FAULTS = [
  fault('never-expire-urls', 'authorized URLs keep loading after their expiration', ['SM-URL-EXPIRES'], on('plugin-expiry', (s) => void (s.urlsExpire = false))),
  fault('url-refused-immediately', 'the plug-in page answers "expired" even for a fresh URL', ['SM-URL-LOADS'], on('plugin-expiry', (s) => void (s.refuseFresh = true))),
  fault(
    'expired-session-not-recoverable',
    'after the URL expired, an idempotent re-request is refused instead of issuing a new URL',
    ['SM-URL-RECOVERY'],
    on('respond', (s) => void (s.success.expiredRecoverable = false)),
  ),
  fault('accept-tampered-token', 'the token HMAC (h) is not checked: altered, foreign or truncated tokens load', ['SM-URL-TAMPER'], on('plugin-token', (s) => void (s.checkMac = false))),
  fault(
    'token-not-bound-to-session',
    "the token is not bound to its session: one session's t/h opens another session",
    ['SM-URL-TAMPER'],
    on('plugin-token', (s) => void (s.boundToSession = false)),
  ),
  fault('frame-anywhere', 'the page sends no frame-ancestors: any origin may frame it', ['SM-URL-FRAME-OTHER'], on('plugin-framing', (s) => void (s.frameAncestors = 'anywhere'))),
  fault('frame-nowhere', "frame-ancestors 'none': not even the white-listed host may frame the page", ['SM-URL-FRAME-HOST'], on('plugin-framing', (s) => void (s.frameAncestors = 'nowhere'))),
  fault('unescaped-first-name', 'the first name is written into the page as raw HTML', ['SM-URL-ESCAPE'], on('plugin-markup', (s) => void (s.escapeFirstName = false))),
];
