// Success responses, host_uri white-listing, undocumented leniencies, the virtual clock and its
// admin endpoint.
import { expect, test } from '@playwright/test';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, DEMO_PRIMARY, DEMO_SECONDARY, harness, withHarness, type Harness } from './support.ts';
import { data } from './answers.ts';
import { getPage } from './pages.ts';

let h: Harness;
test.beforeAll(async () => {
  h = await harness();
});
test.afterAll(async () => h.close());

test.describe('success (100)', () => {
  test("the document's example request creates a session in the documented shape", async () => {
    const before = h.sim.clock.now().getTime();
    const r = await create(h.client, contract.exampleRequest());
    const after = h.sim.clock.now().getTime();
    expect(r.status).toBe(200);
    expect(contract.validateResponse(r.status, r.json)).toMatchObject({ valid: true, schema: 'SessionCreated' });
    expect(r.json).toMatchObject({ status: 100, client_message: 'Success', time: expect.any(Number) });
    const d = data(r);
    expect(d.session_identifier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.participant_unique_id1).toBe('ABC-1234-123545663');
    expect(d.participant_unique_id2).toBe('DEF-5678');
    const url = new URL(d.authorized_url);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.sim.url}/session/${d.session_identifier}`);
    expect(url.searchParams.get('t')).toMatch(/^[0-9]{18}$/);
    expect(Buffer.from(url.searchParams.get('h')!, 'base64')).toHaveLength(32);
    expect(d.authorized_url_expiration_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const expiry = Date.parse(d.authorized_url_expiration_utc);
    expect(expiry).toBeGreaterThanOrEqual(before + contract.urlTtlSeconds * 1000);
    expect(expiry).toBeLessThanOrEqual(after + contract.urlTtlSeconds * 1000);
  });

  test('every JSON answer has a JSON content type and a Date header from the simulator clock', async () => {
    await withHarness({}, async ({ sim, client }) => {
      sim.clock.advance(3 * 86_400);
      for (const body of [validSessionBody(contract), {}, '[']) {
        const r = await create(client, body, typeof body === 'string' ? { rawBody: Buffer.from(body) } : {});
        expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(Math.abs(r.serverDate!.getTime() - sim.clock.now().getTime())).toBeLessThan(2_000);
      }
      const unauthorized = await create(client, validSessionBody(contract), { tweak: { secret: 'wrong' } });
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers['content-type']).toBe('application/json; charset=utf-8');
    });
  });

  test('participant_unique_id2 is "" when the request has none; each request gets its own session', async () => {
    const body = validSessionBody(contract);
    delete body['participant_unique_id2'];
    const [a, b] = await Promise.all([create(h.client, body), create(h.client, body)]);
    expect(data(a).participant_unique_id2).toBe('');
    expect(data(a).session_identifier).not.toBe(data(b).session_identifier);
  });

  test('HMAC-SHA256 (legacy) and HMAC-SHA512 are both accepted', async () => {
    const sha256 = h.client.withCredentials({ ...h.client.credentials, algorithm: 'hmac-sha256' });
    expect((await create(sha256, validSessionBody(contract))).status).toBe(200);
    expect((await create(h.client, validSessionBody(contract))).status).toBe(200);
  });

  test('unknown extra fields (newer API revisions) are accepted and ignored', async () => {
    const body = validSessionBody(contract);
    body['language_locale_code'] = 'en-US';
    body['recipient_information'].business_name = 'Frost LLC';
    body['recipient_information'].open_banking = { enabled: true, providers: ['a', 'b'] };
    const r = await create(h.client, body);
    expect(r.status, r.rawBody).toBe(200);
  });

  test('null for an optional field counts as absent', async () => {
    const body = validSessionBody(contract);
    body['participant_unique_id2'] = null;
    body['host_uri'] = null;
    body['recipient_information'].phone_number = null;
    body['recipient_information'].address_line2 = null;
    const r = await create(h.client, body);
    expect(r.status, r.rawBody).toBe(200);
    expect(data(r).participant_unique_id2).toBe('');
  });

  test('email_address is required for the PayPal-enabled participant only', async () => {
    const body = validSessionBody(contract, { hostUri: null });
    delete body['recipient_information'].email_address;
    expect((await create(h.secondary, body)).status).toBe(200);
    const r = await create(h.client, body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ status: 13400, data: { 'recipient_information.email_address': ['The EmailAddress field is required for PayPal enabled participants.'] } });
  });
});

test.describe('host_uri white-listing', () => {
  const frameAncestors = async (authorizedUrl: string) =>
    /frame-ancestors ([^;]+)/.exec((await getPage(authorizedUrl)).headers.get('content-security-policy') ?? '')?.[1];

  test('absent or empty host_uri: the first white-listed host is used', async () => {
    for (const value of [undefined, '']) {
      const body = validSessionBody(contract);
      if (value === undefined) delete body['host_uri'];
      else body['host_uri'] = value;
      const r = await create(h.client, body);
      expect(r.status, r.rawBody).toBe(200);
      expect(await frameAncestors(data(r).authorized_url)).toBe(DEMO_PRIMARY.host_uris[0]);
    }
  });

  test('every white-listed origin is accepted and becomes the frame ancestor', async () => {
    for (const host of [...DEMO_PRIMARY.host_uris]) {
      const r = await create(h.client, { ...validSessionBody(contract), host_uri: host });
      expect(r.status, r.rawBody).toBe(200);
      expect(await frameAncestors(data(r).authorized_url)).toBe(host);
    }
  });

  test('look-alikes and foreign hosts get 401 Unauthorized', async () => {
    const origin = DEMO_PRIMARY.host_uris[0]!;
    const u = new URL(origin);
    const lookAlikes = [
      `${origin}.evil.test`,
      `${origin}/`,
      `${origin}/path`,
      `http://${u.host}`,
      `${origin}:8443`,
      origin.toUpperCase(),
      `https://evil.test/${origin}`,
      `https://evil-${u.host}`,
      DEMO_SECONDARY.host_uris[0]!,
      ` ${origin}`,
    ];
    for (const host of lookAlikes) {
      const r = await create(h.client, { ...validSessionBody(contract), host_uri: host });
      expect(r.status, host).toBe(401);
      expect(r.json).toEqual({ message: 'Unauthorized' });
    }
  });
});

