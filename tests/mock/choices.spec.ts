// Every choice of the personality registry, every value: the simulator does what the value says.
// One test per choice walks its values, each on a fresh simulator with only that choice changed.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import type { SessionResponse } from '../../src/client/session-client.ts';
import { TransportError } from '../../src/client/transport.ts';
import { deleteIn, notDocumentedCodes, SESSION_PATH, setIn } from '../../src/contract/index.ts';
import { CHOICES, CLASSIC_EXPIRED_TEXT, startSimulator, type ChoiceName } from '../../src/mock/index.ts';
import { Transport, defaultTransportSeams } from '../../src/mock/stages/transport.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, DEMO_PRIMARY, DEMO_SECONDARY, withHarness, type Harness } from './support.ts';
import { apiStatus, data, is13400, isCreated } from './answers.ts';
import { getPage, pageAction, withForgedMac } from './pages.ts';

type ValueSpec = (h: Harness, value: string) => Promise<void>;

const ORIGIN = DEMO_PRIMARY.host_uris[0]!;
const FIRST_NAME = contract.field('recipient_information.first_name');
const STATE = contract.field('recipient_information.state');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const dataKeys = (r: { json: unknown }) => Object.keys((r.json as { data: object }).data);
const frameAncestors = async (authorizedUrl: string) => /frame-ancestors ([^;]+)/.exec((await getPage(authorizedUrl)).headers.get('content-security-policy') ?? '')?.[1];

async function mismatch(h: Harness) {
  const key = randomUUID();
  const body = validSessionBody(contract);
  expect(isCreated(await create(h.client, body, { idempotencyKey: key }))).toBe(true);
  return create(h.client, { ...body, participant_unique_id2: 'other' }, { idempotencyKey: key });
}

/** One raw HTTP/1.1 exchange on a socket; resolves with the reply text and when the socket ended (if it did within waitMs). */
function rawExchange(url: string, request: string, waitMs: number): Promise<{ reply: string; endedAfterMs: number | undefined }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let reply = '';
    let answeredAt = 0;
    const socket = connect(Number(u.port), u.hostname, () => socket.write(request));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, endedAfterMs: undefined });
    }, waitMs);
    socket.on('data', (c) => {
      reply += c.toString();
      answeredAt ||= Date.now();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, endedAfterMs: Date.now() - answeredAt });
    });
    socket.on('error', reject);
  });
}

