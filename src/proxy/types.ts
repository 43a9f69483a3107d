// The validation proxy's vocabulary: one exchange as it passed through (kept in memory, unmasked, for
// the checks and the client card), and what the checks found on each side of it.
import type { ReceivedRequest, SigningVerdict } from '../client/verify-signing.ts';
import type { Finding } from '../checks/index.ts';

/** A participant the proxy knows the secret of (from --participants or the harness configuration). */
export interface ProxyParticipant {
  readonly username: string;
  /** Never written anywhere: used to recompute signatures only. */
  readonly secret: string;
  readonly paypal_enabled: boolean;
  /** White-listed host origins, as far as they are known. */
  readonly host_uris: readonly string[];
  /** Whether host_uris is the participant's whole white-list (a simulator's participants file) or only the configured one. */
  readonly hostsComplete: boolean;
}

/** How the upstream's part of an exchange ended. */
export type Outcome =
  | { readonly kind: 'answered'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
  /** Certify mode: the upstream answered, and the proxy cut the client's connection instead of relaying it. */
  | { readonly kind: 'dropped'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
  /** The upstream could not be reached or did not answer in time: infrastructure, not a verdict. */
  | { readonly kind: 'upstream-error'; readonly status: 502 | 504; readonly message: string };

export interface Exchange {
  /** 1, 2, … in the order requests were complete. */
  readonly seq: number;
  /** The proxy's clock (ms) when the request had been read. */
  readonly receivedAtMs: number;
  /** The proxy's clock (ms) when the answer was written (or the connection cut). */
  readonly answeredAtMs: number;
  /** Time spent waiting for the upstream, ms. */
  readonly upstreamMs: number;
  readonly request: ReceivedRequest;
  readonly outcome: Outcome;
}

export type Topic = 'signing' | 'x-date' | 'fields' | 'host-uri' | 'email' | 'idempotency-key' | 'body';

/** What the request checks found: the integrator's client broke a documented rule (fail), or something worth knowing. */
export interface RequestFinding {
  readonly kind: 'fail' | 'warn' | 'note';
  readonly topic: Topic;
  readonly requirementIds: readonly string[];
  readonly message: string;
  readonly fix?: string;
}

export type ExchangeClass = 'ok' | 'client' | 'server' | 'client-and-server' | 'infrastructure' | 'not-checked';

export interface Inspection {
  /** A create-session call (POST to the documented path) is checked; anything else is only forwarded and recorded. */
  readonly createSession: boolean;
  readonly signing?: SigningVerdict;
  /** The parsed body, when it is JSON. */
  readonly json?: unknown;
  readonly request: readonly RequestFinding[];
  /** The contract's response checks (ALWAYS_ON). */
  readonly response: readonly Finding[];
  readonly classification: ExchangeClass;
}

export interface InspectedExchange extends Exchange {
  readonly inspection: Inspection;
}
