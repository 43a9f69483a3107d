// The reference clients: one correct checkout integration, and the same integration with one classic
// mistake each. A mistake is a switch away from the correct behaviour, so each broken client differs
// from the correct one in exactly one place.

export interface Flaws {
  /** How Content-sha512 is written: base64 of the raw digest (right) or hex. */
  readonly digest: 'base64' | 'hex';
  /** The body is hashed compact, then sent pretty-printed (a framework re-serialises it). */
  readonly reserialiseAfterHashing: boolean;
  /** X-Date is read from a clock this many seconds off. */
  readonly clockOffsetSeconds: number;
  /** The algorithm named in Authorization (the HMAC is always SHA-512). */
  readonly algorithmName: string;
  /** headers="…" names another order than the signing string is built in. */
  readonly listInAnotherOrder: boolean;
  /** A Content-Type the HTTP layer sends instead of the one signed. */
  readonly contentTypeOnTheWire?: string;
  /** An Idempotency-Key on the first attempt. */
  readonly sendKey: boolean;
  /** What a retry after a connection error carries. */
  readonly retryKey: 'same' | 'none' | 'new';
  /** What a recovery sends: the body first sent, or one rebuilt from the (since updated) customer record. */
  readonly recoveryBody: 'same' | 'rebuilt';
  /** When the URL is mounted: at once, or after it has expired. */
  readonly mountUrl: 'at-once' | 'after-expiry';
  /** Where the plug-in is mounted. */
  readonly mount: 'iframe-on-host' | 'iframe-on-other-host' | 'top-level';
  /** Whether an expired URL is recovered. */
  readonly recoverExpired: boolean;
  /** The host_uri sent: the configured white-listed host, or a staging host nobody white-listed. */
  readonly hostUri: 'white-listed' | 'not-white-listed';
  /** Whether the recipient's e-mail is sent. */
  readonly sendEmail: boolean;
}

export const CORRECT: Flaws = {
  digest: 'base64',
  reserialiseAfterHashing: false,
  clockOffsetSeconds: 0,
  algorithmName: 'hmac-sha512',
  listInAnotherOrder: false,
  sendKey: true,
  retryKey: 'same',
  recoveryBody: 'same',
  mountUrl: 'at-once',
  mount: 'iframe-on-host',
  recoverExpired: true,
  hostUri: 'white-listed',
  sendEmail: true,
};

export interface ReferenceClient {
  readonly description: string;
  readonly flaws: Partial<Flaws>;
}

/** The classic mistakes (the first ten are the list), each one switch away from CORRECT. */
export const MISTAKES = {
  'hex-digest': { description: 'Content-sha512 written as the hex digest', flaws: { digest: 'hex' } },
  're-serialised-body': { description: 'the body hashed compact, then sent pretty-printed by the HTTP layer', flaws: { reserialiseAfterHashing: true } },
  'stale-x-date': { description: 'X-Date from a clock 7 minutes behind', flaws: { clockOffsetSeconds: -420 } },
  'no-key-on-retry': { description: 'the retry after a connection error is sent without the Idempotency-Key', flaws: { retryKey: 'none' } },
  'new-key-on-retry': { description: 'the retry after a connection error gets a new Idempotency-Key', flaws: { retryKey: 'new' } },
  'changed-body-under-used-key': { description: 'the recovery rebuilds the body from the updated customer record, under the used key', flaws: { recoveryBody: 'rebuilt' } },
  'url-opened-late': { description: 'the authorized_url is mounted only after it has expired', flaws: { mountUrl: 'after-expiry' } },
  'framed-on-other-host': { description: 'the plug-in is mounted on a host that is not white-listed', flaws: { mount: 'iframe-on-other-host' } },
  'expired-url-not-recovered': { description: 'an expired URL is left as it is', flaws: { recoverExpired: false } },
  'wrong-algorithm-name': { description: 'algorithm="sha512" instead of "hmac-sha512"', flaws: { algorithmName: 'sha512' } },
  'no-idempotency-key': { description: 'no Idempotency-Key at all', flaws: { sendKey: false } },
  'header-list-order': { description: 'headers="…" lists x-date first while the signing string starts with the request line', flaws: { listInAnotherOrder: true } },
  'charset-added-after-signing': { description: 'the HTTP layer sends Content-Type with a charset the signature does not cover', flaws: { contentTypeOnTheWire: 'application/json; charset=utf-8' } },
  'host-uri-not-white-listed': { description: 'host_uri names a staging host nobody white-listed', flaws: { hostUri: 'not-white-listed' } },
  'no-email-for-paypal': { description: 'no e-mail address although the participant is PayPal-enabled', flaws: { sendEmail: false } },
  'opened-top-level': { description: 'the authorized_url opened as a page of its own, not in an iframe', flaws: { mount: 'top-level' } },
} as const satisfies Record<string, ReferenceClient>;

export type MistakeName = keyof typeof MISTAKES;

export function flawsOf(name: MistakeName | 'correct'): Flaws {
  return name === 'correct' ? CORRECT : { ...CORRECT, ...MISTAKES[name].flaws };
}