const SPECS: Record<ChoiceName, ValueSpec> = {
  'http-status-13400': async (h, value) => {
    const missing = await create(h.client, deleteIn(validSessionBody(contract), ['participant_unique_id1']));
    expect([missing.status, apiStatus(missing)]).toEqual([Number(value), 13400]);
    const notJson = await create(h.client, undefined, { rawBody: Buffer.from('{') });
    expect([notJson.status, apiStatus(notJson)]).toEqual([Number(value), 13400]);
  },

  'http-status-13723': async (h, value) => {
    const r = await mismatch(h);
    expect([r.status, apiStatus(r)]).toEqual([Number(value), 13723]);
  },

  'http-status-created': async (h, value) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(h.client, body, { idempotencyKey: key });
    expect([first.status, apiStatus(first)]).toEqual([Number(value), 100]);
    const again = await create(h.client, body, { idempotencyKey: key });
    expect([again.status, apiStatus(again)]).toEqual([200, 101]);
  },

  'unauthorized-body': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract), { tweak: { secret: 'wrong' } });
    expect(r.status).toBe(401);
    const type = r.headers['content-type'];
    if (value === 'message-json') {
      expect(type).toBe('application/json; charset=utf-8');
      expect(r.json).toEqual({ message: 'Unauthorized' });
    } else if (value === 'empty') {
      expect(r.rawBody).toBe('');
      expect(type).toBeUndefined();
    } else if (value === 'text-plain') {
      expect(type).toBe('text/plain; charset=utf-8');
      expect(r.rawBody).toBe('Unauthorized');
    } else {
      expect(type).toBe('application/problem+json; charset=utf-8');
      expect(r.json).toMatchObject({ type: expect.any(String), title: 'Unauthorized', status: 401 });
    }
    // A host that is not white-listed is Unauthorized in the same words.
    const host = await create(h.client, { ...validSessionBody(contract), host_uri: 'https://evil.test' });
    expect([host.status, host.rawBody]).toEqual([401, r.rawBody]);
  },

  'wrong-content-type': async (h, value) => {
    const json = await create(h.client, validSessionBody(contract), { contentType: 'text/plain' });
    if (value === 'parse-anyway') expect(isCreated(json), json.rawBody).toBe(true);
    else expect(json.status).toBe(Number(value));
    const notJson = await create(h.client, undefined, { contentType: 'text/plain', rawBody: Buffer.from('first_name=Jack') });
    expect(notJson.status).toBe(value === '400' ? 400 : 415);
    expect(isCreated(await create(h.client, validSessionBody(contract)))).toBe(true);
  },

  'json-charset': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    expect(r.headers['content-type']).toBe(value === 'none' ? 'application/json' : 'application/json; charset=utf-8');
  },

  'check-order': async (h, value) => {
    // Which refusal a request breaking two rules gets, per order.
    const expected: Record<string, [badSignatureTextPlain: number, badSignatureMalformed: number, invalidFieldForeignHost: number, changedInvalidBodyUsedKey: number]> = {
      'signature-first': [401, 401, 13400, 13400],
      'content-type-first': [415, 401, 13400, 13400],
      'model-binding-first': [415, 13400, 13400, 13400],
      'white-list-first': [401, 401, 401, 13400],
      'idempotency-first': [401, 401, 13400, 13723],
      legacy: [401, 401, 401, 13723],
    };
    const [a, b, c, d] = expected[value]!;
    const outcome = (r: SessionResponse) => (r.status === 401 || r.status === 415 ? r.status : apiStatus(r));
    expect(outcome(await create(h.client, validSessionBody(contract), { contentType: 'text/plain', tweak: { secret: 'wrong' } })), 'bad signature + text/plain').toBe(a);
    expect(outcome(await create(h.client, undefined, { rawBody: Buffer.from('{"a":'), tweak: { secret: 'wrong' } })), 'bad signature + malformed JSON').toBe(b);
    const invalid = { ...deleteIn(validSessionBody(contract), ['participant_unique_id1']), host_uri: 'https://evil.test' };
    expect(outcome(await create(h.client, invalid)), 'invalid field + foreign host').toBe(c);
    const key = randomUUID();
    const body = validSessionBody(contract);
    expect(isCreated(await create(h.client, body, { idempotencyKey: key }))).toBe(true);
    const changed = deleteIn({ ...body, participant_unique_id2: 'changed' }, ['recipient_information', 'city']);
    expect(outcome(await create(h.client, changed, { idempotencyKey: key })), 'changed, invalid body under a used key').toBe(d);
  },

  'host-compare': async (h, value) => {
    const variants = [`${ORIGIN}/`, `${ORIGIN}/some/path`, `${ORIGIN}?q=1`, `${ORIGIN}#f`, ORIGIN.toUpperCase(), `${ORIGIN}:443`];
    for (const host of variants) {
      const r = await create(h.client, { ...validSessionBody(contract), host_uri: host });
      if (value === 'exact') expect(r.status, host).toBe(401);
      else {
        expect(isCreated(r), `${host}: ${r.rawBody}`).toBe(true);
        // The page is framed by the configured origin, not the request's spelling of it.
        expect(await frameAncestors(data(r).authorized_url)).toBe(ORIGIN);
      }
    }
    // Refused under every value (documented): other hosts, look-alikes, other schemes and ports.
    const u = new URL(ORIGIN);
    const lookAlikes = [`${ORIGIN}.evil.test`, `http://${u.host}`, `${ORIGIN}:8443`, `https://evil.test/${ORIGIN}`, `https://evil-${u.host}`, `https://user@${u.host}`, ` ${ORIGIN}`, DEMO_SECONDARY.host_uris[0]!];
    for (const host of lookAlikes) expect((await create(h.client, { ...validSessionBody(contract), host_uri: host })).status, host).toBe(401);
  },

  'empty-host-uri': async (h, value) => {
    const r = await create(h.client, { ...validSessionBody(contract), host_uri: '' });
    if (value === 'absent') {
      expect(isCreated(r)).toBe(true);
      expect(await frameAncestors(data(r).authorized_url)).toBe(ORIGIN);
    } else if (value === 'refuse-13400') {
      expect(is13400(r)).toBe(true);
      expect(dataKeys(r)).toEqual(['host_uri']);
    } else expect(r.status).toBe(401);
  },

  'email-format': async (h, value) => {
    const withEmail = (email: string) => create(h.client, setIn(validSessionBody(contract), ['recipient_information', 'email_address'], email));
    const accepted: Record<string, Record<string, boolean>> = {
      'jack.frost@example.com': { unchecked: true, dotnet: true, strict: true },
      'jack@localhost': { unchecked: true, dotnet: true, strict: false },
      'not-an-address': { unchecked: true, dotnet: false, strict: false },
      '@example.com': { unchecked: true, dotnet: false, strict: false },
      'a@b@example.com': { unchecked: true, dotnet: false, strict: false },
      'jack frost@example.com': { unchecked: true, dotnet: true, strict: false },
      'jack at example.com': { unchecked: true, dotnet: false, strict: false },
    };
    for (const [email, by] of Object.entries(accepted)) {
      const r = await withEmail(email);
      if (by[value]) expect(isCreated(r), `${email}: ${r.rawBody}`).toBe(true);
      else {
        expect(is13400(r), email).toBe(true);
        expect(dataKeys(r), email).toEqual(['recipient_information.email_address']);
      }
    }
  },

  'null-optional': async (h, value) => {
    const r = await create(h.client, { ...validSessionBody(contract), participant_unique_id2: null });
    if (value === 'absent') expect(data(r).participant_unique_id2).toBe('');
    else expect(dataKeys(r)).toEqual(['participant_unique_id2']);
    // A required field is required either way.
    expect(is13400(await create(h.client, { ...validSessionBody(contract), participant_unique_id1: null }))).toBe(true);
  },

  'whitespace-required': async (h, value) => {
    const r = await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, '   '));
    if (value === 'value') expect(isCreated(r)).toBe(true);
    else expect((r.json as { data: Record<string, string[]> }).data).toEqual({ [FIRST_NAME.key]: ['The FirstName field is required.'] });
    // An optional field may still be blank.
    expect(isCreated(await create(h.client, setIn(validSessionBody(contract), ['recipient_information', 'address_line2'], '  ')))).toBe(true);
  },

  'state-lower-case': async (h, value) => {
    for (const code of ['ga', 'Ny']) {
      const r = await create(h.client, setIn(validSessionBody(contract), STATE.path, code));
      expect(value === 'accepted' ? isCreated(r) : is13400(r), code).toBe(true);
    }
    expect(isCreated(await create(h.client, setIn(validSessionBody(contract), STATE.path, 'GA')))).toBe(true);
  },

  'state-dc-territories': async (h, value) => {
    for (const code of notDocumentedCodes(STATE.notDocumented)) {
      const r = await create(h.client, setIn(validSessionBody(contract), STATE.path, code));
      expect(value === 'accepted' ? isCreated(r) : is13400(r), code).toBe(true);
    }
    expect(is13400(await create(h.client, setIn(validSessionBody(contract), STATE.path, 'XX')))).toBe(true);
  },

  'short-phone-numbers': async (h, value) => {
    for (const key of ['phone_number', 'mobile_number']) {
      const r = await create(h.client, setIn(validSessionBody(contract), ['recipient_information', key], '123'));
      expect(value === 'accepted' ? isCreated(r) : is13400(r), key).toBe(true);
      expect(isCreated(await create(h.client, setIn(validSessionBody(contract), ['recipient_information', key], '1231231234')))).toBe(true);
    }
  },

  'unknown-fields': async (h, value) => {
    const body = validSessionBody(contract);
    body['language_locale_code'] = 'en-US';
    body['recipient_information'].business_name = 'Frost LLC';
    const r = await create(h.client, body);
    if (value === 'ignored') expect(isCreated(r)).toBe(true);
    else {
      expect(is13400(r)).toBe(true);
      expect(dataKeys(r).sort()).toEqual(['language_locale_code', 'recipient_information.business_name']);
    }
  },

  'length-unit': async (h, value) => {
    const max = FIRST_NAME.maxLength!;
    // Characters outside the Basic Multilingual Plane: two UTF-16 units, one code point.
    const r = await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, '😀'.repeat(max)));
    expect(value === 'utf-16' ? is13400(r) : isCreated(r), r.rawBody).toBe(true);
    expect(is13400(await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, 'é'.repeat(max + 1))))).toBe(true);
    expect(isCreated(await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, 'é'.repeat(max))))).toBe(true);
  },

  'invalid-utf8': async (h, value) => {
    const text = JSON.stringify(validSessionBody(contract));
    const [before, after] = text.split('"Jack"') as [string, string];
    const bytes = Buffer.concat([Buffer.from(`${before}"Ja`), Buffer.from([0xc3, 0x28]), Buffer.from(`ck"${after}`)]);
    const r = await create(h.client, undefined, { rawBody: bytes });
    if (value === 'refused') {
      expect(is13400(r)).toBe(true);
      expect(dataKeys(r)).toEqual(['body']);
    } else {
      expect(isCreated(r), r.rawBody).toBe(true);
      expect((await getPage(data(r).authorized_url)).text).toContain('Ja\uFFFD(ck');
    }
  },

  'date-header': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    expect(r.headers['date'] !== undefined).toBe(value === 'always');
    const refused = await create(h.client, {});
    expect(refused.headers['date'] !== undefined).toBe(value === 'always');
    expect((await getPage(data(r).authorized_url)).headers.get('date')).not.toBeNull();
  },

  'keep-alive': async (h, value) => {
    const request = `GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n`;
    const { reply, endedAfterMs } = await rawExchange(h.sim.url, request, 3_500);
    expect(reply).toMatch(/^HTTP\/1\.1 404/);
    if (value === 'off') {
      expect(reply).toMatch(/\r\nConnection: close\r\n/i);
      expect(endedAfterMs).toBeLessThan(1_000);
    } else if (value === 'short') {
      expect(reply).toMatch(/\r\nKeep-Alive: timeout=2\r\n/i);
      // Closed after the announced idle time, not before.
      expect(endedAfterMs).toBeGreaterThanOrEqual(1_500);
      expect(endedAfterMs).toBeLessThan(3_500);
    } else {
      expect(reply).toMatch(/\r\nKeep-Alive: timeout=5\r\n/i);
      expect(endedAfterMs).toBeUndefined();
    }
  },

  latency: async (h, value) => {
    const elapsed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect(isCreated(await create(h.client, validSessionBody(contract)))).toBe(true);
      elapsed.push(performance.now() - started);
    }
    if (value === 'none') expect(Math.min(...elapsed)).toBeLessThan(150);
    else expect(Math.min(...elapsed)).toBeGreaterThanOrEqual(150);
  },

  'extra-response-fields': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const body = r.json as Record<string, unknown>;
    const refused = (await create(h.client, {})).json as Record<string, unknown>;
    if (value === 'none') {
      expect(Object.keys(body).sort()).toEqual(['client_message', 'data', 'status', 'time']);
      expect(Object.keys(data(r)).sort()).toEqual(['authorized_url', 'authorized_url_expiration_utc', 'participant_unique_id1', 'participant_unique_id2', 'session_identifier']);
      expect(refused).not.toHaveProperty('request_id');
    } else {
      expect(body['request_id']).toEqual(expect.any(String));
      expect(data(r).session_state).toBe('Active');
      expect(refused['request_id']).toEqual(expect.any(String));
    }
    expect(contract.validateResponse(r.status, r.json).valid).toBe(true);
  },

  'participant-id1': async (h, value) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(h.client, body, { idempotencyKey: key });
    const again = await create(h.client, body, { idempotencyKey: key });
    if (value === 'echo') expect(data(first).participant_unique_id1).toBe(body['participant_unique_id1']);
    else {
      expect(data(first).participant_unique_id1).toMatch(UUID);
      expect(data(first).participant_unique_id1).not.toBe(body['participant_unique_id1']);
    }
    expect(data(again).participant_unique_id1).toBe(data(first).participant_unique_id1);
  },

  'error-keys': async (h, value) => {
    const r = await create(h.client, deleteIn(validSessionBody(contract), FIRST_NAME.path));
    const expected = { dotted: FIRST_NAME.key, pascal: 'RecipientInformation.FirstName', 'json-path': `$.${FIRST_NAME.key}`, bare: FIRST_NAME.name }[value];
    expect(dataKeys(r)).toEqual([expected]);
  },

  'reported-errors': async (h, value) => {
    const body = deleteIn(setIn(validSessionBody(contract), STATE.path, 'XX'), ['participant_unique_id1']);
    const keys = dataKeys(await create(h.client, body));
    if (value === 'all') expect(keys.sort()).toEqual(['participant_unique_id1', STATE.key]);
    else expect(keys).toEqual(['participant_unique_id1']);
  },

  'data-13723': async (h, value) => {
    expect((await mismatch(h)).json).toMatchObject({ status: 13723, data: value === 'null' ? null : {} });
  },

  'expiry-format': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const expiry = data(r).authorized_url_expiration_utc as string;
    const form = {
      milliseconds: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      'dotnet-7-digits': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/,
      seconds: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      offset: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/,
    }[value]!;
    expect(expiry).toMatch(form);
    expect(contract.validateResponse(r.status, r.json).valid).toBe(true);
    // The URL dies when its timestamp says, whatever the precision of the timestamp.
    const remainingMs = Date.parse(expiry) - h.sim.clock.now().getTime();
    expect(remainingMs).toBeGreaterThan(contract.urlTtlSeconds * 1000 - 2_000);
    h.sim.clock.advance((remainingMs - 700) / 1000);
    expect((await getPage(data(r).authorized_url)).status).toBe(200);
    h.sim.clock.advance(1);
    expect((await getPage(data(r).authorized_url)).status).toBe(410);
  },

  'session-id': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const id = data(r).session_identifier as string;
    if (value === 'uuid') expect(id).toMatch(UUID);
    else if (value === 'upper-uuid') expect(id.toLowerCase()).toMatch(UUID);
    else expect(id).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    if (value === 'upper-uuid') expect(id).toBe(id.toUpperCase());
    expect((await getPage(data(r).authorized_url)).status).toBe(200);
  },

  'time-field': async (h, value) => {
    for (const r of [await create(h.client, validSessionBody(contract)), await create(h.client, {})]) {
      const time = (r.json as { time: unknown }).time;
      expect(typeof time).toBe('number');
      if (value === 'zero') expect(r.rawBody).toMatch(/"time":0[,}]/);
    }
  },

  'developer-message': async (h, value) => {
    for (const r of [await create(h.client, {}), await mismatch(h)]) {
      expect(r.json as object).toHaveProperty('status');
      expect(Object.hasOwn(r.json as object, 'developer_message')).toBe(value === 'present');
    }
  },

  'plugin-origin': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const page = new URL(data(r).authorized_url);
    expect(page.origin).toBe(h.sim.pluginOrigin);
    if (value === 'api') expect(h.sim.pluginOrigin).toBe(h.sim.url);
    else {
      expect(h.sim.pluginOrigin).not.toBe(h.sim.url);
      expect(page.hostname).toBe('localhost');
      // Each listener serves its own paths only.
      expect((await getPage(`${h.sim.url}${page.pathname}${page.search}`)).status).toBe(404);
      expect((await fetch(`${h.sim.pluginOrigin}${SESSION_PATH}`, { method: 'POST' })).status).toBe(404);
    }
    expect((await getPage(page.toString())).status).toBe(200);
    expect((await pageAction(page.toString(), 'complete')).json).toMatchObject({ state: 'Completed' });
  },

  'plugin-markup': async (h, value) => {
    const r = await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, '<b id="x">Jack</b>'));
    const page = await getPage(data(r).authorized_url);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<b id="x">');
    expect(page.text).toContain('&#60;b id=&#34;x&#34;&#62;Jack');
    expect(page.text.includes('Add account')).toBe(value === 'classic');
    expect(page.text.includes('Link a debit card or bank account')).toBe(value === 'card');
    expect(page.text).not.toMatch(/<(script|link|img|iframe)\b/i);
    const done = await pageAction(data(r).authorized_url, 'complete', false);
    expect(done.text).toContain(value === 'classic' ? 'Account added' : 'All done');
  },

  'expired-url': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const fresh = await getPage(data(r).authorized_url);
    expect(fresh.status).toBe(200);
    expect(fresh.text).not.toContain(CLASSIC_EXPIRED_TEXT);
    h.sim.clock.advance(contract.urlTtlSeconds + 1);
    const expired = await getPage(data(r).authorized_url);
    expect(expired.status).toBe({ '410': 410, '403': 403, '404': 404, '200-with-text': 200 }[value]);
    if (value === '200-with-text') expect(expired.text).toContain(CLASSIC_EXPIRED_TEXT);
  },

  'url-token': async (h, value) => {
    const r = await create(h.client, validSessionBody(contract));
    const url = new URL(data(r).authorized_url);
    expect([...url.searchParams.keys()]).toEqual(value === 't-h' ? ['t', 'h'] : ['token']);
    expect((await getPage(url.toString())).status).toBe(200);
    expect((await getPage(withForgedMac(url.toString()))).status).toBe(403);
  },

  'body-limit': async (h, value) => {
    const body = validSessionBody(contract);
    const base = Buffer.byteLength(JSON.stringify({ ...body, pad: '' }));
    const padded = (bytes: number) => Buffer.from(JSON.stringify({ ...validSessionBody(contract), pad: 'x'.repeat(bytes - base) }));
    if (value === '64KiB-413') {
      expect((await create(h.client, undefined, { rawBody: padded(64 * 1024) })).status).toBe(200);
      expect((await create(h.client, undefined, { rawBody: padded(64 * 1024 + 1) })).status).toBe(413);
    } else if (value === '32KiB-reset') {
      expect((await create(h.client, undefined, { rawBody: padded(32 * 1024) })).status).toBe(200);
      // Refused from Content-Length: the connection is cut, no 413 is read.
      const outcome = await create(h.client, undefined, { rawBody: padded(40 * 1024), timeoutMs: 5_000 }).then(
        (r) => `HTTP ${r.status}`,
        (error: unknown) => (error instanceof TransportError ? error.failure : String(error)),
      );
      expect(outcome).toBe('connection-reset');
      expect(isCreated(await create(h.client, validSessionBody(contract)))).toBe(true);
    } else {
      const r = await create(h.client, setIn(validSessionBody(contract), FIRST_NAME.path, 'x'.repeat(2 * 1024 * 1024)));
      expect(is13400(r)).toBe(true);
      expect(dataKeys(r)).toEqual([FIRST_NAME.key]);
    }
    expect(h.sim.maxBodyBytes).toBe({ '64KiB-413': 64 * 1024, '32KiB-reset': 32 * 1024, '30MB-413': 30_000_000 }[value]);
  },

  'empty-idempotency-key': async (h, value) => {
    const body = validSessionBody(contract, { hostUri: null });
    const a = await create(h.secondary, body, { idempotencyKey: '' });
    if (value === 'no-key') {
      const b = await create(h.secondary, body, { idempotencyKey: '' });
      expect([apiStatus(a), apiStatus(b)]).toEqual([100, 100]);
    } else {
      expect(is13400(a)).toBe(true);
      expect(dataKeys(a)).toEqual([contract.idempotencyKey.header]);
    }
    expect(h.sim.stats().idempotencyKeys).toBe(0);
  },

  'concurrent-same-key': async (h, value) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const all = await Promise.all(Array.from({ length: 12 }, () => create(h.client, body, { idempotencyKey: key })));
    const outcomes = all.map((r) => `${r.status}/${apiStatus(r) ?? '-'}`);
    expect(outcomes.filter((o) => o.endsWith('/100'))).toHaveLength(1);
    if (value === 'serialised') expect(outcomes.filter((o) => o === '200/101')).toHaveLength(11);
    else {
      expect(outcomes.every((o) => o.endsWith('/100') || o === '200/101' || o === '409/-'), outcomes.join(' ')).toBe(true);
      expect(outcomes).toContain('409/-');
    }
    expect(h.sim.stats().sessions).toBe(1);
    expect(apiStatus(await create(h.client, body, { idempotencyKey: key }))).toBe(101);
  },
};

