// Shared helpers for the simulator's own tests: an in-process simulator with a virtual clock, signed
// clients for the demo participants, valid bodies built from the contract's example, and values of
// a given length built from the contract's field rules (never re-typed limits).
import { SessionClient, type CreateSessionOptions, type SessionResponse } from '../../src/client/session-client.ts';
import type { Credentials } from '../../src/client/signer.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { DEMO_PRIMARY, DEMO_SECONDARY, type Participant } from '../../src/config/demo-participants.ts';
import { loadContract, statusIn, type FieldRule } from '../../src/contract/index.ts';
import { PERSONALITIES, startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/mock/index.ts';

export const contract = loadContract();
export const transport = undiciTransport({ connections: 64 });
export { DEMO_PRIMARY, DEMO_SECONDARY };

export function credentials(p: Participant, algorithm: Credentials['algorithm'] = 'hmac-sha512'): Credentials {
  return { username: p.username, secret: p.secret, algorithm };
}

export interface Harness {
  readonly sim: RunningSimulator;
  /** The text marking an expired plug-in page that answers 2xx (the personality's INGO_PLUGIN_EXPIRED_TEXT). */
  readonly expiredText: string | undefined;
  /** The PayPal-enabled demo participant. */
  readonly client: SessionClient;
  /** The standard demo participant. */
  readonly secondary: SessionClient;
  close(): Promise<void>;
}

/** A simulator with a virtual clock (unless told otherwise) and clients that sign with its clock. */
export async function harness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ virtualClock: true, ...options });
  const client = new SessionClient({
    baseUrl: sim.url,
    credentials: credentials(DEMO_PRIMARY),
    scheme: contract.hmac,
    transport,
    timeoutMs: 5_000,
    now: () => sim.clock.now(),
  });
  const expiredText = PERSONALITIES.find((p) => p.name === sim.personality)?.harnessEnv['INGO_PLUGIN_EXPIRED_TEXT'];
  return { sim, expiredText, client, secondary: client.withCredentials(credentials(DEMO_SECONDARY)), close: () => sim.close() };
}

export async function withHarness<T>(options: SimulatorOptions, fn: (h: Harness) => Promise<T>): Promise<T> {
  const h = await harness(options);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** A value of exactly n characters that passes the field's pattern (if any). */
export function valueOfLength(field: FieldRule, n: number): string {
  const found = tryValueOfLength(field, n);
  if (found === undefined) throw new Error(`no value of length ${n} for ${field.key}`);
  return found;
}

export function tryValueOfLength(field: FieldRule, n: number): string | undefined {
  if (field.name.includes('email')) return emailOfLength(n);
  const re = field.pattern ? new RegExp(field.pattern, 'u') : undefined;
  const candidates = [
    'https://' + 'a'.repeat(Math.max(0, n - 8)),
    'a'.repeat(n),
    '1'.repeat(n),
    '12345-' + '6'.repeat(Math.max(0, n - 6)),
  ];
  return candidates.find((c) => c.length === n && (!re || re.test(c)) && (!field.enum || field.enum.includes(c)));
}

/** A well-formed address of exactly n characters (local part at most 64, labels at most 63). */
export function emailOfLength(n: number): string | undefined {
  const tail = 'example.com';
  let rest = n - 1 - tail.length - 1;
  if (rest < 0) return undefined;
  let labels = '';
  while (rest >= 51) {
    labels += `${'d'.repeat(50)}.`;
    rest -= 51;
  }
  return `${'a'.repeat(1 + rest)}@${labels}${tail}`;
}

export const limitedFields = () => contract.fields.filter((f) => f.type === 'string' && f.maxLength !== undefined && !f.enum);
export const requiredFields = () => contract.fields.filter((f) => f.required);

export const is2xx = (r: SessionResponse) => r.status >= 200 && r.status < 300;
/** A documented error status on a 4xx, or on a 2xx (undocumented, a harness only warns). */
export const isError = (r: SessionResponse, status: number) => apiStatus(r) === status && ((r.status >= 400 && r.status < 500) || is2xx(r));
export const is13400 = (r: SessionResponse) => isError(r, 13400);
export const is13723 = (r: SessionResponse) => isError(r, 13723);
export const isCreated = (r: SessionResponse) => is2xx(r) && apiStatus(r) === 100;
export const isReplay = (r: SessionResponse) => is2xx(r) && apiStatus(r) === 101;
export const is401 = (r: SessionResponse) => r.status === 401;

/** A fresh plug-in page: a 2xx that is not the configured expired page. */
export function pageLoads(page: PageResponse, expiredText: string | undefined): boolean {
  return page.status >= 200 && page.status < 300 && !(expiredText !== undefined && page.text.includes(expiredText));
}

/** A refused plug-in page: a 4xx, or the configured expired page. */
export function pageRefused(page: PageResponse, expiredText: string | undefined): boolean {
  return (page.status >= 400 && page.status < 500) || (expiredText !== undefined && page.text.includes(expiredText));
}

/** An authorized URL with its MAC replaced, whatever the token's form. */
export function withForgedMac(authorizedUrl: string): string {
  const url = new URL(authorizedUrl);
  const forged = Buffer.alloc(32, 1).toString('base64');
  const token = url.searchParams.get('token');
  if (token !== null) url.searchParams.set('token', `${token.split('.')[0]}.${Buffer.alloc(32, 1).toString('base64url')}`);
  else url.searchParams.set('h', forged);
  return url.toString();
}

export function apiStatus(r: SessionResponse): unknown {
  return statusIn(r.json);
}

export function data(r: SessionResponse): Record<string, any> {
  return (r.json as { data: Record<string, any> }).data;
}

export async function create(client: SessionClient, body: unknown, options?: CreateSessionOptions): Promise<SessionResponse> {
  return client.createSession(body, options);
}

export interface PageResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function getPage(url: string, init: RequestInit = {}): Promise<PageResponse> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** POSTs a plug-in page action (complete, fail-attempt, cancel) with the authorized URL's token. */
export async function pageAction(authorizedUrl: string, action: string, json = true): Promise<PageResponse & { json?: any }> {
  const url = new URL(authorizedUrl);
  url.pathname = `${url.pathname}/actions/${action}`;
  const res = await getPage(url.toString(), { method: 'POST', headers: json ? { accept: 'application/json' } : {} });
  return { ...res, ...(json && res.headers.get('content-type')?.includes('json') && { json: JSON.parse(res.text) }) };
}

export function withQuery(authorizedUrl: string, change: (params: URLSearchParams) => void): string {
  const url = new URL(authorizedUrl);
  change(url.searchParams);
  return url.toString();
}
