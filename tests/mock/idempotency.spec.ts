// Idempotency (document): per-participant keys, replay → 101 with the same session and a new URL,
// mismatch → 13723, failed requests never store a key, 2-hour lifetime, one session under concurrency.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SESSION_NOT_REAUTHORIZABLE } from '../../src/mock/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, withHarness } from './support.ts';
import { apiStatus, data } from './answers.ts';
import { getPage, pageAction } from './pages.ts';

const ttl = contract.idempotencyKey.ttlSeconds;

test('same key + same body → 101, same session, a new authorized_url and a later expiry', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(client, body, { idempotencyKey: key });
    expect(apiStatus(first)).toBe(100);
    sim.clock.advance(5);
    const again = await create(client, body, { idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(contract.validateResponse(again.status, again.json)).toMatchObject({ valid: true, schema: 'SessionIdempotent' });
    expect(again.json).toMatchObject({ status: 101, client_message: 'Success - Idempotent' });
    expect(data(again).session_identifier).toBe(data(first).session_identifier);
    expect(data(again).authorized_url).not.toBe(data(first).authorized_url);
    expect(Date.parse(data(again).authorized_url_expiration_utc)).toBeGreaterThan(Date.parse(data(first).authorized_url_expiration_utc));
    // Even within the same millisecond, the URL is new.
    const [a, b] = await Promise.all([create(client, body, { idempotencyKey: key }), create(client, body, { idempotencyKey: key })]);
    expect(data(a).authorized_url).not.toBe(data(b).authorized_url);
    expect(sim.stats()).toEqual({ sessions: 1, idempotencyKeys: 1 });
  });
});

test('the same body re-serialised (key order, whitespace) is the same request', async () => {
  await withHarness({}, async ({ client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    await create(client, body, { idempotencyKey: key });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    reordered['recipient_information'] = Object.fromEntries(Object.entries(body['recipient_information']).reverse());
    const r = await create(client, undefined, { idempotencyKey: key, rawBody: Buffer.from(JSON.stringify(reordered, null, 2)) });
    expect(apiStatus(r)).toBe(101);
  });
});

test('same key + different body → 13723 in the documented shape', async () => {
  await withHarness({}, async ({ client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    await create(client, body, { idempotencyKey: key });
    const r = await create(client, { ...body, participant_unique_id2: 'other' }, { idempotencyKey: key });
    expect(r.status).toBe(400);
    expect(contract.validateResponse(r.status, r.json)).toMatchObject({ valid: true, schema: 'IdempotencyMismatch' });
    expect(r.json).toEqual({
      status: 13723,
      client_message: `Idempotency Key ${key} for ParticipantId 100001 does not match the original request`,
      developer_message: 'invalid_idempotent_request',
      data: null,
      time: expect.any(Number),
    });
  });
});

test('failed requests never store their key: 13400, 401 and 13723 leave it free', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const key = randomUUID();
    const invalid = validSessionBody(contract);
    delete invalid['participant_unique_id1'];
    expect(apiStatus(await create(client, invalid, { idempotencyKey: key }))).toBe(13400);
    expect((await create(client, validSessionBody(contract), { idempotencyKey: key, tweak: { secret: 'wrong' } })).status).toBe(401);
    expect((await create(client, { ...validSessionBody(contract), host_uri: 'https://evil.test' }, { idempotencyKey: key })).status).toBe(401);
    expect(sim.stats().idempotencyKeys).toBe(0);
    const body = validSessionBody(contract);
    expect(apiStatus(await create(client, body, { idempotencyKey: key }))).toBe(100);
    expect(apiStatus(await create(client, body, { idempotencyKey: key }))).toBe(101);
  });
});

test('any number of concurrent requests with one key create exactly one session', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const results = await Promise.all(Array.from({ length: 40 }, () => create(client, body, { idempotencyKey: key })));
    expect(results.map(apiStatus).filter((s) => s === 100)).toHaveLength(1);
    expect(results.map(apiStatus).filter((s) => s === 101)).toHaveLength(39);
    expect(new Set(results.map((r) => data(r).session_identifier)).size).toBe(1);
    expect(sim.stats()).toEqual({ sessions: 1, idempotencyKeys: 1 });
  });
});