for (const choice of CHOICES) {
  test(`${choice.name}: each value behaves as described`, async () => {
    for (const { value } of choice.values) {
      await withHarness({ choices: { [choice.name]: value } }, async (h) => {
        expect(h.sim.choices[choice.name]).toBe(value);
        await SPECS[choice.name](h, value);
      });
    }
  });
}

test('check-order also takes an explicit list of the check stages, and refuses one that cannot work', async () => {
  const order = 'content-type,parse-json,authenticate,white-list,validate-fields,idempotency';
  await withHarness({ choices: { 'check-order': order } }, async (h) => {
    expect(h.sim.choices['check-order']).toBe(order);
    const r = await create(h.client, undefined, { rawBody: Buffer.from('{"a":'), tweak: { secret: 'wrong' } });
    expect(apiStatus(r)).toBe(13400);
  });
  await expect(startSimulator({ choices: { 'check-order': 'validate-fields,authenticate,content-type,parse-json,white-list,idempotency' } })).rejects.toThrow(
    /check order: validate-fields needs parse-json and authenticate to run before it/,
  );
  await expect(startSimulator({ choices: { 'check-order': 'authenticate,content-type' } })).rejects.toThrow(/name each of .* exactly once/);
  await expect(startSimulator({ choices: { 'check-order': 'authenticate,content-type,parse-json,validate-fields,white-list,teapot' } })).rejects.toThrow(/unknown stage teapot/);
});

