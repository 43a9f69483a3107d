// The onboarding run's target and client: a remote server over undici (what an integrator's backend
// does), or, in mock mode, the embedded simulator in real time so the checklist can be tried offline.
import { randomUUID } from 'node:crypto';
import { SessionClient, type SessionResponse } from '../../client/session-client.ts';
import { undiciTransport } from '../../client/undici-transport.ts';
import type { HarnessConfig } from '../../config/index.ts';
import type { Contract } from '../../contract/index.ts';

export interface OnboardingTarget {
  readonly baseUrl: string;
  readonly description: string;
  readonly client: SessionClient;
  close(): Promise<void>;
}

export async function openTarget(config: HarnessConfig, contract: Contract): Promise<OnboardingTarget> {
  const transport = undiciTransport({ connections: 4 });
  const credentials = { username: config.primary.username, secret: config.primary.secret, algorithm: config.primary.algorithm };
  const clientFor = (baseUrl: string) => new SessionClient({ baseUrl, credentials, scheme: contract.hmac, transport, timeoutMs: config.requestTimeoutMs });
  if (config.target === 'remote') {
    return { baseUrl: config.baseUrl!, description: config.baseUrl!, client: clientFor(config.baseUrl!), close: () => transport.close() };
  }
  const { startSimulator } = await import('../../mock/index.ts');
  const { simulatorParticipants } = await import('../../harness/participants.ts');
  const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: false, personality: config.mockPersonality });
  return {
    baseUrl: simulator.url,
    description: `the embedded simulator at ${simulator.url} (mock mode; set INGO_TARGET=remote and INGO_BASE_URL to check a real server)`,
    client: clientFor(simulator.url),
    close: async () => {
      await transport.close();
      await simulator.close();
    },
  };
}

/** The document's example with a fresh participant_unique_id1, the configured host and email as asked. */
export function onboardingBody(contract: Contract, hostUri: string | undefined, withEmail = true): Record<string, unknown> {
  const body = contract.exampleRequest();
  body['participant_unique_id1'] = `onboarding-${randomUUID()}`;
  if (hostUri) body['host_uri'] = hostUri;
  else delete body['host_uri'];
  if (!withEmail) delete (body['recipient_information'] as Record<string, unknown>)['email_address'];
  return body;
}

/** The server's clock minus ours, in seconds, from its Date header (±1 s: the header has whole seconds). */
export function clockOffsetSeconds(response: SessionResponse): number | undefined {
  if (!response.serverDate) return undefined;
  const midpoint = response.sentAt.getTime() + response.elapsedMs / 2;
  return Math.round((response.serverDate.getTime() + 500 - midpoint) / 1000);
}

export function bodyStatus(response: SessionResponse): number | undefined {
  const status = (response.json as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function sessionData(response: SessionResponse): { id: string; url: string; expiresAt: Date } | undefined {
  const data = (response.json as { data?: Record<string, unknown> } | undefined)?.data;
  if (!data || typeof data['authorized_url'] !== 'string' || typeof data['session_identifier'] !== 'string') return undefined;
  const expiresAt = new Date(String(data['authorized_url_expiration_utc']));
  return { id: data['session_identifier'], url: data['authorized_url'], expiresAt };
}

/** A short, secret-free description of an answer, for a checklist line. */
export function describeAnswer(response: SessionResponse): string {
  const status = bodyStatus(response);
  const message = (response.json as { client_message?: unknown } | undefined)?.client_message;
  return `HTTP ${response.status}${status !== undefined ? `, status ${status}` : ''}${typeof message === 'string' ? ` (“${message.slice(0, 80)}”)` : ''}`;
}