test('keys are scoped per participant', async () => {
  await withHarness({}, async ({ client, secondary }) => {
    const key = randomUUID();
    const body = validSessionBody(contract, { hostUri: null });
    const a = await create(client, body, { idempotencyKey: key });
    const b = await create(secondary, body, { idempotencyKey: key });
    expect([apiStatus(a), apiStatus(b)]).toEqual([100, 100]);
    expect(data(a).session_identifier).not.toBe(data(b).session_identifier);
    // A different body under the same key for the other participant is not a mismatch either.
    const c = await create(secondary, { ...validSessionBody(contract, { hostUri: null }) }, { idempotencyKey: randomUUID() });
    expect(apiStatus(c)).toBe(100);
    expect(apiStatus(await create(secondary, body, { idempotencyKey: key }))).toBe(101);
  });
});

test('keys live 2 hours (from the contract): a replay just before answers 101, just after creates a new session', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(client, body, { idempotencyKey: key });
    sim.clock.advance(ttl - 5);
    const replay = await create(client, body, { idempotencyKey: key });
    expect(apiStatus(replay)).toBe(101);
    expect(data(replay).session_identifier).toBe(data(first).session_identifier);
    sim.clock.advance(10);
    expect(sim.stats()).toEqual({ sessions: 0, idempotencyKeys: 0 });
    const fresh = await create(client, { ...body, participant_unique_id2: 'now different' }, { idempotencyKey: key });
    expect(apiStatus(fresh)).toBe(100);
    expect(data(fresh).session_identifier).not.toBe(data(first).session_identifier);
  });
});

test('an empty Idempotency-Key header counts as no key', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const body = validSessionBody(contract);
    const a = await create(client, body, { idempotencyKey: '' });
    const b = await create(client, body, { idempotencyKey: '' });
    expect([apiStatus(a), apiStatus(b)]).toEqual([100, 100]);
    expect(sim.stats().idempotencyKeys).toBe(0);
  });
});

test('expired URL: an idempotent re-request gives the same session a new URL that loads', async () => {
  await withHarness({}, async ({ sim, client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(client, body, { idempotencyKey: key });
    sim.clock.advance(contract.urlTtlSeconds + 1);
    expect((await getPage(data(first).authorized_url)).status).toBe(410);
    const again = await create(client, body, { idempotencyKey: key });
    expect(apiStatus(again)).toBe(101);
    expect(data(again).session_identifier).toBe(data(first).session_identifier);
    expect((await getPage(data(again).authorized_url)).status).toBe(200);
  });
});

test('completed, canceled or terminated sessions refuse idempotent re-authorisation (409, status 13724)', async () => {
  await withHarness({}, async ({ client }) => {
    const drive: Record<string, string[]> = {
      Completed: ['complete'],
      Canceled: ['cancel'],
      'Max Attempts Exceeded': ['fail-attempt', 'fail-attempt', 'fail-attempt'],
    };
    for (const [state, actions] of Object.entries(drive)) {
      const key = randomUUID();
      const body = validSessionBody(contract);
      const first = await create(client, body, { idempotencyKey: key });
      for (const action of actions) expect((await pageAction(data(first).authorized_url, action)).status).toBe(200);
      const r = await create(client, body, { idempotencyKey: key });
      expect(r.status, state).toBe(409);
      expect(r.json, state).toEqual({
        status: SESSION_NOT_REAUTHORIZABLE,
        client_message: expect.stringContaining(`is ${state} and cannot be re-authorized`),
        developer_message: 'session_not_reauthorizable',
        data: { session_identifier: data(first).session_identifier, session_state: state },
        time: expect.any(Number),
      });
      // A different body under that key is still a mismatch; a new key creates a new session.
      expect(apiStatus(await create(client, { ...body, participant_unique_id2: 'x' }, { idempotencyKey: key }))).toBe(13723);
      expect(apiStatus(await create(client, body, { idempotencyKey: randomUUID() }))).toBe(100);
    }
  });
});

test('failed attempts below the threshold do not block re-authorisation', async () => {
  await withHarness({}, async ({ client }) => {
    const key = randomUUID();
    const body = validSessionBody(contract);
    const first = await create(client, body, { idempotencyKey: key });
    expect((await pageAction(data(first).authorized_url, 'fail-attempt')).json).toMatchObject({ state: 'Active', failed_attempts: 1 });
    expect(apiStatus(await create(client, body, { idempotencyKey: key }))).toBe(101);
  });
});