test('latency jitter is seeded: the same seed gives the same delays, another seed others, all within the range', () => {
  const seams = { ...defaultTransportSeams(), jitter: { minMs: 150, maxMs: 400 } };
  const delays = (seed: number) => {
    const transport = new Transport(seams, {}, seed);
    return Array.from({ length: 50 }, () => transport.delayMs());
  };
  const a = delays(7);
  expect(delays(7)).toEqual(a);
  expect(delays(8)).not.toEqual(a);
  expect(a.every((d) => d >= 150 && d <= 400)).toBe(true);
  expect(new Set(a).size).toBeGreaterThan(10);
  expect(new Transport(defaultTransportSeams(), {}, 7).delayMs()).toBe(0);
});

test('bad personality or choice names and values are refused at start with one clear message', async () => {
  await expect(startSimulator({ personality: 'grumpy' })).rejects.toThrow(/^unknown personality grumpy; valid names: default, strict-gateway, lenient-dotnet, slow-cloud, legacy-200/);
  await expect(startSimulator({ choices: { 'no-such-choice': 'x' } })).rejects.toThrow(/^unknown choice no-such-choice; valid choices: .*keep-alive/);
  await expect(startSimulator({ choices: { 'keep-alive': 'sometimes' } })).rejects.toThrow(/^choice keep-alive: unknown value "sometimes"; valid values: on, off, short$/);
  await expect(startSimulator({ seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
});
