// Playwright fixtures: what a conformance test needs, injected. Worker-scoped: the configuration,
// the contract and the target (in mock mode an embedded simulator per worker, with a virtual clock),
// and the target's answer latency, measured once from a few probe requests: every test's time limit is
// scaled by it (and by the request timeout and pacing), so a slow but correct server never runs out of
// time and reads as infrastructure trouble.
// Test-scoped: signed clients for the primary and secondary participants, and their checked
// counterparts (`api`, `secondaryApi`) that run the always-on checks on every response.
// Every client's transport honours 429/503 Retry-After (bounded, never duplicating a create) and, when
// config.maxRps is set (a non-loopback remote target) or INGO_CONCURRENCY is given, is paced: the rate and the concurrency cap are
// shared out between the workers so the whole run stays within them.
import { _baseTest, test as browserBase, expect, type Fixtures } from '@playwright/test';
import { Pacer, pacedTransport } from '../client/pacing.ts';
import { retryingTransport } from '../client/retry.ts';
import { undiciTransport } from '../client/undici-transport.ts';
import { SessionClient } from '../client/session-client.ts';
import type { HttpTransport } from '../client/transport.ts';
import { loadConfig, type HarnessConfig } from '../config/index.ts';
import { loadContract, type Contract, type ParticipantProfile } from '../contract/index.ts';
import type { RunningSimulator } from '../mock/index.ts';
import { CheckedClient } from './checked-client.ts';
import { participantProfile } from './participants.ts';
import { ExchangeRecorder } from './recorder.ts';
import { credentialsOf } from './credentials.ts';
import { startConfiguredSimulator, startIsolatedSimulator } from './isolated-simulator.ts';
import { measureTargetLatency } from './latency.ts';
import { perRequestMs, timeLimitMs, type TargetLatency } from './profile.ts';

export interface Target {
  readonly mode: 'mock' | 'remote';
  readonly baseUrl: string;
  /** Only in mock mode: the embedded simulator (virtual clock, stats). Remote checks never use it. */
  readonly simulator?: RunningSimulator;
}

/** The run's configuration as a worker sees it: the environment's, and the target's measured latency. */
export type RunConfig = HarnessConfig & {
  /** Undefined when the probes got no answer (the tests then meet the trouble themselves). */
  readonly targetLatency: TargetLatency | undefined;
};

export interface WorkerFixtures {
  /** The configuration read from the environment (.env, INGO_*). */
  settings: HarnessConfig;
  /** `settings` plus the target's measured latency, which every time limit scales with. */
  config: RunConfig;
  contract: Contract;
  target: Target;
  /** This worker's share of the rate and concurrency limits; undefined when unpaced (loopback). */
  pacer: Pacer | undefined;
  /** A keep-alive undici transport shared by the worker's high-volume tests. */
  fastTransport: HttpTransport;
}

export interface TestFixtures {
  /** Automatic: scales the test's time limit with the target's latency, the request timeout and pacing. */
  timeLimit: void;
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
   * As `api` and `secondaryApi`, over the worker's connection pool (kept across tests) rather than
   * the test's own: for property tests that send thousands of requests. Same checks, same retry
   * policy and pacing.
   */
  fastApi: CheckedClient;
  fastSecondaryApi: CheckedClient | undefined;
}

export { credentialsOf } from './credentials.ts';

/**
 * The options of the test-scoped fixtures that only assemble what a test uses (clients, the recorder,
 * the participant): boxed as 'self', so their set-up is no step of its own. Each step has its stack
 * captured and source-mapped and is reported to the runner as it begins and ends: about fifteen a
 * test, two thousand a run, most of Playwright's own CPU in an API worker. An error inside one still
 * fails the test with its message and stack.
 */
export const BOXED = { box: 'self' } as const;

/** The primary participant's client on the run's target (on the simulator's clock in mock mode), over `transport`. */
function primaryClient(config: HarnessConfig, contract: Contract, target: Target, transport: HttpTransport): SessionClient {
  return new SessionClient({
    baseUrl: target.baseUrl,
    credentials: credentialsOf(config.primary),
    scheme: contract.hmac,
    transport,
    timeoutMs: config.requestTimeoutMs,
    ...(target.simulator && { now: () => target.simulator!.clock.now() }),
  });
}

