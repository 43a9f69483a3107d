import type { Credentials } from '../client/signer.ts';
import type { ParticipantConfig } from '../config/index.ts';

/** The signer's view of a configured participant. */
export function credentialsOf(participant: ParticipantConfig): Credentials {
  return { username: participant.username, secret: participant.secret, algorithm: participant.algorithm };
}
