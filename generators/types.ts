// The shapes the generators hand out. The request type mirrors the contract's request schema for the
// compiler's sake only: every limit, pattern and list a value obeys is read from the contract at run time.

export interface RecipientInformation {
  first_name: string;
  last_name: string;
  address_line1: string;
  address_line2?: string;
  city: string;
  state: string;
  zip_code: string;
  email_address?: string;
  phone_number?: string;
  mobile_number?: string;
}

export interface CreateSessionRequest {
  participant_unique_id1: string;
  participant_unique_id2?: string;
  host_uri?: string;
  recipient_information: RecipientInformation;
}

/** Same shape as ParticipantProfile in src/contract: what the conditional rules need to know. */
export interface GeneratorParticipant {
  readonly paypal_enabled: boolean;
  readonly host_uris: readonly string[];
}

export interface InvalidCase {
  /** The request body (a JSON value). */
  body: unknown;
  /** Set when the case breaks the Idempotency-Key length (send it as that header). */
  idempotencyKey?: string;
  /** Dotted field keys, e.g. 'recipient_information.state', or the header name 'Idempotency-Key'. */
  brokenFields: string[];
  /** The requirement ids broken, from the contract's field rules. */
  requirementIds: string[];
  description: string;
}

export interface BoundaryCase {
  /** Dotted field key, or the header name for the Idempotency-Key cases. */
  field: string;
  length: number;
  /** What the contract says: 'accepted' at or under the limit, 'refused' over it. */
  expect: 'accepted' | 'refused';
  /** The length rule's requirement id (for state, zip and phones their format rule covers length). */
  requirementId: string;
  body: unknown;
  /** Set for the Idempotency-Key cases. */
  idempotencyKey?: string;
  description: string;
}

/** A host_uri the participant has not white-listed: the document answers Unauthorized, not 13400. */
export interface ForeignHostCase {
  body: unknown;
  hostUri: string;
  brokenFields: string[];
  requirementIds: string[];
  description: string;
  /**
   * 'unauthorized' (401) for a look-alike within the length limit; 'refused' when it is also over the
   * limit, where which refusal (401 or 13400) comes first is not documented.
   */
  expect: 'unauthorized' | 'refused';
}

export interface ValidOptions {
  /**
   * false: plain realistic values only (no exact-maximum lengths, no empty optionals, no apostrophes or
   * non-Latin letters). Used for the fixed base body of the boundary cases. Default true.
   */
  edgeCases?: boolean;
  /** 'any' (default): absent or white-listed; 'present': always a white-listed one (when the participant has any). */
  hostUri?: 'any' | 'present' | 'absent';
}

export interface InvalidOptions {
  /** Up to this many fields broken at once (at least 1). Default 3. */
  maxBroken?: number;
  /** Only break rules with these requirement ids. */
  requirementIds?: readonly string[];
}
