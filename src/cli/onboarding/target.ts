// The onboarding run's target and client: a remote server over undici (what an integrator's backend
// does), or, in mock mode, the embedded simulator in real time so the checklist can be tried offline.
// Every answer goes through the always-on checks (CheckedAnswers).
import { bodyData } from '../../client/answer.ts';
import { SessionClient, type CreateSessionOptions, type SessionResponse } from '../../client/session-client.ts';
import { undiciTransport } from '../../client/undici-transport.ts';
import type { HarnessConfig } from '../../config/index.ts';
import type { Contract } from '../../contract/index.ts';
import { participantProfile } from '../../harness/participants.ts';
import { CheckedAnswers } from './answers.ts';

export interface OnboardingTarget {
  readonly baseUrl: string;
  readonly description: string;
  readonly client: SessionClient;
  readonly answers: CheckedAnswers;
  /** Sends a create-session request with the primary credentials; the answer is checked. */
  send(label: string, body: unknown, options?: CreateSessionOptions): Promise<SessionResponse>;
  close(): Promise<void>;
}

export async function openTarget(config: HarnessConfig, contract: Contract): Promise<OnboardingTarget> {
  const transport = undiciTransport({ connections: 4 });
  const credentials = { username: config.primary.username, secret: config.primary.secret, algorithm: config.primary.algorithm };
  const answers = new CheckedAnswers({ contract, secrets: [config.primary.secret], participant: participantProfile(config, 'primary', config.target) });
  const targetAt = (baseUrl: string, description: string, close: () => Promise<void>): OnboardingTarget => {
    const client = new SessionClient({ baseUrl, credentials, scheme: contract.hmac, transport, timeoutMs: config.requestTimeoutMs });
    return { baseUrl, description, client, answers, close, send: async (label, body, options = {}) => answers.judge(label, await client.createSession(body, options), client.credentials) };
  };
  if (config.target === 'remote') return targetAt(config.baseUrl!, config.baseUrl!, () => transport.close());
  const { startSimulator } = await import('../../mock/index.ts');
  const { simulatorParticipants } = await import('../../harness/participants.ts');
  // INGO_MOCK_FAULTS break the simulator on purpose (detection-power runs), as for the other suites.
  const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: false, faults: [...config.mockFaults], personality: config.mockPersonality });
  return targetAt(simulator.url, `the embedded simulator at ${simulator.url} (mock mode; set INGO_TARGET=remote and INGO_BASE_URL to check a real server)`, async () => {
    await transport.close();
    await simulator.close();
  });
}

export function sessionData(response: SessionResponse): { id: string; url: string; expiresAt: Date } | undefined {
  const data = bodyData(response);
  if (!data || typeof data['authorized_url'] !== 'string' || typeof data['session_identifier'] !== 'string') return undefined;
  const expiresAt = new Date(String(data['authorized_url_expiration_utc']));
  return { id: data['session_identifier'], url: data['authorized_url'], expiresAt };
}
