// In mock mode the simulator is configured from the harness configuration, so a user's own
// INGO_HMAC_* / INGO_HOST_URI values flow through to the participant the simulator knows.
import { DEMO_PRIMARY, DEMO_SECONDARY, type HarnessConfig, type Participant, type ParticipantConfig } from '../config/index.ts';
import type { ParticipantProfile } from '../contract/index.ts';

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

/**
 * A participant as the contract's conditional rules see it. In mock mode its white-listed hosts are
 * the simulator's; in remote mode only the configured host is known to be white-listed.
 */
export function participantProfile(config: HarnessConfig, which: 'primary' | 'secondary', mode: 'mock' | 'remote'): ParticipantProfile {
  const participant = which === 'primary' ? config.primary : config.secondary;
  if (!participant) throw new Error(`no ${which} participant configured`);
  if (mode === 'mock') {
    const simulated = simulatorParticipants(config)[which === 'primary' ? 0 : 1]!;
    return { paypal_enabled: simulated.paypal_enabled, host_uris: simulated.host_uris };
  }
  return { paypal_enabled: participant.paypalEnabled, host_uris: [participant.hostUri] };
}
