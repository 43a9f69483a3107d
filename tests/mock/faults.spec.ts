// Fault modes: each one must break exactly what it says. Every fault has a probe that returns true
// when the contract holds; the probe must hold on a clean simulator and fail under the fault, under
// every personality (the probes judge only documented rules, like the harness).
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sign } from '../../src/client/signer.ts';
import { TransportError } from '../../src/client/transport.ts';
import { deleteIn, SESSION_PATH, setIn } from '../../src/contract/index.ts';
import { FAULT_MODES, faultModesFor, PERSONALITIES } from '../../src/mock/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, DEMO_PRIMARY, DEMO_SECONDARY, valueOfLength, withHarness, type Harness } from './support.ts';
import { apiStatus, data, is13400, is2xx, is401, isCreated as is100 } from './answers.ts';
import { getPage, pageLoads, pageRefused, withForgedMac } from './pages.ts';

type Probe = (h: Harness) => Promise<boolean>;

/** A zone designator: Z or an offset. */
const ZONED = /(Z|[+-]\d\d:\d\d)$/;
const skew = contract.hmac.clockSkewSeconds;
const urlTtl = contract.urlTtlSeconds;
const keyTtl = contract.idempotencyKey.ttlSeconds;
const host = DEMO_PRIMARY.host_uris[0]!;

const send = (h: Harness, body: unknown, options = {}) => create(h.client, body, options);
const sendBody = (h: Harness, change: (b: Record<string, any>) => void, options = {}) => {
  const b = validSessionBody(contract);
  change(b);
  return send(h, b, options);
};
const hostProbe = (value: string): Probe => async (h) => is401(await send(h, { ...validSessionBody(contract), host_uri: value }));
const replay = async (h: Harness, between?: () => void) => {
  const key = randomUUID();
  const body = validSessionBody(contract);
  const first = await send(h, body, { idempotencyKey: key });
  between?.();
  return { first, again: await send(h, body, { idempotencyKey: key }), key, body };
};
const frameAncestorsIsHost: Probe = async (h) => {
  const page = await getPage(data(await send(h, validSessionBody(contract))).authorized_url);
  return pageLoads(page, h.expiredText) && (page.headers.get('content-security-policy') ?? '').includes(`frame-ancestors ${host}`);
};

