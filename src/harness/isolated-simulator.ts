// A fresh embedded simulator with a virtual clock, and a client that signs by that clock: for checks
// that move time. It gets the run's participants, personality and, in detection-power runs, faults.
import { SessionClient } from '../client/session-client.ts';
import { undiciTransport } from '../client/undici-transport.ts';
import type { HarnessConfig } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import type { RunningSimulator } from '../mock/index.ts';
import { credentialsOf } from './credentials.ts';
import { simulatorParticipants } from './participants.ts';

export interface IsolatedSimulator {
  readonly simulator: RunningSimulator;
  readonly client: SessionClient;
  /** Closes the simulator and the client's connections. */
  close(): Promise<void>;
}

/**
 * The embedded simulator the configuration asks for, on a virtual clock: INGO_MOCK_FAULTS (detection-
 * power runs) break it on purpose, INGO_MOCK_PERSONALITY makes it another conforming server. The
 * simulator's modules are imported here, on first use: a process that only lists the checks never
 * loads them.
 */
export async function startConfiguredSimulator(config: HarnessConfig): Promise<RunningSimulator> {
  const { startSimulator } = await import('../mock/index.ts');
  return startSimulator({ participants: simulatorParticipants(config), virtualClock: true, faults: [...config.mockFaults], personality: config.mockPersonality });
}

export async function startIsolatedSimulator(config: HarnessConfig, contract: Contract): Promise<IsolatedSimulator> {
  const simulator = await startConfiguredSimulator(config);
  const transport = undiciTransport();
  const client = new SessionClient({
    baseUrl: simulator.url,
    credentials: credentialsOf(config.primary),
    scheme: contract.hmac,
    transport,
    timeoutMs: config.requestTimeoutMs,
    now: () => simulator.clock.now(),
  });
  return {
    simulator,
    client,
    close: async () => {
      await transport.close();
      await simulator.close();
    },
  };
}
