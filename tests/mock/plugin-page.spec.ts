// The plug-in page behind authorized_url: loads while fresh, refuses expired/tampered/unknown links,
// escapes the recipient's name, may be framed only by the session's host, drives session states.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { chromiumInstalled } from '../../src/browser/launch.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, DEMO_PRIMARY, harness, withHarness, type Harness } from './support.ts';
import { data } from './answers.ts';
import { getPage, pageAction, withQuery } from './pages.ts';

let h: Harness;
test.beforeAll(async () => {
  h = await harness();
});
test.afterAll(async () => h.close());

async function newSession(body = validSessionBody(contract), hh = h) {
  const r = await create(hh.client, body);
  expect(r.status, r.rawBody).toBe(200);
  return data(r) as { session_identifier: string; authorized_url: string };
}

test('a fresh authorized URL loads a branded page with the first name and an Add account button', async () => {
  const s = await newSession();
  const page = await getPage(s.authorized_url);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${DEMO_PRIMARY.host_uris[0]}`);
  expect(page.text).toContain('IngoPay');
  expect(page.text).toContain('Jack');
  expect(page.text).toMatch(/<button[^>]*>Add account<\/button>/);
  // Self-contained: no external scripts, styles, images or fonts.
  expect(page.text).not.toMatch(/<(script|link|img|iframe)\b/i);
  expect(page.text).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
  // HEAD works too, without a body.
  const head = await fetch(s.authorized_url, { method: 'HEAD' });
  expect(head.status).toBe(200);
});

test('the first name is HTML-escaped', async () => {
  const hostile = `<script>alert("x")</script><img src=x onerror='alert(1)'>&amp;`;
  const body = validSessionBody(contract);
  body['recipient_information'].first_name = hostile;
  const page = await getPage((await newSession(body)).authorized_url);
  expect(page.status).toBe(200);
  expect(page.text).not.toContain('<script>');
  expect(page.text).not.toContain('<img');
  expect(page.text).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
  expect(page.text).toContain('&#38;amp;');
});

test('the URL works until its expiry and is refused (410, "expired") after it', async () => {
  await withHarness({}, async (hh) => {
    const s = await newSession(validSessionBody(contract), hh);
    hh.sim.clock.advance(contract.urlTtlSeconds - 2);
    expect((await getPage(s.authorized_url)).status).toBe(200);
    hh.sim.clock.advance(2);
    const expired = await getPage(s.authorized_url);
    expect(expired.status).toBe(410);
    expect(expired.text).toMatch(/expired/i);
  });
});

test('tampered, truncated, foreign or unknown links are refused (403/404)', async () => {
  const a = await newSession();
  const b = await newSession();
  const t = new URL(a.authorized_url).searchParams.get('t')!;
  const hv = new URL(a.authorized_url).searchParams.get('h')!;
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const forgeries: Record<string, string> = {
    'h altered': withQuery(a.authorized_url, (p) => p.set('h', flip(hv, 3))),
    'h truncated': withQuery(a.authorized_url, (p) => p.set('h', hv.slice(0, -2))),
    'h missing': withQuery(a.authorized_url, (p) => p.delete('h')),
    't missing': withQuery(a.authorized_url, (p) => p.delete('t')),
    't extended': withQuery(a.authorized_url, (p) => p.set('t', String(BigInt(t) + 600_000_000n))),
    't not a number': withQuery(a.authorized_url, (p) => p.set('t', 'abc')),
    'no query': a.authorized_url.split('?')[0]!,
    "another session's token": b.authorized_url.replace(b.session_identifier, a.session_identifier),
    'token on an unknown id': a.authorized_url.replace(a.session_identifier, randomUUID()),
    'garbage id': a.authorized_url.replace(a.session_identifier, '..%2F..%2Fetc'),
  };
  for (const [label, url] of Object.entries(forgeries)) {
    const page = await getPage(url);
    expect([403, 404], label).toContain(page.status);
    expect(page.text, label).not.toContain('Add account');
  }
  expect([403, 404]).toContain((await getPage(`${h.sim.url}/session/%E0%A4%A`)).status);
  expect((await getPage(`${h.sim.url}/session/`)).status).toBe(404);
  expect((await getPage(`${h.sim.url}/session/x/y`)).status).toBe(404);
});

test('frame-ancestors names the session host_uri (second white-listed host)', async () => {
  const body = { ...validSessionBody(contract), host_uri: DEMO_PRIMARY.host_uris[1] };
  const page = await getPage((await newSession(body)).authorized_url);
  const csp = page.headers.get('content-security-policy')!;
  expect(csp).toMatch(new RegExp(`frame-ancestors ${DEMO_PRIMARY.host_uris[1]!.replace(/\./g, '\\.')}$`));
  expect(csp).toContain("default-src 'none'");
});

test('session states: failed attempts up to the threshold terminate the session', async () => {
  const s = await newSession();
  const one = await pageAction(s.authorized_url, 'fail-attempt');
  expect(one.json).toEqual({ session_identifier: s.session_identifier, state: 'Active', failed_attempts: 1, max_attempts: 3 });
  const two = await pageAction(s.authorized_url, 'fail-attempt', false);
  expect(two.status).toBe(200);
  expect(two.text).toContain('1 attempt(s) left');
  const three = await pageAction(s.authorized_url, 'fail-attempt', false);
  expect(three.text).toContain('Maximum attempts exceeded');
  expect(three.text).toContain('data-state="Max Attempts Exceeded"');
  expect((await pageAction(s.authorized_url, 'complete')).status).toBe(409);
  expect((await getPage(s.authorized_url)).status).toBe(410);
});

test('session states: complete and cancel are terminal', async () => {
  for (const [action, state, text] of [['complete', 'Completed', 'Account added'], ['cancel', 'Canceled', 'Session canceled']] as const) {
    const s = await newSession();
    const r = await pageAction(s.authorized_url, action, false);
    expect(r.status).toBe(200);
    expect(r.text).toContain(text);
    expect((await pageAction(s.authorized_url, 'fail-attempt')).json).toMatchObject({ state });
    const page = await getPage(s.authorized_url);
    expect(page.status).toBe(410);
    expect(page.text).toContain(text);
  }
});

test('actions need the token; a page opened in time keeps working after the URL expiry, an unopened one does not', async () => {
  await withHarness({}, async (hh) => {
    const opened = await newSession(validSessionBody(contract), hh);
    const unopened = await newSession(validSessionBody(contract), hh);
    expect((await getPage(opened.authorized_url)).status).toBe(200);
    hh.sim.clock.advance(contract.urlTtlSeconds + 5);
    expect((await pageAction(opened.authorized_url, 'complete')).json).toMatchObject({ state: 'Completed' });
    expect((await pageAction(unopened.authorized_url, 'complete')).status).toBe(410);
    const forged = withQuery(unopened.authorized_url, (p) => p.set('h', 'x'));
    expect((await pageAction(forged, 'cancel')).status).toBe(403);
  });
});

test('methods: the page is GET/HEAD only, actions POST only, unknown actions 404', async () => {
  const s = await newSession();
  const post = await fetch(s.authorized_url, { method: 'POST' });
  expect(post.status).toBe(405);
  expect(post.headers.get('allow')).toBe('GET, HEAD');
  const u = new URL(s.authorized_url);
  const actionUrl = (a: string) => `${u.origin}${u.pathname}/actions/${a}${u.search}`;
  const get = await fetch(actionUrl('complete'));
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
  expect((await fetch(actionUrl('explode'), { method: 'POST' })).status).toBe(404);
});

test('in a browser: the page renders, and Add account completes the session', async ({ browser }) => {
  test.skip(!chromiumInstalled(), 'Chromium is not installed');
  const s = await newSession();
  const page = await browser.newPage();
  await page.goto(s.authorized_url);
  await expect(page.getByRole('heading', { name: /Hi Jack/ })).toBeVisible();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('heading', { name: 'Account added' })).toBeVisible();
  await page.close();
});
