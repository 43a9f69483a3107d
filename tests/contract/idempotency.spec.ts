// Idempotency (document: "Idempotency" section and code 101; contract-notes.md lifecycle).
import { newIdempotencyKey, type SessionResponse } from '../../src/client/session-client.ts';
import { expectCreated, expectMismatch, expectRefused, expectReplay, expectValidationError } from '../../src/checks/index.ts';
import { bodyStatus } from '../../src/client/answer.ts';
import { validSessionBody, withValueAt } from '../../src/contract/index.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import { notChecked, warn } from '../../src/report/annotations.ts';

interface SessionData {
  session_identifier: string;
  authorized_url: string;
  authorized_url_expiration_utc: string;
}

const dataOf = (answer: SessionResponse) => (answer.json as { data: SessionData }).data;

/** A real wait, long enough that the server's clock (any precision down to seconds) has moved on. */
const pastTheSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

test.describe('idempotency', () => {
  test('same key + same body → 101, the same session, a new authorized_url and a new expiry', { tag: ['@SM-IDEM-REPLAY'] }, async ({ api, contract }) => {
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    const first = dataOf(await api.send('original request', body, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-REPLAY']) }));
    await pastTheSecond();
    const replay = dataOf(await api.send('replay: same key, same body', body, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-REPLAY']) }));
    expect(replay.session_identifier, 'SM-IDEM-REPLAY: the replay returns the same session').toBe(first.session_identifier);
    expect(replay.authorized_url, 'SM-IDEM-REPLAY: the replay issues a new authorized_url').not.toBe(first.authorized_url);
    expect(Date.parse(replay.authorized_url_expiration_utc), 'SM-IDEM-REPLAY: the replay has a new, later expiry').toBeGreaterThan(
      Date.parse(first.authorized_url_expiration_utc),
    );
  });

  test('a replay re-serialised with other key order and spacing is still the same request → 101', { tag: ['@SM-IDEM-REPLAY'] }, async ({ api, contract }) => {
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    const first = dataOf(await api.send('original request', body, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-REPLAY']) }));
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const replay = dataOf(
      await api.send('replay: same values, keys reversed, indented', body, {
        idempotencyKey: key,
        rawBody: Buffer.from(JSON.stringify(reordered, null, 2), 'utf8'),
        expect: expectReplay(['SM-IDEM-REPLAY']),
      }),
    );
    expect(replay.session_identifier).toBe(first.session_identifier);
  });

  test('same key + a different body → 13723 in the documented shape', { tag: ['@SM-IDEM-MISMATCH'] }, async ({ api, contract }) => {
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    await api.send('original request', body, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-MISMATCH']) });
    const changed = withValueAt(body, 'recipient_information.first_name', 'Jill');
    await api.send('same key, another first_name', changed, { idempotencyKey: key, expect: expectMismatch(['SM-IDEM-MISMATCH']) });
    const otherId = withValueAt(body, 'participant_unique_id1', `${String(body['participant_unique_id1'])}-2`);
    await api.send('same key, another participant_unique_id1', otherId, { idempotencyKey: key, expect: expectMismatch(['SM-IDEM-MISMATCH']) });
    // The mismatch did not disturb the original: it still replays.
    await api.send('the original body again', body, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-MISMATCH']) });
  });

  test('a key first used on a failed request is not stored: it later creates a new session (100)', { tag: ['@SM-IDEM-FAILED-NOT-STORED'] }, async ({ api, contract }) => {
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    await api.send('failing request (no participant_unique_id1)', withValueAt(body, 'participant_unique_id1', undefined), {
      idempotencyKey: key,
      brokenFields: ['participant_unique_id1'],
      expect: expectValidationError(['SM-IDEM-FAILED-NOT-STORED']),
    });
    const created = await api.send('the corrected request with the same key', body, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-FAILED-NOT-STORED'], 'a new session (100, not 101 nor 13723)') });
    // And from then on the key is stored as usual.
    const replay = await api.send('the corrected request again', body, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-FAILED-NOT-STORED']) });
    expect(dataOf(replay).session_identifier).toBe(dataOf(created).session_identifier);
  });

  test('an Idempotency-Key of the maximum length is accepted; one character more is refused', { tag: ['@SM-IDEM-KEY-MAXLEN'] }, async ({ api, contract }) => {
    const max = contract.idempotencyKey.maxLength;
    const atMax = `${newIdempotencyKey()}-`.padEnd(max, 'k');
    expect(atMax).toHaveLength(max);
    const body = validSessionBody(contract, { participant: api.participant });
    const created = await api.send(`Idempotency-Key of ${max} characters`, body, { idempotencyKey: atMax, expect: expectCreated(['SM-IDEM-KEY-MAXLEN']) });
    const replay = await api.send(`the ${max}-character key again`, body, { idempotencyKey: atMax, expect: expectReplay(['SM-IDEM-KEY-MAXLEN'], 'a replay (101): the key was kept whole') });
    expect(dataOf(replay).session_identifier).toBe(dataOf(created).session_identifier);
    const over = `${newIdempotencyKey()}-`.padEnd(max + 1, 'k');
    await api.send(`Idempotency-Key of ${max + 1} characters`, validSessionBody(contract, { participant: api.participant }), {
      idempotencyKey: over,
      expect: expectRefused(['SM-IDEM-KEY-MAXLEN'], `a refusal of a ${max + 1}-character key`),
    });
  });

  test('N ≥ 20 concurrent requests with one key → exactly one session', { tag: ['@SM-IDEM-CONCURRENT', '@OBS-IDEM-IN-FLIGHT'] }, async ({ api, contract, pacer }, testInfo) => {
    const n = 24;
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    // Against a paced target the pacer lets exactly this group through together (one bounded burst);
    // unpaced, the requests leave together anyway. Either way the peak is measured, not assumed.
    let inFlight = 0;
    let clientPeak = 0;
    const send = async (i: number) => {
      inFlight += 1;
      clientPeak = Math.max(clientPeak, inFlight);
      try {
        return await api.send(`concurrent #${i + 1}`, body, { idempotencyKey: key });
      } finally {
        inFlight -= 1;
      }
    };
    const group = () => Promise.all(Array.from({ length: n }, (_, i) => send(i)));
    const { result: answers, peakInFlight } = pacer ? await pacer.burst(n, group) : { result: await group(), peakInFlight: clientPeak };
    testInfo.annotations.push({ type: 'concurrency', description: `${n} requests, at most ${peakInFlight} in flight at once${pacer ? ' (one paced burst)' : ''}` });
    if (peakInFlight < n / 2) notChecked(testInfo, `only ${peakInFlight} of the ${n} requests were in flight at once: that is not a concurrency check`);

    const statuses = answers.map((a) => `HTTP ${a.status}/${String(bodyStatus(a))}`);
    api.recorder.observe('OBS-IDEM-IN-FLIGHT', `${n} at once: ${Object.entries(countBy(statuses)).map(([s, c]) => `${s} ×${c}`).join(', ')}`);
    const sessions = answers.filter((a) => a.status >= 200 && a.status < 300 && (bodyStatus(a) === 100 || bodyStatus(a) === 101));
    const ids = new Set(sessions.map((a) => dataOf(a).session_identifier));
    expect(sessions.length, `SM-IDEM-CONCURRENT: at least one request gets the session (${statuses.join(', ')})`).toBeGreaterThan(0);
    expect([...ids], 'SM-IDEM-CONCURRENT: every success names the same session_identifier').toHaveLength(1);
    const created = answers.filter((a) => bodyStatus(a) === 100).length;
    expect(created, 'SM-IDEM-CONCURRENT: exactly one answer creates the session (100); the others replay it or are refused').toBe(1);
    // An answer that is not the session is not a second session either: how a duplicate in flight is
    // refused is not documented (a 409 "in progress", or an older server's error status on HTTP 200,
    // which contract-notes call only "worth a warning"). A 5xx fails SM-ROBUST-NO-5XX (always on).
    const refusedOn2xx = answers.filter((a) => !sessions.includes(a) && a.status >= 200 && a.status < 300);
    if (refusedOn2xx.length) warn(testInfo, `${refusedOn2xx.length} concurrent duplicate(s) were refused on a success code: ${[...new Set(refusedOn2xx.map((a) => `HTTP ${a.status}/${String(bodyStatus(a))}`))].join(', ')}`);
  });

  test("keys are scoped per participant: the secondary's request with the primary's key gets its own session", { tag: ['@SM-IDEM-SCOPE'] }, async ({ api, secondaryApi, contract }, testInfo) => {
    if (!secondaryApi) notChecked(testInfo, 'no secondary participant configured (INGO_SECONDARY_HMAC_USERNAME, _SECRET, _HOST_URI)');
    const key = newIdempotencyKey();
    const primaryBody = validSessionBody(contract, { participant: api.participant });
    const primary = dataOf(await api.send('primary participant', primaryBody, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-SCOPE']) }));
    // The same recipient and correlation ids, under the secondary participant's own host.
    const secondaryBody = { ...primaryBody, host_uri: secondaryApi.participant.host_uris[0] };
    const first = dataOf(
      await secondaryApi.send("secondary participant, the primary's key", secondaryBody, {
        idempotencyKey: key,
        expect: expectCreated(['SM-IDEM-SCOPE'], 'a new session of its own (100), not a replay or a mismatch'),
      }),
    );
    expect(first.session_identifier, "SM-IDEM-SCOPE: never the primary's session").not.toBe(primary.session_identifier);
    // Each participant's key still replays its own session.
    const again = dataOf(await secondaryApi.send('secondary participant again', secondaryBody, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-SCOPE']) }));
    expect(again.session_identifier).toBe(first.session_identifier);
    const primaryAgain = dataOf(await api.send('primary participant again', primaryBody, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-SCOPE']) }));
    expect(primaryAgain.session_identifier).toBe(primary.session_identifier);
  });

  test('keys live 2 hours: a replay within them → 101; after them the key creates a new session', { tag: ['@SM-IDEM-TTL'] }, async ({ isolatedSimulator, api, contract }) => {
    // isolatedSimulator reports "not checked" in remote mode: moving time needs the simulator's virtual clock.
    const { simulator } = isolatedSimulator;
    const local = api.around(isolatedSimulator.client);
    const ttl = contract.idempotencyKey.ttlSeconds;
    // Two keys issued together: one is replayed near the end of its lifetime, the other is left alone
    // until after it (whether a replay extends a key's life is not documented, so it is not relied on).
    const body = validSessionBody(contract, { participant: api.participant });
    const replayed = newIdempotencyKey();
    const untouched = newIdempotencyKey();
    const original = dataOf(await local.send('key A: original request', body, { idempotencyKey: replayed, expect: expectCreated(['SM-IDEM-TTL']) }));
    const otherBody = validSessionBody(contract, { participant: api.participant });
    const untouchedFirst = dataOf(await local.send('key B: original request', otherBody, { idempotencyKey: untouched, expect: expectCreated(['SM-IDEM-TTL']) }));
    simulator.clock.advance(ttl - 60);
    const within = dataOf(
      await local.send(`key A replayed ${ttl - 60} s later`, body, { idempotencyKey: replayed, expect: expectReplay(['SM-IDEM-TTL'], `a replay (101) ${ttl - 60} s after the original`) }),
    );
    expect(within.session_identifier).toBe(original.session_identifier);
    simulator.clock.advance(61);
    const after = dataOf(
      await local.send(`key B ${ttl + 1} s after its original`, otherBody, { idempotencyKey: untouched, expect: expectCreated(['SM-IDEM-TTL'], `a new session (100) ${ttl + 1} s after the original`) }),
    );
    expect(after.session_identifier, 'SM-IDEM-TTL: an expired key creates a new session').not.toBe(untouchedFirst.session_identifier);
  });
});

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

