import { inspect } from 'node:util';
import { expect, test } from '@playwright/test';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/index.ts';

const remote = {
  INGO_TARGET: 'remote',
  INGO_BASE_URL: 'https://iip-session-management-uat.ingo.money',
  INGO_HMAC_USERNAME: 'acme',
  INGO_HMAC_SECRET: 's3cr3t-canary-value',
  INGO_HOST_URI: 'https://pay.acme.example',
};

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('mock mode needs nothing: demo participants, defaults from the contract', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ target: 'mock', profile: 'default' });
  expect(config.primary).toMatchObject({ username: 'demo-paypal', paypalEnabled: true, hostUri: 'https://digitalpay.ingo.money' });
  expect(config.secondary).toMatchObject({ username: 'demo-standard', paypalEnabled: false });
  expect(config.maxRps).toBeUndefined();
});

test('a user\'s own credentials flow through in mock mode', () => {
  const config = loadConfig({ INGO_HMAC_USERNAME: 'mine', INGO_HMAC_SECRET: 'x', INGO_HOST_URI: 'https://mine.example' });
  expect(config.primary).toMatchObject({ username: 'mine', hostUri: 'https://mine.example' });
  expect(config.primary.secret).toBe('x');
});

test('mock mode: the embedded simulator plays the default personality unless INGO_MOCK_PERSONALITY names another', () => {
  expect(loadConfig({}).mockPersonality).toBe('default');
  expect(loadConfig({ INGO_MOCK_PERSONALITY: 'slow-cloud' }).mockPersonality).toBe('slow-cloud');
});

test('remote mode: a full configuration loads, paced by default', () => {
  const config = loadConfig(remote);
  expect(config).toMatchObject({ target: 'remote', baseUrl: 'https://iip-session-management-uat.ingo.money', maxRps: 5, concurrency: 4 });
  expect(config.secondary).toBeUndefined();
});

const bad: Array<[string, Record<string, string>, RegExp]> = [
  ['missing secret in remote mode', { ...remote, INGO_HMAC_SECRET: '' }, /^INGO_HMAC_SECRET: is required/],
  ['missing base URL in remote mode', { ...remote, INGO_BASE_URL: '' }, /^INGO_BASE_URL: is required/],
  ['malformed URL', { ...remote, INGO_BASE_URL: 'not a url' }, /^INGO_BASE_URL: is not a valid URL/],
  ['http:// for a non-loopback host', { ...remote, INGO_BASE_URL: 'http://uat.example.com' }, /^INGO_BASE_URL: must use https:\/\//],
  ['host URI with a path', { ...remote, INGO_HOST_URI: 'https://pay.acme.example/checkout' }, /^INGO_HOST_URI: must be an origin/],
  ['unknown target', { INGO_TARGET: 'staging' }, /^INGO_TARGET: must be one of mock, remote/],
  ['unknown profile', { INGO_PROFILE: 'weekly' }, /^INGO_PROFILE: must be one of/],
  ['bad boolean', { INGO_PAYPAL_ENABLED: 'maybe' }, /^INGO_PAYPAL_ENABLED: must be true or false/],
  ['bad seed', { INGO_SEED: 'abc' }, /^INGO_SEED: must be a 32-bit whole number/],
  ['a URL lifetime other than the document\'s', { INGO_URL_TTL_SECONDS: '60' }, /^INGO_URL_TTL_SECONDS: is no longer a setting: the harness checks the document's authorized URL lifetime \(30 s\); remove it \(got "60"\)$/],
  ['a key lifetime other than the document\'s', { INGO_IDEMPOTENCY_TTL_SECONDS: '60' }, /^INGO_IDEMPOTENCY_TTL_SECONDS: is no longer a setting: the harness checks the document's idempotency key lifetime \(7200 s\)/],
  ['bad algorithm', { INGO_HMAC_ALGORITHM: 'hmac-md5' }, /^INGO_HMAC_ALGORITHM: must be one of/],
  ['half a secondary participant', { ...remote, INGO_SECONDARY_HMAC_USERNAME: 'b' }, /^INGO_SECONDARY_HMAC_SECRET: is required when any INGO_SECONDARY_/],
  ['an unknown simulator personality', { INGO_MOCK_PERSONALITY: 'grumpy' }, /^INGO_MOCK_PERSONALITY: must be one of default, strict-gateway/],
  ['a simulator personality in remote mode', { ...remote, INGO_MOCK_PERSONALITY: 'legacy-200' }, /^INGO_MOCK_PERSONALITY: only applies when INGO_TARGET=mock/],
];

for (const [name, env, pattern] of bad) {
  test(`bad configuration fails with one line naming the variable: ${name}`, () => {
    const message = errorOf(env);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('s3cr3t-canary-value');
  });
}

test('http:// is fine for a loopback target, and then unpaced', () => {
  const config = loadConfig({ ...remote, INGO_BASE_URL: 'http://127.0.0.1:4010' });
  expect(config.maxRps).toBeUndefined();
});

test('the secret never shows in JSON, inspect output or the printable description', () => {
  const config = loadConfig(remote);
  for (const text of [JSON.stringify(config), inspect(config, { depth: 10 }), JSON.stringify(describeConfig(config)), String(config.primary)]) {
    expect(text).not.toContain('s3cr3t-canary-value');
  }
  expect(config.primary.secret).toBe('s3cr3t-canary-value');
});
