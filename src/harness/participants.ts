// In mock mode the simulator is configured from the harness configuration, so a user's own
// INGO_HMAC_* / INGO_HOST_URI values flow through to the participant the simulator knows.
import { DEMO_PRIMARY, DEMO_SECONDARY, type HarnessConfig, type Participant, type ParticipantConfig } from '../config/index.ts';

export function simulatorParticipants(config: HarnessConfig): Participant[] {
  const participants = [fromConfig(config.primary, DEMO_PRIMARY)];
  if (config.secondary) participants.push(fromConfig(config.secondary, DEMO_SECONDARY));
  return participants;
}

function fromConfig(config: ParticipantConfig, demo: Participant): Participant {
  return {
    username: config.username,
    secret: config.secret,
    participant_id: demo.participant_id,
    paypal_enabled: config.paypalEnabled,
    host_uris: [...new Set([config.hostUri, ...demo.host_uris])],
  };
}
