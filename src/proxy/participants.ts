// Whose signatures the proxy can check: the participants of a --participants file (the simulator's
// format, their whole white-lists), or the harness configuration (.env: INGO_HMAC_* and the secondary
// participant). Against a remote server only the configured host is known to be white-listed.
import { readFileSync } from 'node:fs';
import type { Participant } from '../config/demo-participants.ts';
import type { HarnessConfig, ParticipantConfig } from '../config/index.ts';
import { simulatorParticipants } from '../harness/participants.ts';
import { checkParticipants } from '../mock/core/participants.ts';
import type { ProxyParticipant } from './types.ts';

/** Participants whose white-lists are known whole (a simulator's). */
export function fromSimulatorParticipants(participants: readonly Participant[]): ProxyParticipant[] {
  return participants.map((p) => ({ username: p.username, secret: p.secret, paypal_enabled: p.paypal_enabled, host_uris: p.host_uris, hostsComplete: true }));
}

/** A --participants file (the simulator's format); throws one line naming what is wrong. */
export function readParticipantsFile(path: string): Participant[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`--participants: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`--participants: ${path} is not JSON`);
  }
  try {
    return checkParticipants(parsed, path);
  } catch (error) {
    throw new Error(`--participants: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function fromParticipantsFile(path: string): ProxyParticipant[] {
  return fromSimulatorParticipants(readParticipantsFile(path));
}

/** scheme://host[:port] of an --upstream; a path would be silently dropped, so it is refused (one line). */
export function upstreamOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--upstream must be a URL such as https://iip-session-management-uat.ingo.money, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--upstream must be http:// or https://, got ${url.protocol}`);
  if (url.pathname !== '/' || url.search !== '' || url.username !== '') throw new Error(`--upstream must be an origin (scheme://host[:port]) without a path, got ${JSON.stringify(raw)}`);
  return url.origin;
}

/** In mock mode the embedded simulator's participants (whole white-lists); otherwise the configured ones. */
export function fromConfig(config: HarnessConfig): ProxyParticipant[] {
  if (config.target === 'mock') return fromSimulatorParticipants(simulatorParticipants(config));
  const configured = (p: ParticipantConfig): ProxyParticipant => ({ username: p.username, secret: p.secret, paypal_enabled: p.paypalEnabled, host_uris: [p.hostUri], hostsComplete: false });
  return [configured(config.primary), ...(config.secondary ? [configured(config.secondary)] : [])];
}

/** "demo-paypal (PayPal; hosts https://a, https://b)" — never the secret. */
export function describeParticipant(p: ProxyParticipant): string {
  return `${p.username} (${p.paypal_enabled ? 'PayPal-enabled' : 'not PayPal-enabled'}; ${p.hostsComplete ? 'white-listed' : 'configured host'} ${p.host_uris.join(', ')})`;
}
