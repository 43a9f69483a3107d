// Shared helpers for the simulator's own tests: an in-process simulator with a virtual clock, signed
// clients for the demo participants, valid bodies built from the contract's example, and values of
// a given length built from the contract's field rules (never re-typed limits).
import { randomUUID } from 'node:crypto';
import { SessionClient, type CreateSessionOptions, type SessionResponse } from '../../src/client/session-client.ts';
import type { Credentials } from '../../src/client/signer.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { DEMO_PRIMARY, DEMO_SECONDARY, type Participant } from '../../src/config/demo-participants.ts';
import { loadContract, type FieldRule } from '../../src/contract/index.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/mock/index.ts';

export const contract = loadContract();
export const transport = undiciTransport({ connections: 64 });
export { DEMO_PRIMARY, DEMO_SECONDARY };

export function credentials(p: Participant, algorithm: Credentials['algorithm'] = 'hmac-sha512'): Credentials {
  return { username: p.username, secret: p.secret, algorithm };
}

export interface Harness {
  readonly sim: RunningSimulator;
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
  return { sim, client, secondary: client.withCredentials(credentials(DEMO_SECONDARY)), close: () => sim.close() };
}

export async function withHarness<T>(options: SimulatorOptions, fn: (h: Harness) => Promise<T>): Promise<T> {
  const h = await harness(options);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** The document's example request with a fresh participant_unique_id1 (valid for the primary participant). */
export function validBody(): Record<string, any> {
  const body = contract.exampleRequest() as Record<string, any>;
  body['participant_unique_id1'] = randomUUID();
  return body;
}

/** A valid body for the standard participant: no host_uri (its own default host is used). */
export function secondaryBody(): Record<string, any> {
  const body = validBody();
  delete body['host_uri'];
  return body;
}

export function setAt(body: Record<string, any>, path: readonly string[], value: unknown): Record<string, any> {
  let node = body;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {});
  node[path[path.length - 1]!] = value;
  return body;
}

export function deleteAt(body: Record<string, any>, path: readonly string[]): Record<string, any> {
  let node: any = body;
  for (const part of path.slice(0, -1)) node = node?.[part];
  if (node) delete node[path[path.length - 1]!];
  return body;
}

/** A value of exactly n characters that passes the field's pattern (if any). */
export function valueOfLength(field: FieldRule, n: number): string {
  const found = tryValueOfLength(field, n);
  if (found === undefined) throw new Error(`no value of length ${n} for ${field.key}`);
  return found;
}

export function tryValueOfLength(field: FieldRule, n: number): string | undefined {
  const re = field.pattern ? new RegExp(field.pattern, 'u') : undefined;
  const candidates = [
    'https://' + 'a'.repeat(Math.max(0, n - 8)),
    'a'.repeat(n),
    '1'.repeat(n),
    '12345-' + '6'.repeat(Math.max(0, n - 6)),
  ];
  return candidates.find((c) => c.length === n && (!re || re.test(c)) && (!field.enum || field.enum.includes(c)));
}

export const limitedFields = () => contract.fields.filter((f) => f.type === 'string' && f.maxLength !== undefined && !f.enum);
export const requiredFields = () => contract.fields.filter((f) => f.required);

export function apiStatus(r: SessionResponse): unknown {
  return (r.json as { status?: unknown } | undefined)?.status;
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
