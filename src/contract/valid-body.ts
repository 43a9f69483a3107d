// The one builder of a valid create-session body: the document's example request, with a fresh
// participant_unique_id1 (so no two requests share an id) and what a caller varies: the host it names,
// whether it carries the PayPal e-mail, and values laid over the example's (a test's own recipient,
// say). Property tests use the generators instead; this is the fixed body of the deterministic ones.
import { randomUUID } from 'node:crypto';
import type { ParticipantProfile } from './cross-field.ts';
import type { Contract } from './index.ts';

export type ValidSessionBody = Record<string, unknown> & { recipient_information: Record<string, unknown> };

export interface ValidSessionBodyOptions {
  /** Names the participant's first white-listed host (the example's host when it has none). */
  readonly participant?: ParticipantProfile;
  /** host_uri: a host to name, or null to leave it out (the participant's default host is used). Wins over `participant`. */
  readonly hostUri?: string | null;
  /** Who sent the request, as the prefix of its fresh participant_unique_id1 ('harness' unless told). */
  readonly idPrefix?: string;
  /** false leaves email_address out (allowed only for a participant that is not PayPal-enabled). */
  readonly withEmail?: boolean;
  /** Top-level values laid over the example's. */
  readonly top?: Record<string, unknown>;
  /** recipient_information values laid over the example's. */
  readonly recipient?: Record<string, unknown>;
}

export function validSessionBody(contract: Contract, options: ValidSessionBodyOptions = {}): ValidSessionBody {
  const example = contract.exampleRequest() as ValidSessionBody;
  const body: ValidSessionBody = {
    ...example,
    participant_unique_id1: `${options.idPrefix ?? 'harness'}-${randomUUID()}`,
    host_uri: options.participant?.host_uris[0] ?? example['host_uri'],
    ...options.top,
    recipient_information: { ...example.recipient_information, ...options.recipient },
  };
  if (options.hostUri === null) delete body['host_uri'];
  else if (options.hostUri !== undefined) body['host_uri'] = options.hostUri;
  if (options.withEmail === false) delete body.recipient_information['email_address'];
  return body;
}
