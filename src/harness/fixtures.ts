// Playwright fixtures: what a conformance test needs, injected. Worker-scoped: the configuration,
// the contract and the target (in mock mode an embedded simulator per worker, with a virtual clock).
// Test-scoped: signed clients for the primary and secondary participants.
import { test as base, expect } from '@playwright/test';
import { playwrightTransport } from '../client/playwright-transport.ts';
import { SessionClient } from '../client/session-client.ts';
import type { Credentials } from '../client/signer.ts';
import { loadConfig, type HarnessConfig, type ParticipantConfig } from '../config/index.ts';
import { loadContract, type Contract } from '../contract/index.ts';
import { startSimulator, type RunningSimulator } from '../mock/index.ts';
import { simulatorParticipants } from './participants.ts';

export interface Target {
  readonly mode: 'mock' | 'remote';
  readonly baseUrl: string;
  /** Only in mock mode: the embedded simulator (virtual clock, stats). Remote checks never use it. */
  readonly simulator?: RunningSimulator;
}

export interface WorkerFixtures {
  config: HarnessConfig;
  contract: Contract;
  target: Target;
}

export interface TestFixtures {
  /** A signed client for the primary participant. */
  client: SessionClient;
  /** A signed client for the secondary participant, when one is configured. */
  secondaryClient: SessionClient | undefined;
  /** The secrets to scrub from anything written (evidence, reports). */
  secrets: readonly string[];
  /**
   * A fresh simulator with a virtual clock, for checks that move time (mock mode only; in remote
   * mode requesting it skips the test as "not checked").
   */
  isolatedSimulator: { simulator: RunningSimulator; client: SessionClient; secondaryClient: SessionClient | undefined };
}

export function credentialsOf(participant: ParticipantConfig): Credentials {
  return { username: participant.username, secret: participant.secret, algorithm: participant.algorithm };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  config: [async ({}, use) => use(loadConfig()), { scope: 'worker' }],
  contract: [async ({}, use) => use(loadContract()), { scope: 'worker' }],
  target: [
    async ({ config }, use) => {
      if (config.target === 'remote') {
        await use({ mode: 'remote', baseUrl: config.baseUrl! });
        return;
      }
      const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: true });
      await use({ mode: 'mock', baseUrl: simulator.url, simulator });
      await simulator.close();
    },
    { scope: 'worker' },
  ],
  client: async ({ config, contract, target, request }, use) => {
    await use(
      new SessionClient({
        baseUrl: target.baseUrl,
        credentials: credentialsOf(config.primary),
        scheme: contract.hmac,
        transport: playwrightTransport(request),
        timeoutMs: config.requestTimeoutMs,
        ...(target.simulator && { now: () => target.simulator!.clock.now() }),
      }),
    );
  },
  secondaryClient: async ({ config, client }, use) => {
    await use(config.secondary ? client.withCredentials(credentialsOf(config.secondary)) : undefined);
  },
  secrets: async ({ config }, use) => {
    await use([config.primary.secret, ...(config.secondary ? [config.secondary.secret] : [])]);
  },
  isolatedSimulator: async ({ config, contract, request }, use, testInfo) => {
    testInfo.skip(config.target === 'remote', 'not checked: needs the simulator\'s virtual clock (mock mode only)');
    const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: true });
    const client = new SessionClient({
      baseUrl: simulator.url,
      credentials: credentialsOf(config.primary),
      scheme: contract.hmac,
      transport: playwrightTransport(request),
      timeoutMs: config.requestTimeoutMs,
      now: () => simulator.clock.now(),
    });
    const secondaryClient = config.secondary ? client.withCredentials(credentialsOf(config.secondary)) : undefined;
    await use({ simulator, client, secondaryClient });
    await simulator.close();
  },
});

export { expect };
