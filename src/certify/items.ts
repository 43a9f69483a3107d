// The client card's items: what an integrator's own client must do with the Session Management API,
// each with the sentence of the document or contract-notes.md it rests on. Each classic mistake fails
// exactly one item: a retry's key belongs to item 4 (item 3 looks at first attempts only), a changed
// body under a used key to item 5 (items 4 and 8 then say "not checked" rather than fail twice), the
// time a URL is opened to item 6 (item 8 asks only that the recovery was made and its URL opened).

export const ITEM_IDS = [
  'signing',
  'x-date',
  'key-sent',
  'retry',
  'changed-body',
  'url-in-time',
  'framed-on-host',
  'expired-recovered',
  'host-uri',
  'email-paypal',
] as const;

export type ItemId = (typeof ITEM_IDS)[number];

export interface ItemDefinition {
  readonly id: ItemId;
  /** 1…10, as the card lists them. */
  readonly number: number;
  readonly title: string;
  /** What the client must do, in one sentence. */
  readonly rule: string;
  /** Where it is written. */
  readonly source: string;
}

export const ITEMS: readonly ItemDefinition[] = [
  {
    id: 'signing',
    number: 1,
    title: 'Signing correct over the exact bytes',
    rule: 'Every create-session request carries an hmac signature that verifies with your secret over the bytes actually sent: base64 of the raw SHA-512 digest, the documented headers, the algorithm named as computed.',
    source: 'contract-notes: "Content-sha512: base64 of the raw SHA-512 digest of the exact body bytes (raw digest, not hex)"; "signature = base64(HMAC-SHA512(secret, signing string))"',
  },
  {
    id: 'x-date',
    number: 2,
    title: 'X-Date fresh',
    rule: "Every request's X-Date is an RFC 1123 GMT date within ±300 s of the server's clock when it arrives.",
    source: 'contract-notes: "X-Date: the current time as an RFC 1123 GMT date … The server allows a clock skew of ±300 seconds"',
  },
  {
    id: 'key-sent',
    number: 3,
    title: 'Idempotency-Key sent',
    rule: 'Every first attempt to create a session carries an Idempotency-Key of at most 250 characters (a v4 UUID). A retry\'s key is item 4\'s business.',
    source: 'document: "To perform an idempotent request, provide an additional Idempotency-Key header in your request"; "We recommend using V4 UUIDs"; MAX_LENGTH 250',
  },
  {
    id: 'retry',
    number: 4,
    title: 'Retry after a dropped connection',
    rule: 'When the connection drops after the session was created, the client retries with the same Idempotency-Key and the same body and gets 101: never a second session, never a new key.',
    source: 'document: "If a request to initialize a transaction session does not respond due to a network connection error, you can retry the request with the same idempotency key to guarantee that no more than one transaction session is created."',
  },
  {
    id: 'changed-body',
    number: 5,
    title: 'No changed body under a used key',
    rule: 'A key that created a session is only ever re-sent with the same body (13723 is never provoked, and never looped on).',
    source: 'document: "The system compares incoming parameters to those of the original request, and will generate an error if they are not the same" (13723)',
  },
  {
    id: 'url-in-time',
    number: 6,
    title: 'authorized_url opened within its lifetime',
    rule: 'Every authorized_url is opened before its authorized_url_expiration_utc (30 s after it is issued).',
    source: 'document: "authorized_url … Should be utilized within 30 seconds of creation."',
  },
  {
    id: 'framed-on-host',
    number: 7,
    title: 'Framed only on the white-listed host',
    rule: "The plug-in is opened in an iframe of the session's white-listed host_uri: not top-level, not on another host, not fetched by a server.",
    source: 'contract-notes: "The plug-in is meant to be framed only by that host."; document: "integrate the IngoPay iFrame into their website"',
  },
  {
    id: 'expired-recovered',
    number: 8,
    title: 'Expired URL recovered idempotently',
    rule: 'When an authorized_url is refused as expired, the client re-requests with the same Idempotency-Key and body, gets 101 for the same session, and opens the new URL.',
    source: 'contract-notes: "Expired … an idempotent re-request (same Idempotency-Key, same body) returns the same session with a new authorized_url"',
  },
  {
    id: 'host-uri',
    number: 9,
    title: 'host_uri white-listed',
    rule: "Every request's host_uri is one of the participant's white-listed origins, or absent (the first configured host is used).",
    source: 'document: host_uri "Must be explicitly white-listed in client configuration (will receive Unauthorized if non-white listed uri specified). If not specified, will default to the 1st configured parent application host domain."',
  },
  {
    id: 'email-paypal',
    number: 10,
    title: 'E-mail present when PayPal-enabled',
    rule: 'For a PayPal-enabled participant every request carries recipient_information.email_address.',
    source: 'document: email_address "COND … Required for PayPal enabled participants"',
  },
];

export function item(id: ItemId): ItemDefinition {
  return ITEMS.find((i) => i.id === id)!;
}
