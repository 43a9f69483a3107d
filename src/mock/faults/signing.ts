// Faults in request signing (contract-notes.md): each weakens one check of the authenticate stage.
import { on } from '../core/seams.ts';
import { fault } from './fault.ts';

/** The skew window of the skew-too-strict fault. */
const STRICT_SKEW_SECONDS = 30;

export const SIGNING_FAULTS = [
  fault('accept-missing-authorization', 'a request without Authorization is accepted (as the first participant)', ['SM-AUTH-REQUIRED'], on('authenticate', (s) => void (s.noAuthorization = 'first-participant'))),
  fault('skip-signature', 'the signature is not verified (a known username is enough)', ['SM-AUTH-SIGNATURE'], on('authenticate', (s) => void (s.verifySignature = false))),
  fault('accept-unknown-user', 'an unknown username is accepted (as the first participant)', ['SM-AUTH-UNKNOWN-USER'], on('authenticate', (s) => void (s.unknownUser = 'first-participant'))),
  fault('ignore-skew-future', 'an X-Date in the future is never refused', ['SM-AUTH-SKEW'], on('authenticate', (s) => void (s.refuseFutureDates = false))),
  fault('ignore-skew-past', 'an X-Date in the past is never refused', ['SM-AUTH-SKEW'], on('authenticate', (s) => void (s.refusePastDates = false))),
  fault('skew-too-strict', `the skew window is ±${STRICT_SKEW_SECONDS} s instead of the documented one`, ['SM-AUTH-SKEW'], on('authenticate', (s) => void (s.skewSeconds = STRICT_SKEW_SECONDS))),
  fault('accept-hex-digest', 'a hex Content-sha512 is accepted besides base64 of the raw digest', ['SM-AUTH-DIGEST'], on('authenticate', (s) => void (s.digest = 'base64-or-hex'))),
  fault(
    'ignore-digest',
    'Content-sha512 is not compared with the body (a body changed after signing passes)',
    ['SM-AUTH-DIGEST', 'SM-AUTH-SIGNATURE'],
    on('authenticate', (s) => void (s.digest = 'unchecked')),
  ),
  fault('accept-partial-header-list', 'a headers list missing some of the required signed headers is accepted', ['SM-AUTH-HEADERS'], on('authenticate', (s) => void (s.requireSignedHeaders = false))),
  fault('reject-sha256', 'the legacy hmac-sha256 algorithm is refused', ['SM-AUTH-SHA256-LEGACY'], on('authenticate', (s) => void (s.refuseLegacyAlgorithms = true))),
  fault('leak-signature-in-401', 'the 401 body carries the expected signature and the signing string', ['SM-AUTH-NO-LEAK'], on('respond', (s) => void (s.refusals.leakSignature = true))),
];
