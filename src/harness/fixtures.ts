// Playwright fixtures: what a conformance test needs, injected. Worker-scoped: the configuration,
// the contract and the target (in mock mode an embedded simulator per worker, with a virtual clock).
// Test-scoped: signed clients for the primary and secondary participants, and their checked
// counterparts (`api`, `secondaryApi`) that run the always-on checks on every response.
// Every client's transport honours 429/503 Retry-After (bounded, never duplicating a create) and, when
// config.maxRps is set (a non-loopback remote target) or INGO_CONCURRENCY is given, is paced: the rate and the concurrency cap are
// shared out between the workers so the whole run stays within them.
import { test as base, expect } from '@playwright/test';
import { Pacer, pacedTransport } from '../client/pacing.ts';
import { playwrightTransport } from '../client/playwright-transport.ts';
import { retryingTransport } from '../client/retry.ts';
import { undiciTransport } from '../client/undici-transport.ts';
import { SessionClient } from '../client/session-client.ts';
import type { HttpTransport } from '../client/transport.ts';
import { loadConfig, type HarnessConfig } from '../config/index.ts';
import { loadContract, type Contract, type ParticipantProfile } from '../contract/index.ts';
import { startSimulator, type RunningSimulator } from '../mock/index.ts';
import { CheckedClient } from './checked-client.ts';
import { participantProfile, simulatorParticipants } from './participants.ts';
import { ExchangeRecorder } from './recorder.ts';
import { credentialsOf } from './credentials.ts';
import { startIsolatedSimulator } from './isolated-simulator.ts';

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
  /** This worker's share of the rate and concurrency limits; undefined when unpaced (loopback). */
  pacer: Pacer | undefined;
  /** A keep-alive undici transport shared by the worker's high-volume tests (no Playwright trace entries). */
  fastTransport: HttpTransport;
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
  /** Wraps a raw HTTP transport with this run's retry policy and pacing. */
  wrapTransport: (inner: HttpTransport) => HttpTransport;
  /** Collects observations, drift, warnings and evidence of this test; flushed when the test ends. */
  recorder: ExchangeRecorder;
  /** The primary participant as the contract's conditional rules see it. */
  participant: ParticipantProfile;
  /** The secondary participant's profile, when one is configured. */
  secondaryParticipant: ParticipantProfile | undefined;
  /** The checked client of the primary participant: always-on checks on every response. */
  api: CheckedClient;
  /** The checked client of the secondary participant, when one is configured. */
  secondaryApi: CheckedClient | undefined;
  /**
   * As `api` and `secondaryApi`, over the worker's undici transport: for property tests that send
   * thousands of requests (Playwright's request context costs several ms per request). Same checks,
   * same retry policy and pacing.
   */
  fastApi: CheckedClient;
  fastSecondaryApi: CheckedClient | undefined;
}

export { credentialsOf } from './credentials.ts';

export const test = base.extend<TestFixtures, WorkerFixtures>({
  config: [async ({}, use) => use(loadConfig()), { scope: 'worker' }],
  contract: [async ({}, use) => use(loadContract()), { scope: 'worker' }],
  target: [
    async ({ config }, use) => {
      if (config.target === 'remote') {
        await use({ mode: 'remote', baseUrl: config.baseUrl! });
        return;
      }
      // INGO_MOCK_FAULTS (detection-power runs) break the simulator on purpose; empty otherwise.
      const simulator = await startSimulator({ participants: simulatorParticipants(config), virtualClock: true, faults: [...config.mockFaults] });
      await use({ mode: 'mock', baseUrl: simulator.url, simulator });
      await simulator.close();
    },
    { scope: 'worker' },
  ],
  pacer: [
    async ({ config }, use, workerInfo) => {
      if (!config.capConcurrency) return use(undefined);
      const workers = Math.max(1, workerInfo.config.workers);
      await use(new Pacer({ ...(config.maxRps !== undefined && { maxRps: config.maxRps / workers }), concurrency: Math.max(1, Math.floor(config.concurrency / workers)) }));
    },
    { scope: 'worker' },
  ],
  fastTransport: [
    async ({ config }, use) => {
      const transport = undiciTransport({ connections: config.concurrency });
      await use(transport);
      await transport.close();
    },
    { scope: 'worker' },
  ],
  wrapTransport: async ({ pacer }, use) => {
    await use((inner) => retryingTransport(pacer ? pacedTransport(inner, pacer) : inner));
  },
  client: async ({ config, contract, target, request, wrapTransport }, use) => {
    await use(
      new SessionClient({
        baseUrl: target.baseUrl,
        credentials: credentialsOf(config.primary),
        scheme: contract.hmac,
        transport: wrapTransport(playwrightTransport(request)),
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
    const { simulator, client } = await startIsolatedSimulator(config, contract, request);
    const secondaryClient = config.secondary ? client.withCredentials(credentialsOf(config.secondary)) : undefined;
    await use({ simulator, client, secondaryClient });
    await simulator.close();
  },
  recorder: async ({ secrets }, use, testInfo) => {
    const recorder = new ExchangeRecorder(testInfo, secrets);
    await use(recorder);
    await recorder.flush();
  },
  participant: async ({ config, target }, use) => {
    await use(participantProfile(config, 'primary', target.mode));
  },
  secondaryParticipant: async ({ config, target }, use) => {
    await use(config.secondary ? participantProfile(config, 'secondary', target.mode) : undefined);
  },
  api: async ({ client, contract, recorder, secrets, participant }, use) => {
    await use(new CheckedClient(client, { contract, recorder, secrets, participant }));
  },
  secondaryApi: async ({ secondaryClient, contract, recorder, secrets, secondaryParticipant }, use) => {
    await use(secondaryClient && secondaryParticipant ? new CheckedClient(secondaryClient, { contract, recorder, secrets, participant: secondaryParticipant }) : undefined);
  },
  fastApi: async ({ config, contract, target, fastTransport, wrapTransport, recorder, secrets, participant }, use) => {
    const client = new SessionClient({
      baseUrl: target.baseUrl,
      credentials: credentialsOf(config.primary),
      scheme: contract.hmac,
      transport: wrapTransport(fastTransport),
      timeoutMs: config.requestTimeoutMs,
      ...(target.simulator && { now: () => target.simulator!.clock.now() }),
    });
    await use(new CheckedClient(client, { contract, recorder, secrets, participant }));
  },
  fastSecondaryApi: async ({ config, fastApi, secondaryParticipant }, use) => {
    await use(config.secondary && secondaryParticipant ? fastApi.around(fastApi.raw.withCredentials(credentialsOf(config.secondary)), secondaryParticipant) : undefined);
  },
});

export { expect };
