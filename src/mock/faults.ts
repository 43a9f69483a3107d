// Fault modes: each one makes the simulator break the contract in exactly one named way, so the
// harness's detection power can be measured (mutation testing). Field faults are generated from the
// contract's field rules, so a new limited or required field gets its faults without code changes.
import { loadContract, type Contract, type FieldRule } from '../contract/index.ts';

export interface FaultMode {
  readonly name: string;
  readonly description: string;
  readonly requirementIds: string[];
}

/** Switches read on the request path; computed once per simulator. */
export interface FaultFlags {
  readonly names: readonly string[];
  /** Field keys whose maximum length is off by one upwards (max+1 accepted). */
  readonly overlong: ReadonlySet<string>;
  /** Field keys whose maximum length is off by one downwards (max refused). */
  readonly rejectAtMax: ReadonlySet<string>;
  /** Field keys whose required check is skipped. */
  readonly skipRequired: ReadonlySet<string>;
  readonly acceptAnyState: boolean;
  readonly acceptBadZip: boolean;
  readonly acceptZipPlus4Bad: boolean;
  readonly acceptPhoneDashes: boolean;
  readonly ignorePaypalEmail: boolean;
  readonly requireEmailAlways: boolean;
  readonly acceptWrongTypes: boolean;
  readonly rejectEmptyOptional: boolean;
  readonly errorShapeWrong: boolean;
  readonly statusAsString: boolean;
  readonly missingSessionIdentifier: boolean;
  readonly expiry60s: boolean;
  readonly expirationNotUtc: boolean;
  readonly textPlainContentType: boolean;
  readonly crashOnMalformedJson: boolean;
  readonly serverErrorOnControlChars: boolean;
  readonly hangOnHugeBody: boolean;
  readonly ignoreIdempotency: boolean;
  readonly idempotentNewSession: boolean;
  readonly idempotentSameUrl: boolean;
  readonly idempotentStatus100: boolean;
  readonly mismatchAccepted: boolean;
  readonly mismatchAsValidationError: boolean;
  readonly storeFailedKeys: boolean;
  readonly acceptOverlongKey: boolean;
  readonly rejectAtMaxKey: boolean;
  readonly raceDuplicateSessions: boolean;
  readonly globalKeyScope: boolean;
  readonly keyTtlShort: boolean;
  readonly keyNeverExpires: boolean;
  readonly acceptMissingAuthorization: boolean;
  readonly skipSignature: boolean;
  readonly acceptUnknownUser: boolean;
  readonly ignoreSkewFuture: boolean;
  readonly ignoreSkewPast: boolean;
  readonly skewTooStrict: boolean;
  readonly acceptHexDigest: boolean;
  readonly ignoreDigest: boolean;
  readonly acceptPartialHeaderList: boolean;
  readonly rejectSha256: boolean;
  readonly leakSignatureIn401: boolean;
  readonly hostPrefixMatch: boolean;
  readonly hostAnyScheme: boolean;
  readonly hostIgnoreWhitelist: boolean;
  readonly hostOtherParticipant: boolean;
  readonly rejectAbsentHost: boolean;
  readonly neverExpireUrls: boolean;
  readonly urlRefusedImmediately: boolean;
  readonly expiredSessionNotRecoverable: boolean;
  readonly acceptTamperedToken: boolean;
  readonly tokenNotBoundToSession: boolean;
  readonly frameAnywhere: boolean;
  readonly frameNowhere: boolean;
  readonly unescapedFirstName: boolean;
}

type BooleanFlag = { [K in keyof FaultFlags]: FaultFlags[K] extends boolean ? K : never }[keyof FaultFlags];

/** How long hang-on-huge-body stalls before answering: beyond any sane client timeout, yet bounded. */
export const HANG_MS = 30_000;

