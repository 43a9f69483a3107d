// host_uri white-listing (document: "Must be explicitly white-listed ... will receive Unauthorized if
// non-white listed uri specified"; "If not specified, will default to the 1st configured ... host").
// A white-listed origin matches exactly: look-alikes are refused with 401.
import { foreignHostUri, propertyParameters } from '../../generators/index.ts';
import { expectClientError, expectCreated, expectUnauthorized } from '../../src/checks/index.ts';
import { validBody } from '../../src/harness/bodies.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import { propertyRuns, propertyTimeoutMs } from '../../src/harness/profile.ts';
import { assertProperty } from '../../src/harness/property.ts';
import { notChecked } from '../../src/report/annotations.ts';

/** Origins that look like the white-listed one but are not it. */
function lookAlikes(origin: string): Array<[string, string]> {
  const url = new URL(origin);
  const other = url.protocol === 'https:' ? 'http:' : 'https:';
  const port = url.port === '8443' ? '9443' : '8443';
  return [
    ['the white-listed host as a prefix of another host', `${url.protocol}//${url.host}.attacker.test`],
    ['the white-listed host glued to a longer name', `${url.protocol}//${url.host}evil.test`],
    ['a subdomain of the white-listed host', `${url.protocol}//evil.${url.host}`],
    ['another host ending in the white-listed name', `${url.protocol}//attacker-${url.host}`],
    ['another scheme', `${other}//${url.host}`],
    ['another port', `${url.protocol}//${url.hostname}:${port}`],
    ['a trailing path', `${url.protocol}//${url.host}/attacker`],
    ['a query string', `${url.protocol}//${url.host}?from=attacker`],
    ['userinfo naming the white-listed host', `${url.protocol}//${url.host}@attacker.test`],
  ];
}

test.describe('host_uri white-listing', () => {
  test('the white-listed host_uri is accepted', { tag: ['@SM-HOST-WHITELIST'] }, async ({ api, contract, config }) => {
    const body = validBody(contract, api.participant, { top: { host_uri: config.primary.hostUri } });
    await api.send(`white-listed host_uri ${config.primary.hostUri}`, body, { expect: expectCreated(['SM-HOST-WHITELIST']) });
  });

  test('an absent host_uri is accepted (the first configured host is used)', { tag: ['@SM-HOST-DEFAULT'] }, async ({ api, contract }) => {
    const body = validBody(contract, api.participant);
    delete (body as Record<string, unknown>)['host_uri'];
    await api.send('no host_uri', body, { expect: expectCreated(['SM-HOST-DEFAULT']) });
  });

  test('a host_uri that is not white-listed → 401', { tag: ['@SM-HOST-WHITELIST'] }, async ({ api, contract }) => {
    for (const host of ['https://attacker.test', 'https://www.example.com']) {
      if (api.participant.host_uris.includes(host)) continue;
      await api.send(`non-white-listed host_uri ${host}`, validBody(contract, api.participant, { top: { host_uri: host } }), {
        expect: expectUnauthorized(['SM-HOST-WHITELIST']),
      });
    }
  });

  test.describe('look-alike origins → 401', () => {
    for (const [what, index] of lookAlikes('https://digitalpay.ingo.money').map(([w], i) => [w, i] as const)) {
      test(`look-alike: ${what} → 401`, { tag: ['@SM-HOST-WHITELIST'] }, async ({ api, contract, config }) => {
        const [, host] = lookAlikes(config.primary.hostUri)[index]!;
        expect(host.length).toBeLessThanOrEqual(contract.field('host_uri').maxLength!);
        test.skip(api.participant.host_uris.includes(host), `not checked: ${host} is itself white-listed for this participant`);
        await api.send(`look-alike host_uri (${what}): ${host}`, validBody(contract, api.participant, { top: { host_uri: host } }), {
          expect: expectUnauthorized(['SM-HOST-WHITELIST'], `401 for ${what}`),
        });
      });
    }
  });

  test("another participant's white-listed host → 401", { tag: ['@SM-HOST-WHITELIST'] }, async ({ api, contract, config }, testInfo) => {
    const foreign = config.secondary?.hostUri;
    if (!foreign) notChecked(testInfo, 'no secondary participant configured (INGO_SECONDARY_*)');
    if (api.participant.host_uris.includes(foreign)) notChecked(testInfo, `${foreign} is white-listed for both participants`);
    await api.send(`the secondary participant's host ${foreign} used by the primary`, validBody(contract, api.participant, { top: { host_uri: foreign } }), {
      expect: expectUnauthorized(['SM-HOST-WHITELIST']),
    });
  });

  test('generated look-alike host_uri values → 401', { tag: ['@SM-HOST-WHITELIST'] }, async ({ fastApi, contract, config }, testInfo) => {
    const runs = propertyRuns(config, 'foreignHost');
    test.setTimeout(propertyTimeoutMs(config, runs, testInfo.config.workers, 1));
    const checked = fastApi.withEvidence('failures');
    const parameters = propertyParameters(runs);
    testInfo.annotations.push({ type: 'property', description: `foreignHost: ${runs} generated cases, seed ${String(parameters.seed)}` });
    await assertProperty(
      foreignHostUri(contract, checked.participant),
      async (c) => {
        // Over the length limit too, which refusal comes first (401 or 13400) is not documented: any 4xx.
        const check = c.expect === 'unauthorized' ? expectUnauthorized(c.requirementIds, `401 for ${c.description}`) : expectClientError(c.requirementIds, `a refusal of ${c.description}`);
        await checked.send(c.description, c.body, { expect: check });
      },
      parameters,
    );
  });
});