const FIXED: Record<string, Probe> = {
  'accept-any-state': async (h) => is13400(await sendBody(h, (b) => (b['recipient_information'].state = 'XX'))),
  'accept-bad-zip': async (h) => is13400(await sendBody(h, (b) => (b['recipient_information'].zip_code = 'abcde'))),
  'accept-zip-plus4-bad': async (h) => is13400(await sendBody(h, (b) => (b['recipient_information'].zip_code = '30313-12'))),
  'accept-phone-dashes': async (h) => is13400(await sendBody(h, (b) => (b['recipient_information'].phone_number = '123-123-1234'))),
  'ignore-paypal-email': async (h) => is13400(await sendBody(h, (b) => delete b['recipient_information'].email_address)),
  'require-email-always': async (h) => {
    const b = validSessionBody(contract, { hostUri: null });
    delete b['recipient_information'].email_address;
    return is100(await create(h.secondary, b));
  },
  'accept-wrong-types': async (h) => is13400(await sendBody(h, (b) => (b['recipient_information'].zip_code = 30313))),
  'reject-empty-optional': async (h) => is100(await send(h, contract.exampleRequest())),
  'error-shape-wrong': async (h) => {
    const r = await sendBody(h, (b) => delete b['participant_unique_id1']);
    return contract.validateResponse(r.status, r.json).valid;
  },
  'status-as-string': async (h) => {
    const r = await send(h, contract.exampleRequest());
    return is2xx(r) && contract.validateResponse(r.status, r.json).valid;
  },
  'missing-session-identifier': async (h) => {
    const r = await send(h, contract.exampleRequest());
    return is2xx(r) && contract.validateResponse(r.status, r.json).valid;
  },
  'expiry-60s': async (h) => {
    const r = await send(h, validSessionBody(contract));
    return Math.abs(Date.parse(data(r).authorized_url_expiration_utc) - (r.sentAt.getTime() + urlTtl * 1000)) < 2_000;
  },
  'expiration-not-utc': async (h) => {
    const r = await send(h, validSessionBody(contract));
    return ZONED.test(String(data(r).authorized_url_expiration_utc)) && contract.validateResponse(r.status, r.json).valid;
  },
  'text-plain-content-type': async (h) => (await send(h, validSessionBody(contract))).headers['content-type']!.startsWith('application/json'),
  'crash-on-malformed-json': async (h) => (await send(h, undefined, { rawBody: Buffer.from('{"a":') })).status < 500,
  '5xx-on-control-chars': async (h) => (await sendBody(h, (b) => (b['recipient_information'].first_name = 'Ja\u0001ck'))).status < 500,
  // Over the limit: a 413, or the connection cut (an early size refusal); a hang is the fault.
  'hang-on-huge-body': async (h) => {
    try {
      return (await send(h, undefined, { rawBody: Buffer.alloc(h.sim.maxBodyBytes + 1, 0x20), timeoutMs: 1_500 })).status === 413;
    } catch (error) {
      if (error instanceof TransportError) return error.failure !== 'timeout';
      throw error;
    }
  },
  'ignore-idempotency': async (h) => apiStatus((await replay(h)).again) === 101,
  'idempotent-new-session': async (h) => {
    const { first, again } = await replay(h);
    return data(again).session_identifier === data(first).session_identifier;
  },
  'idempotent-same-url': async (h) => {
    const { first, again } = await replay(h, () => h.sim.clock.advance(2));
    return data(again).authorized_url !== data(first).authorized_url && Date.parse(data(again).authorized_url_expiration_utc) > Date.parse(data(first).authorized_url_expiration_utc);
  },
  'idempotent-status-100': async (h) => apiStatus((await replay(h)).again) === 101,
  'mismatch-accepted': async (h) => {
    const key = randomUUID();
    await send(h, validSessionBody(contract), { idempotencyKey: key });
    return apiStatus(await send(h, validSessionBody(contract), { idempotencyKey: key })) === 13723;
  },
  'mismatch-as-validation-error': async (h) => {
    const key = randomUUID();
    await send(h, validSessionBody(contract), { idempotencyKey: key });
    return apiStatus(await send(h, validSessionBody(contract), { idempotencyKey: key })) === 13723;
  },
  'store-failed-keys': async (h) => {
    const key = randomUUID();
    await sendBody(h, (b) => delete b['participant_unique_id1'], { idempotencyKey: key });
    return is100(await send(h, validSessionBody(contract), { idempotencyKey: key }));
  },
  'accept-overlong-key': async (h) => is13400(await send(h, validSessionBody(contract), { idempotencyKey: 'k'.repeat(contract.idempotencyKey.maxLength + 1) })),
  'reject-at-max-key': async (h) => is100(await send(h, validSessionBody(contract), { idempotencyKey: 'k'.repeat(contract.idempotencyKey.maxLength) })),
  'race-duplicate-sessions': async (h) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const all = await Promise.all(Array.from({ length: 8 }, () => send(h, body, { idempotencyKey: key })));
    // Duplicates may be refused while the first is in flight (a 4xx); no more than one session either way.
    const answered = all.filter(is2xx);
    return all.every((r) => is2xx(r) || (r.status >= 400 && r.status < 500)) && new Set(answered.map((r) => data(r).session_identifier)).size === 1;
  },
  'global-key-scope': async (h) => {
    const key = randomUUID();
    const body = validSessionBody(contract, { hostUri: null });
    const a = await send(h, body, { idempotencyKey: key });
    const b = await create(h.secondary, body, { idempotencyKey: key });
    return is100(b) && data(a).session_identifier !== data(b).session_identifier;
  },
  'key-ttl-short': async (h) => apiStatus((await replay(h, () => h.sim.clock.advance(keyTtl - 60))).again) === 101,
  'key-never-expires': async (h) => is100((await replay(h, () => h.sim.clock.advance(keyTtl + 1))).again),
  'accept-missing-authorization': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { omitHeaders: ['authorization'] } })),
  'skip-signature': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { secret: 'wrong' } })),
  'accept-unknown-user': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { username: 'nobody' } })),
  'ignore-skew-future': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { skewSeconds: skew + 60 } })),
  'ignore-skew-past': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { skewSeconds: -(skew + 60) } })),
  'skew-too-strict': async (h) =>
    is100(await send(h, validSessionBody(contract), { tweak: { skewSeconds: skew - 60 } })) && is100(await send(h, validSessionBody(contract), { tweak: { skewSeconds: -(skew - 60) } })),
  'accept-hex-digest': async (h) => is401(await send(h, validSessionBody(contract), { tweak: { digestEncoding: 'hex' } })),
  'ignore-digest': async (h) => is401(await send(h, validSessionBody(contract), { bodyAfterSigning: Buffer.from(JSON.stringify(validSessionBody(contract))) })),
  'accept-partial-header-list': async (h) =>
    is401(await send(h, validSessionBody(contract), { tweak: { signedHeaders: contract.hmac.signedHeaders.filter((n) => n !== 'content-length') } })),
  'reject-sha256': async (h) => is100(await h.client.withCredentials({ ...h.client.credentials, algorithm: 'hmac-sha256' }).createSession(validSessionBody(contract))),
  'leak-signature-in-401': async (h) => {
    const body = validSessionBody(contract);
    const r = await send(h, body, { tweak: { secret: 'wrong' } });
    const correct = sign(contract.hmac, h.client.credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', date: r.sentAt });
    return r.status === 401 && !r.rawBody.includes(correct.signature);
  },
  'host-prefix-match': hostProbe(`${host}.evil.test`),
  'host-any-scheme': hostProbe(host.replace(/^https:/, 'http:')),
  'host-ignore-whitelist': hostProbe('https://evil.test'),
  'host-other-participant': hostProbe(DEMO_SECONDARY.host_uris[0]!),
  'reject-absent-host': async (h) => is100(await sendBody(h, (b) => delete b['host_uri'])),
  'never-expire-urls': async (h) => {
    const url = data(await send(h, validSessionBody(contract))).authorized_url;
    h.sim.clock.advance(urlTtl + 1);
    return pageRefused(await getPage(url), h.expiredText);
  },
  'url-refused-immediately': async (h) => pageLoads(await getPage(data(await send(h, validSessionBody(contract))).authorized_url), h.expiredText),
  'expired-session-not-recoverable': async (h) => {
    const { again } = await replay(h, () => h.sim.clock.advance(urlTtl + 1));
    return apiStatus(again) === 101 && pageLoads(await getPage(data(again).authorized_url), h.expiredText);
  },
  'accept-tampered-token': async (h) => {
    const url = data(await send(h, validSessionBody(contract))).authorized_url as string;
    return [403, 404].includes((await getPage(withForgedMac(url))).status);
  },
  'token-not-bound-to-session': async (h) => {
    const a = data(await send(h, validSessionBody(contract)));
    const b = data(await send(h, validSessionBody(contract)));
    return [403, 404].includes((await getPage(b.authorized_url.replace(b.session_identifier, a.session_identifier))).status);
  },
  'frame-anywhere': frameAncestorsIsHost,
  'frame-nowhere': frameAncestorsIsHost,
  'unescaped-first-name': async (h) => {
    const url = data(await sendBody(h, (b) => (b['recipient_information'].first_name = '<b id="x">Jack</b>'))).authorized_url;
    const page = await getPage(url);
    return pageLoads(page, h.expiredText) && !page.text.includes('<b id="x">');
  },
};