/** Fixed faults: [name, flag, description, requirement ids]. */
const FIXED: ReadonlyArray<readonly [string, BooleanFlag, string, readonly string[]]> = [
  // validation
  ['accept-any-state', 'acceptAnyState', 'state is not checked against the list of US states (any two characters pass)', ['SM-VAL-STATE']],
  ['accept-bad-zip', 'acceptBadZip', 'zip_code format is not checked (only its length)', ['SM-VAL-ZIP']],
  ['accept-zip-plus4-bad', 'acceptZipPlus4Bad', 'zip_code: only the part before a dash is checked, so 30313-12 or 30313-ABCD pass', ['SM-VAL-ZIP']],
  ['accept-phone-dashes', 'acceptPhoneDashes', 'phone/mobile numbers: dashes, spaces, dots and parentheses are stripped before the digits-only and length checks', ['SM-VAL-PHONE-DIGITS']],
  ['ignore-paypal-email', 'ignorePaypalEmail', 'email_address is not required for PayPal-enabled participants', ['SM-VAL-EMAIL-PAYPAL']],
  ['require-email-always', 'requireEmailAlways', 'email_address is required for every participant, PayPal-enabled or not', ['SM-VAL-EMAIL-OPTIONAL']],
  ['accept-wrong-types', 'acceptWrongTypes', 'numbers and booleans are coerced to strings instead of being refused', ['SM-VAL-TYPES']],
  ['reject-empty-optional', 'rejectEmptyOptional', 'an empty string in an optional field is refused as too short (the document example has address_line2: "")', ['SM-DOC-EXAMPLE']],
  // response shapes
  ['error-shape-wrong', 'errorShapeWrong', '13400 carries data as a flat array of messages instead of an object keyed by field', ['SM-RESP-ERROR-SHAPE']],
  ['status-as-string', 'statusAsString', 'success bodies carry status as a string ("100")', ['SM-RESP-SUCCESS-SHAPE']],
  ['missing-session-identifier', 'missingSessionIdentifier', 'success bodies leave out data.session_identifier', ['SM-RESP-SUCCESS-SHAPE']],
  ['expiry-60s', 'expiry60s', 'authorized_url_expiration_utc says issue time + 60 s (the URL still dies at 30 s)', ['SM-RESP-EXPIRY']],
  ['expiration-not-utc', 'expirationNotUtc', 'authorized_url_expiration_utc has no zone designator (not UTC, not RFC 3339)', ['SM-RESP-EXPIRY']],
  ['text-plain-content-type', 'textPlainContentType', 'JSON bodies are sent as text/plain', ['SM-RESP-JSON']],
  // robustness
  ['crash-on-malformed-json', 'crashOnMalformedJson', 'malformed JSON answers 500 instead of 400', ['SM-ROBUST-NO-5XX']],
  ['5xx-on-control-chars', 'serverErrorOnControlChars', 'a control character (U+0000-U+001F) in any string value answers 500', ['SM-ROBUST-NO-5XX']],
  ['hang-on-huge-body', 'hangOnHugeBody', `a body over the size limit stalls ${HANG_MS / 1000} s before the 413`, ['SM-ROBUST-NO-5XX']],
  // idempotency
  ['ignore-idempotency', 'ignoreIdempotency', 'the Idempotency-Key header is ignored: every request creates a new session', ['SM-IDEM-REPLAY', 'SM-IDEM-MISMATCH', 'SM-IDEM-CONCURRENT']],
  ['idempotent-new-session', 'idempotentNewSession', 'a replay answers 101 but with a new session_identifier', ['SM-IDEM-REPLAY']],
  ['idempotent-same-url', 'idempotentSameUrl', 'a replay answers 101 with the original authorized_url and expiry instead of new ones', ['SM-IDEM-REPLAY']],
  ['idempotent-status-100', 'idempotentStatus100', 'a replay answers status 100 instead of 101', ['SM-IDEM-REPLAY']],
  ['mismatch-accepted', 'mismatchAccepted', 'same key + different body answers 101 with the original session instead of 13723', ['SM-IDEM-MISMATCH']],
  ['mismatch-as-validation-error', 'mismatchAsValidationError', 'same key + different body answers 13400 instead of 13723', ['SM-IDEM-MISMATCH']],
  ['store-failed-keys', 'storeFailedKeys', 'a key is stored even when its request failed (a corrected retry with it gets 13723)', ['SM-IDEM-FAILED-NOT-STORED']],
  ['accept-overlong-key', 'acceptOverlongKey', 'an Idempotency-Key one character over the maximum is accepted', ['SM-IDEM-KEY-MAXLEN']],
  ['reject-at-max-key', 'rejectAtMaxKey', 'an Idempotency-Key of exactly the maximum length is refused', ['SM-IDEM-KEY-MAXLEN']],
  ['race-duplicate-sessions', 'raceDuplicateSessions', 'concurrent requests with one new key each create a session (check-then-store race)', ['SM-IDEM-CONCURRENT']],
  ['global-key-scope', 'globalKeyScope', 'keys are shared across participants instead of scoped per participant', ['SM-IDEM-SCOPE']],
  ['key-ttl-short', 'keyTtlShort', 'keys live a quarter of the documented lifetime', ['SM-IDEM-TTL']],
  ['key-never-expires', 'keyNeverExpires', 'keys are never pruned', ['SM-IDEM-TTL']],
  // signing
  ['accept-missing-authorization', 'acceptMissingAuthorization', 'a request without Authorization is accepted (as the first participant)', ['SM-AUTH-REQUIRED']],
  ['skip-signature', 'skipSignature', 'the signature is not verified (a known username is enough)', ['SM-AUTH-SIGNATURE']],
  ['accept-unknown-user', 'acceptUnknownUser', 'an unknown username is accepted (as the first participant)', ['SM-AUTH-UNKNOWN-USER']],
  ['ignore-skew-future', 'ignoreSkewFuture', 'an X-Date in the future is never refused', ['SM-AUTH-SKEW']],
  ['ignore-skew-past', 'ignoreSkewPast', 'an X-Date in the past is never refused', ['SM-AUTH-SKEW']],
  ['skew-too-strict', 'skewTooStrict', 'the skew window is ±30 s instead of the documented one', ['SM-AUTH-SKEW']],
  ['accept-hex-digest', 'acceptHexDigest', 'a hex Content-sha512 is accepted besides base64 of the raw digest', ['SM-AUTH-DIGEST']],
  ['ignore-digest', 'ignoreDigest', 'Content-sha512 is not compared with the body (a body changed after signing passes)', ['SM-AUTH-DIGEST', 'SM-AUTH-SIGNATURE']],
  ['accept-partial-header-list', 'acceptPartialHeaderList', 'a headers list missing some of the required signed headers is accepted', ['SM-AUTH-HEADERS']],
  ['reject-sha256', 'rejectSha256', 'the legacy hmac-sha256 algorithm is refused', ['SM-AUTH-SHA256-LEGACY']],
  ['leak-signature-in-401', 'leakSignatureIn401', 'the 401 body carries the expected signature and the signing string', ['SM-AUTH-NO-LEAK']],
  // host_uri
  ['host-prefix-match', 'hostPrefixMatch', 'host_uri passes when it starts with a white-listed origin (look-alike hosts, trailing paths)', ['SM-HOST-WHITELIST']],
  ['host-any-scheme', 'hostAnyScheme', 'host_uri is compared without its scheme (http:// passes for an https:// origin)', ['SM-HOST-WHITELIST']],
  ['host-ignore-whitelist', 'hostIgnoreWhitelist', 'any host_uri is accepted', ['SM-HOST-WHITELIST']],
  ['host-other-participant', 'hostOtherParticipant', "another participant's white-listed origin is accepted", ['SM-HOST-WHITELIST']],
  ['reject-absent-host', 'rejectAbsentHost', 'a request without host_uri is refused instead of using the first white-listed host', ['SM-HOST-DEFAULT']],
  // authorized URL and plug-in page
  ['never-expire-urls', 'neverExpireUrls', 'authorized URLs keep loading after their expiration', ['SM-URL-EXPIRES']],
  ['url-refused-immediately', 'urlRefusedImmediately', 'the plug-in page answers "expired" even for a fresh URL', ['SM-URL-LOADS']],
  ['expired-session-not-recoverable', 'expiredSessionNotRecoverable', 'after the URL expired, an idempotent re-request is refused instead of issuing a new URL', ['SM-URL-RECOVERY']],
  ['accept-tampered-token', 'acceptTamperedToken', 'the token HMAC (h) is not checked: altered, foreign or truncated tokens load', ['SM-URL-TAMPER']],
  ['token-not-bound-to-session', 'tokenNotBoundToSession', "the token is not bound to its session: one session's t/h opens another session", ['SM-URL-TAMPER']],
  ['frame-anywhere', 'frameAnywhere', 'the page sends no frame-ancestors: any origin may frame it', ['SM-URL-FRAME-OTHER']],
  ['frame-nowhere', 'frameNowhere', "frame-ancestors 'none': not even the white-listed host may frame the page", ['SM-URL-FRAME-HOST']],
  ['unescaped-first-name', 'unescapedFirstName', 'the first name is written into the page as raw HTML', ['SM-URL-ESCAPE']],
];