const fixtures: Fixtures<TestFixtures, WorkerFixtures> = {
  settings: [async ({}, use) => use(loadConfig()), { scope: 'worker' }],
  contract: [async ({}, use) => use(loadContract()), { scope: 'worker' }],
  target: [
    async ({ settings: config }, use) => {
      if (config.target === 'remote') {
        await use({ mode: 'remote', baseUrl: config.baseUrl! });
        return;
      }
      const simulator = await startConfiguredSimulator(config);
      await use({ mode: 'mock', baseUrl: simulator.url, simulator });
      await simulator.close();
    },
    { scope: 'worker' },
  ],
  pacer: [
    async ({ settings: config }, use, workerInfo) => {
      if (!config.capConcurrency) return use(undefined);
      const workers = Math.max(1, workerInfo.config.workers);
      await use(new Pacer({ ...(config.maxRps !== undefined && { maxRps: config.maxRps / workers }), concurrency: Math.max(1, Math.floor(config.concurrency / workers)) }));
    },
    { scope: 'worker' },
  ],
  config: [
    async ({ settings, contract, target, pacer }, use) => {
      const targetLatency = await measureTargetLatency({ config: settings, contract, target, pacer });
      await use({ ...settings, targetLatency });
    },
    { scope: 'worker' },
  ],
  timeLimit: [
    async ({ config }, use, testInfo) => {
      // A test that sets its own limit (a property, the expiry wait) scales it itself.
      testInfo.setTimeout(timeLimitMs(config, testInfo.timeout, undefined, testInfo.config.workers));
      const slow = config.targetLatency && perRequestMs({ targetLatency: config.targetLatency }) >= 50;
      if (slow) {
        testInfo.annotations.push({
          type: 'time-limit',
          description: `the target answers in about ${Math.round(config.targetLatency!.medianMs)} ms (median of ${config.targetLatency!.samples} probes, slowest ${Math.round(config.targetLatency!.maxMs)} ms): time limits scaled to ${Math.round(testInfo.timeout / 1000)} s`,
        });
      }
      await use();
    },
    { auto: true, ...BOXED },
  ],
  fastTransport: [
    async ({ config }, use) => {
      const transport = undiciTransport({ connections: config.concurrency });
      await use(transport);
      await transport.close();
    },
    { scope: 'worker' },
  ],
  wrapTransport: [
    async ({ pacer }, use) => {
      await use((inner) => retryingTransport(pacer ? pacedTransport(inner, pacer) : inner));
    },
    BOXED,
  ],
  client: [
    async ({ config, contract, target, wrapTransport }, use) => {
      // A pool of its own per test (closed with it), large enough that a burst of concurrent requests
      // is really in flight together.
      const transport = undiciTransport({ connections: Math.max(64, config.concurrency) });
      await use(primaryClient(config, contract, target, wrapTransport(transport)));
      await transport.close();
    },
    BOXED,
  ],
  secondaryClient: [
    async ({ config, client }, use) => {
      await use(config.secondary ? client.withCredentials(credentialsOf(config.secondary)) : undefined);
    },
    BOXED,
  ],
  secrets: [
    async ({ config }, use) => {
      await use([config.primary.secret, ...(config.secondary ? [config.secondary.secret] : [])]);
    },
    BOXED,
  ],
  isolatedSimulator: async ({ config, contract }, use, testInfo) => {
    testInfo.skip(config.target === 'remote', 'not checked: needs the simulator\'s virtual clock (mock mode only)');
    const isolated = await startIsolatedSimulator(config, contract);
    const { simulator, client } = isolated;
    const secondaryClient = config.secondary ? client.withCredentials(credentialsOf(config.secondary)) : undefined;
    await use({ simulator, client, secondaryClient });
    await isolated.close();
  },
  recorder: [
    async ({ secrets }, use, testInfo) => {
      const recorder = new ExchangeRecorder(testInfo, secrets);
      await use(recorder);
      await recorder.flush();
    },
    BOXED,
  ],
  participant: [
    async ({ config, target }, use) => {
      await use(participantProfile(config, 'primary', target.mode));
    },
    BOXED,
  ],
  secondaryParticipant: [
    async ({ config, target }, use) => {
      await use(config.secondary ? participantProfile(config, 'secondary', target.mode) : undefined);
    },
    BOXED,
  ],
  api: [
    async ({ client, contract, recorder, secrets, participant }, use) => {
      await use(new CheckedClient(client, { contract, recorder, secrets, participant }));
    },
    BOXED,
  ],
  secondaryApi: [
    async ({ secondaryClient, contract, recorder, secrets, secondaryParticipant }, use) => {
      await use(secondaryClient && secondaryParticipant ? new CheckedClient(secondaryClient, { contract, recorder, secrets, participant: secondaryParticipant }) : undefined);
    },
    BOXED,
  ],
  fastApi: [
    async ({ config, contract, target, fastTransport, wrapTransport, recorder, secrets, participant }, use) => {
      const client = primaryClient(config, contract, target, wrapTransport(fastTransport));
      await use(new CheckedClient(client, { contract, recorder, secrets, participant }));
    },
    BOXED,
  ],
  fastSecondaryApi: [
    async ({ config, fastApi, secondaryParticipant }, use) => {
      await use(config.secondary && secondaryParticipant ? fastApi.around(fastApi.raw.withCredentials(credentialsOf(config.secondary)), secondaryParticipant) : undefined);
    },
    BOXED,
  ],
};

/**
 * The API checks' test: the harness's fixtures on Playwright's bare test, without its browser
 * fixtures. Those are set up for every test that runs on the full one, page or not (the "context
 * configuration" fixture alone pulls in about 30 option fixtures, each a step with a source-mapped
 * stack trace): about 60 stack captures a test, 12 % of an API worker's CPU for nothing it uses.
 */
export const test = _baseTest.extend<TestFixtures, WorkerFixtures>(fixtures);

/** The same fixtures on Playwright's full test, for the browser checks (src/browser/fixtures.ts). */
export const browserTest = browserBase.extend<TestFixtures, WorkerFixtures>(fixtures);

export { expect };