function probeFor(name: string): Probe | undefined {
  for (const field of contract.fields) {
    const slug = field.name.replace(/_/g, '-');
    const max = field.maxLength ?? 0;
    if (name === `accept-overlong-${slug}`) {
      const value = field.whiteListed ? `https://${'a'.repeat(max + 1 - 8)}` : valueOfLength(field, max + 1);
      // An over-long host is refused either way: 13400, or 401 where the white-list is checked first.
      return async (h) => {
        const r = await send(h, setIn(validSessionBody(contract), field.path, value));
        return is13400(r) || (field.whiteListed !== undefined && is401(r));
      };
    }
    if (name === `reject-at-max-${slug}`) return async (h) => is100(await send(h, setIn(validSessionBody(contract), field.path, valueOfLength(field, max))));
    if (name === `skip-required-${slug}`) return async (h) => is13400(await send(h, deleteIn(validSessionBody(contract), field.path)));
  }
  return FIXED[name];
}

test.describe('the fault catalogue', () => {
  test('at least 40 uniquely named faults, each described and tied to rule requirement ids', () => {
    expect(FAULT_MODES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(FAULT_MODES.map((f) => f.name)).size).toBe(FAULT_MODES.length);
    const rules = new Set(contract.requirements.filter((r) => r.kind === 'rule').map((r) => r.id));
    for (const f of FAULT_MODES) {
      expect(f.name, f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.description.length, f.name).toBeGreaterThan(10);
      expect(f.requirementIds.length, f.name).toBeGreaterThan(0);
      for (const id of f.requirementIds) expect(rules.has(id), `${f.name}: ${id}`).toBe(true);
    }
  });

  test('together the faults cover every rule requirement id of the contract', () => {
    const covered = new Set(FAULT_MODES.flatMap((f) => f.requirementIds));
    const missing = contract.requirements.filter((r) => r.kind === 'rule' && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test('every fault has a probe here', () => {
    expect(FAULT_MODES.filter((f) => !probeFor(f.name)).map((f) => f.name)).toEqual([]);
  });

  test('field faults follow the contract: a new limited field gets its own faults', () => {
    const nickname = {
      ...contract.field('recipient_information.first_name'),
      name: 'nickname',
      key: 'recipient_information.nickname',
      path: ['recipient_information', 'nickname'],
      required: false,
      maxLength: 20,
      requirementIds: ['SM-VAL-MAXLEN-NICKNAME'],
      requirement: { maxLength: 'SM-VAL-MAXLEN-NICKNAME' },
    };
    const names = faultModesFor({ fields: [...contract.fields, nickname] } as unknown as typeof contract).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['accept-overlong-nickname', 'reject-at-max-nickname']));
    expect(names).not.toContain('skip-required-nickname');
  });
});

test.describe('each fault breaks what it says, and only under the fault', () => {
  for (const fault of FAULT_MODES) {
    test(`${fault.name} (${fault.requirementIds.join(', ')})`, async () => {
      const probe = probeFor(fault.name);
      expect(probe, 'probe').toBeDefined();
      expect(await withHarness({}, probe!), 'the clean simulator keeps the contract').toBe(true);
      expect(await withHarness({ faults: [fault.name] }, probe!), `under ${fault.name} the contract is broken`).toBe(false);
    });
  }
});

// Latency is switched off here: it changes no rule, and 84 faults × 2 runs at 150–400 ms per answer
// would only add minutes (the personality smoke tests run slow-cloud with its latency).
for (const personality of PERSONALITIES.filter((p) => p.name !== 'default')) {
  test.describe(`under the ${personality.name} personality, each fault still breaks what it says`, () => {
    const options = { personality: personality.name, choices: { latency: 'none' } };
    for (const fault of FAULT_MODES) {
      test(fault.name, async () => {
        const probe = probeFor(fault.name)!;
        expect(await withHarness(options, probe), `${personality.name} keeps the contract`).toBe(true);
        expect(await withHarness({ ...options, faults: [fault.name] }, probe), `${personality.name} + ${fault.name} breaks it`).toBe(false);
      });
    }
  });
}
