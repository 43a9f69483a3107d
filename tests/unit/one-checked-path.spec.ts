// Every exchange with the target takes the one checked path (src/checks' always-on checks): the
// browser suite's and onboarding's create-session answers too, not only the API suite's. A simulator
// fault in the response shape must fail the browser suite's session creation and the onboarding
// checklist, on the rule the fault breaks. Driven through the functions those consumers use (no
// nested Playwright run, no browser): the browser suite's createSession over the checked client its
// `sender` fixture is, and onboarding's first-session step over its target.
import { expect, test } from '@playwright/test';
import { createSession } from '../../src/browser/sessions.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { SessionClient } from '../../src/client/session-client.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { firstSession } from '../../src/cli/onboarding/index.ts';
import { Checklist } from '../../src/cli/onboarding/checklist.ts';
import { openTarget } from '../../src/cli/onboarding/target.ts';
import { loadConfig } from '../../src/config/index.ts';
import { loadContract } from '../../src/contract/index.ts';
import { CheckedClient, ContractCheckError } from '../../src/harness/checked-client.ts';
import { credentialsOf } from '../../src/harness/credentials.ts';
import { participantProfile, simulatorParticipants } from '../../src/harness/participants.ts';
import { ExchangeRecorder } from '../../src/harness/recorder.ts';
import { startSimulator } from '../../src/mock/index.ts';
import { FAULT_MODES } from '../../src/mock/faults/index.ts';

const contract = loadContract();

/**
 * Response-shape faults: `text-plain-content-type` leaves every field in place (only the JSON content
 * type check sees it, and the browser suite and onboarding once read past it); `status-as-string`
 * is caught by the schema check.
 */
const FAULTS = ['text-plain-content-type', 'status-as-string'] as const;
const rulesOf = (fault: string) => FAULT_MODES.find((m) => m.name === fault)!.requirementIds;

for (const fault of [undefined, ...FAULTS]) {
  const name = fault ?? 'no fault';
  test(`browser suite: a session is created through the always-on checks (${name})`, async ({}, testInfo) => {
    const config = loadConfig({ INGO_MOCK_FAULTS: fault ?? '' });
    const simulator = await startSimulator({ participants: simulatorParticipants(config), faults: [...config.mockFaults] });
    const transport = undiciTransport({ connections: 2 });
    try {
      const raw = new SessionClient({ baseUrl: simulator.url, credentials: credentialsOf(config.primary), scheme: contract.hmac, transport });
      const sender = new CheckedClient(raw, { contract, recorder: new ExchangeRecorder(testInfo, [config.primary.secret]), secrets: [config.primary.secret], participant: participantProfile(config, 'primary', 'mock') });
      const outcome = await createSession(sender, 'create session', validSessionBody(contract, { hostUri: config.primary.hostUri, idPrefix: 'browser' })).catch((error: unknown) => error);
      if (fault === undefined) {
        expect(outcome).toMatchObject({ data: { authorized_url: expect.any(String) } });
      } else {
        expect(outcome).toBeInstanceOf(ContractCheckError);
        expect((outcome as ContractCheckError).requirementIds).toEqual(expect.arrayContaining(rulesOf(fault)));
      }
    } finally {
      await transport.close();
      await simulator.close();
    }
  });

  test(`onboarding: the first session's answers take the always-on checks (${name})`, async () => {
    const config = loadConfig({ INGO_MOCK_FAULTS: fault ?? '' });
    const target = await openTarget(config, contract);
    const list = new Checklist(() => undefined);
    try {
      await firstSession(config, contract, target, list);
    } finally {
      await target.close();
    }
    target.answers.decide(list);
    const answers = list.all().find((item) => item.key === 'answers')!;
    if (fault === undefined) {
      expect(answers.state, answers.why).toBe('pass');
    } else {
      expect(answers.state).toBe('fail');
      for (const id of rulesOf(fault)) expect(answers.why).toContain(id);
    }
  });
}
