// What a certification run saw, and the views the item graders read. The proxy contributes every API
// exchange (checked); the simulator, when it is the upstream, every plug-in page request. From them:
// the create-session calls in order, with who sent them, their key, a hash of their body's canonical
// JSON (the server compares parameters, not bytes), how they were answered and which URL they got.
import { createHash } from 'node:crypto';
import { dataIn, statusIn, type Contract } from '../contract/index.ts';
import type { PageEvent } from '../mock/index.ts';
import { canonicalJson } from '../mock/store/keys.ts';
import type { InspectedExchange, ProxyParticipant } from '../proxy/types.ts';

export interface Capabilities {
  /** The plug-in page's requests were observed (the simulator is the upstream). */
  readonly pages: boolean;
  /** The proxy cut the connection of the first keyed create-session request once the session existed. */
  readonly drop: boolean;
  /** The simulator answered the first open of a keyed session's URL as expired. */
  readonly plantedExpiry: boolean;
  /** The participants' white-lists are known whole (the simulator's own), not only the configured host. */
  readonly participantsComplete: boolean;
}

export interface Journal {
  readonly exchanges: readonly InspectedExchange[];
  readonly pages: readonly PageEvent[];
  readonly participants: readonly ProxyParticipant[];
  readonly capabilities: Capabilities;
  readonly contract: Contract;
  /** Where the plug-in pages are served from, when they are observed. */
  readonly upstream: string;
}

export interface CreateCall {
  readonly seq: number;
  readonly receivedAtMs: number;
  readonly answeredAtMs: number;
  readonly username?: string;
  readonly participant?: ProxyParticipant;
  /** The Idempotency-Key; undefined when absent or empty. */
  readonly key?: string;
  /** The raw header, '' when sent empty. */
  readonly keyHeader?: string;
  /** sha256 of the body's canonical JSON (or of its bytes when it is no JSON). */
  readonly bodyHash: string;
  readonly json?: unknown;
  readonly outcome: 'answered' | 'dropped' | 'upstream-error';
  readonly httpStatus?: number;
  readonly apiStatus?: number;
  readonly sessionId?: string;
  readonly url?: string;
  /** The authorized_url's t parameter (its identity on the page's side). */
  readonly urlT?: string;
  readonly urlExpiresAtMs?: number;
  readonly exchange: InspectedExchange;
}

export type PageOpen = Extract<PageEvent, { kind: 'open' }>;

export function createCalls(journal: Journal): CreateCall[] {
  return journal.exchanges
    .filter((e) => e.inspection.createSession)
    .sort((a, b) => a.seq - b.seq)
    .map((exchange) => {
      const { request, outcome, inspection } = exchange;
      const username = inspection.signing?.username;
      const participant = journal.participants.find((p) => p.username === username);
      const keyHeader = request.headers[journal.contract.idempotencyKey.header.toLowerCase()];
      const answered = outcome.kind === 'upstream-error' ? undefined : parseJson(outcome.body);
      const data = dataIn(answered);
      const url = typeof data?.['authorized_url'] === 'string' ? data['authorized_url'] : undefined;
      const expiry = typeof data?.['authorized_url_expiration_utc'] === 'string' ? Date.parse(data['authorized_url_expiration_utc']) : Number.NaN;
      const apiStatus = statusIn(answered);
      const urlT = url ? tokenOf(url) : undefined;
      return {
        seq: exchange.seq,
        receivedAtMs: exchange.receivedAtMs,
        answeredAtMs: exchange.answeredAtMs,
        ...(username !== undefined && { username }),
        ...(participant && { participant }),
        ...(keyHeader !== undefined && keyHeader !== '' && { key: keyHeader }),
        ...(keyHeader !== undefined && { keyHeader }),
        bodyHash: inspection.json !== undefined ? hash(canonicalJson(inspection.json)) : hash(Buffer.from(request.body)),
        ...(inspection.json !== undefined && { json: inspection.json }),
        outcome: outcome.kind,
        ...(outcome.kind !== 'upstream-error' && { httpStatus: outcome.status }),
        ...(typeof apiStatus === 'number' && { apiStatus }),
        ...(typeof data?.['session_identifier'] === 'string' && { sessionId: data['session_identifier'] }),
        ...(url && { url }),
        ...(urlT && { urlT }),
        ...(!Number.isNaN(expiry) && { urlExpiresAtMs: expiry }),
        exchange,
      };
    });
}

/** A created session: 100 on a 2xx (whether the client got the answer or the connection was cut). */
export function created(call: CreateCall): boolean {
  return call.apiStatus === 100 && call.httpStatus !== undefined && call.httpStatus >= 200 && call.httpStatus < 300;
}

export function replayed(call: CreateCall): boolean {
  return call.apiStatus === 101 && call.httpStatus !== undefined && call.httpStatus >= 200 && call.httpStatus < 300;
}

/** Same participant (or both unknown). */
export function sameSender(a: CreateCall, b: CreateCall): boolean {
  return a.username === b.username;
}

/** The page opens in arrival order (GET and HEAD of /session/<id>). */
export function pageOpens(journal: Journal): PageOpen[] {
  return journal.pages.filter((e): e is PageOpen => e.kind === 'open');
}

/** The URLs the client received (answered 100/101; a cut connection's URL never reached it). */
export function issuedUrls(calls: readonly CreateCall[]): CreateCall[] {
  return calls.filter((c) => c.outcome === 'answered' && (created(c) || replayed(c)) && c.sessionId !== undefined && c.urlT !== undefined);
}

/** The call that issued the URL a page open asked for. */
export function issuerOf(open: PageOpen, calls: readonly CreateCall[]): CreateCall | undefined {
  return calls.find((c) => c.sessionId === open.sessionId && c.urlT !== undefined && c.urlT === open.t);
}

/** The key that created a session, and the call that did. */
export function creationOf(sessionId: string, calls: readonly CreateCall[]): CreateCall | undefined {
  return calls.find((c) => created(c) && c.sessionId === sessionId);
}

export function tokenOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('t') ?? undefined;
  } catch {
    return undefined;
  }
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Math.abs(s) < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

function hash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
