// A fresh embedded simulator with a virtual clock, and a client that signs by that clock: for checks
// that move time. It gets the run's participants and, in detection-power runs, the run's faults.
import type { APIRequestContext } from '@playwright/test';
import { playwrightTransport } from '../client/playwright-transport.ts';
import { SessionClient } from '../client/session-client.ts';
import type { HarnessConfig } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import { startSimulator, type RunningSimulator } from '../mock/index.ts';
import { credentialsOf } from './credentials.ts';
import { simulatorParticipants } from './participants.ts';

export async function startIsolatedSimulator(
  config: HarnessConfig,
  contract: Contract,
  request: APIRequestContext,
): Promise<{ simulator: RunningSimulator; client: SessionClient }> {
  const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: true, faults: [...config.mockFaults], personality: config.mockPersonality });
  const client = new SessionClient({
    baseUrl: simulator.url,
    credentials: credentialsOf(config.primary),
    scheme: contract.hmac,
    transport: playwrightTransport(request),
    timeoutMs: config.requestTimeoutMs,
    now: () => simulator.clock.now(),
  });
  return { simulator, client };
}
