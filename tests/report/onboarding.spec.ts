// The onboarding profile end to end against a simulator started as `npm run mock` would be, reached
// in remote mode (real time, no admin endpoint): every item ✔ in under 60 s, expiry wait included.
import { expect, test } from '@playwright/test';
import { DEMO_PARTICIPANTS } from '../../src/config/index.ts';
import { startSimulator, type RunningSimulator } from '../../src/mock/index.ts';
import { secretForms } from '../../src/report/secret-forms.ts';
import { tsx } from './support/spawn.ts';

let simulator: RunningSimulator;
test.beforeAll(async () => {
  simulator = await startSimulator({ participants: [...DEMO_PARTICIPANTS], virtualClock: false });
});
test.afterAll(async () => simulator?.close());

const remote = (secret: string) => ({
  INGO_TARGET: 'remote',
  INGO_BASE_URL: simulator.url,
  INGO_HMAC_USERNAME: 'demo-paypal',
  INGO_HMAC_SECRET: secret,
  INGO_HOST_URI: 'https://digitalpay.ingo.money',
  INGO_PAYPAL_ENABLED: 'true',
});

// How long onboarding takes is a figure (the run prints it; the annotation keeps it), not an assertion:
// a busy machine must not turn a timing into a failure.
test('fresh, correct credentials: the nine items pass, the expiry wait included, and the run says how long it took', async () => {
  test.setTimeout(300_000);
  const started = Date.now();
  const run = await tsx('src/cli/conformance.ts', ['--profile', 'onboarding'], remote('demo-paypal-secret-not-for-production'), 280_000);
  const seconds = (Date.now() - started) / 1000;
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const items = run.stdout.split('\n').filter((l) => /^[✔✘–] /.test(l));
  expect(items.map((l) => l.split(':')[0])).toEqual([
    '✔ Clock offset to the server',
    '✔ Credentials accepted',
    '✔ host_uri white-listed',
    '✔ Authorized URL loads',
    expect.stringMatching(/^✔ (PayPal email rule as configured|Framed on your host)$/),
    expect.stringMatching(/^✔ (PayPal email rule as configured|Framed on your host)$/),
    '✔ Authorized URL expires',
    '✔ Idempotent recovery works',
    '✔ Answers match the document',
  ]);
  expect(run.stdout).toMatch(/9 of 9 passed in \d+\.\d s\./);
  test.info().annotations.push({ type: 'timing', description: `onboarding wall time ${seconds.toFixed(1)} s` });
});

test('a wrong secret: ✘ with the diagnosis, the other items skipped, exit 1, the secret never printed', async () => {
  const wrong = 'copied-the-wrong-secret-42';
  const run = await tsx('src/cli/conformance.ts', ['--profile', 'onboarding'], remote(wrong), 40_000);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('✘ Credentials accepted: the server refused our signature with 401');
  expect(run.stdout).toContain('none of the known mistakes got the request accepted');
  expect(run.stdout).toContain('– Authorized URL loads: needs a session, see above');
  for (const form of secretForms(wrong)) expect(run.stdout + run.stderr).not.toContain(form);
});