test.describe('virtual clock and admin endpoint', () => {
  test('with virtualClock: GET clock and POST advance move every time-based behaviour', async () => {
    await withHarness({}, async ({ sim, client }) => {
      const t0 = Date.parse(((await (await fetch(`${sim.url}/__admin/clock`)).json()) as { now: string }).now);
      expect(Math.abs(t0 - Date.now())).toBeLessThan(2_000);
      const res = await fetch(`${sim.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 3600 }) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const now = Date.parse(((await res.json()) as { now: string }).now);
      expect(now - t0).toBeGreaterThanOrEqual(3600_000);
      expect(Math.abs(sim.clock.now().getTime() - now)).toBeLessThan(2_000);
      sim.clock.advance(1.5);
      // A client on the real clock is now an hour behind: refused as skew; on the virtual clock: fine.
      expect((await client.withClock(() => new Date()).createSession(validSessionBody(contract))).status).toBe(401);
      const r = await create(client, validSessionBody(contract));
      expect(r.status).toBe(200);
      expect(Date.parse(data(r).authorized_url_expiration_utc) - sim.clock.now().getTime()).toBeGreaterThan(contract.urlTtlSeconds * 1000 - 2_000);
    });
  });

  test('the admin endpoint refuses bad input with 4xx, never 5xx', async () => {
    for (const body of ['', '{', '{"seconds":-1}', '{"seconds":"10"}', '{"seconds":1e400}', 'null', '[]']) {
      const res = await fetch(`${h.sim.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
    }
    expect((await fetch(`${h.sim.url}/__admin/clock/advance`)).status).toBe(405);
    expect((await fetch(`${h.sim.url}/__admin/clock`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${h.sim.url}/__admin/other`)).status).toBe(404);
  });

  test('without virtualClock: no admin endpoint (plain 404) and clock.advance throws', async () => {
    await withHarness({ virtualClock: false }, async ({ sim }) => {
      expect((await fetch(`${sim.url}/__admin/clock`)).status).toBe(404);
      const res = await fetch(`${sim.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":10}' });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
      expect(() => sim.clock.advance(10)).toThrow(/virtualClock/);
      expect(Math.abs(sim.clock.now().getTime() - Date.now())).toBeLessThan(1_000);
    });
  });

  test('clock.advance refuses negative or non-finite values', () => {
    expect(() => h.sim.clock.advance(-1)).toThrow();
    expect(() => h.sim.clock.advance(Number.NaN)).toThrow();
  });
});