function slug(field: FieldRule): string {
  return field.name.replace(/_/g, '-');
}

/**
 * A maximum length is observable on its own only if nothing else bounds the value: an enum (state) or
 * a pattern without an open-ended quantifier (zip) refuses max+1 anyway, so "accept max+1" there
 * would be a fault no check can see.
 */
function lengthOnlyBoundedByMax(field: FieldRule): boolean {
  if (field.enum) return false;
  if (field.pattern && !/[+*]|\{\d+,\}/.test(field.pattern)) return false;
  return true;
}

/** The fault modes a contract yields: the fixed ones plus one set per limited or required field. */
export function faultModesFor(contract: Contract): FaultMode[] {
  const modes: FaultMode[] = [];
  for (const field of contract.fields) {
    if (field.maxLength !== undefined && field.type === 'string' && lengthOnlyBoundedByMax(field)) {
      modes.push({
        name: `accept-overlong-${slug(field)}`,
        description: field.whiteListed
          ? `${field.key} longer than ${field.maxLength} is silently ignored (treated as absent) instead of refused`
          : `${field.key} of ${field.maxLength + 1} characters is accepted (maximum off by one)`,
        requirementIds: [field.requirement.maxLength!].filter(Boolean),
      });
    }
    // Refusing a value of exactly max is invisible for a white-listed field (no such origin exists).
    if (field.maxLength !== undefined && field.type === 'string' && !field.enum && !field.whiteListed) {
      modes.push({
        name: `reject-at-max-${slug(field)}`,
        description: `${field.key} of exactly ${field.maxLength} characters is refused (maximum off by one)`,
        requirementIds: [field.requirement.maxLength!].filter(Boolean),
      });
    }
    if (field.required && field.requirement.required) {
      modes.push({
        name: `skip-required-${slug(field)}`,
        description: `${field.key} is not required (a request without it is accepted)`,
        requirementIds: [field.requirement.required],
      });
    }
  }
  for (const [name, , description, ids] of FIXED) modes.push({ name, description, requirementIds: [...ids] });
  const seen = new Set<string>();
  for (const mode of modes) {
    if (seen.has(mode.name)) throw new Error(`duplicate fault mode ${mode.name}`);
    seen.add(mode.name);
  }
  return modes;
}

/** The fault modes of the default contract. */
export const FAULT_MODES: readonly FaultMode[] = Object.freeze(faultModesFor(loadContract()).map((m) => Object.freeze(m)));

export function compileFaults(names: readonly string[], contract: Contract): FaultFlags {
  const modes = faultModesFor(contract);
  const known = new Set(modes.map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown fault mode${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid names: ${modes.map((m) => m.name).join(', ')}`);
  }
  const active = new Set(names);
  const byPrefix = (prefix: string) =>
    new Set(contract.fields.filter((f) => active.has(`${prefix}${slug(f)}`)).map((f) => f.key));
  const flags: Record<string, unknown> = {
    names: Object.freeze([...active]),
    overlong: byPrefix('accept-overlong-'),
    rejectAtMax: byPrefix('reject-at-max-'),
    skipRequired: byPrefix('skip-required-'),
  };
  for (const [name, flag] of FIXED) flags[flag] = active.has(name);
  return Object.freeze(flags) as unknown as FaultFlags;
}
