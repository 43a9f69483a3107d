// Turns one request/response exchange into evidence a report can show: masked recipient data, no
// secret, and the pieces a person needs to replay it.
import type { TestInfo } from '@playwright/test';
import type { SessionResponse, SigningRecord } from '../client/session-client.ts';
import { maskPersonalValuesInBodyText, maskRequestBody, maskValue, personalValuesInBodyText, personalValuesOf, scrubText, shapeMaskBodyBytes, shapeMaskText } from './redact.ts';
import { jsonDepth } from '../contract/json-depth.ts';

export interface ExchangeEvidence {
  readonly label: string;
  /** The exchange a check failed on: the report's reproduction replays the last such exchange. */
  readonly failing?: boolean;
  readonly request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: unknown;
    idempotencyKey?: string;
    /**
     * The body as a report's curl replay sends it: the bytes as sent, recipient values replaced by
     * same-shape placeholders where they stand (letters → x, digits → 9), formatting kept.
     */
    replayBody?: string;
    /** The same, base64, for a body whose bytes are not valid UTF-8 (the replay must send those bytes). */
    replayBodyBase64?: string;
    /** How it was signed (deliberate mistakes, a body changed after signing), masked like the body. */
    signing?: SigningRecord;
  };
  readonly response: { status: number; headers: Record<string, string>; body: unknown; elapsedMs: number };
  /** How the answer came about, when it took more than one request. */
  readonly note?: string;
}

export const EVIDENCE_PREFIX = 'evidence: ';

/**
 * Bodies deeper than this are evidence as (truncated) text: masking and re-serialising walk the tree
 * recursively, and robustness checks send bodies nested hundreds of thousands deep.
 */
const MAX_EVIDENCE_DEPTH = 64;
/** A body longer than this is not kept for replay (the report shows its start; re-run the check instead). */
const MAX_REPLAY_CHARS = 16_000;

export function exchangeEvidence(label: string, exchange: SessionResponse, secrets: readonly string[], options: { failing?: boolean } = {}): ExchangeEvidence {
  const sent = exchange.request.body;
  const parsedRequest = parseShallowJson(sent);
  const personal = parsedRequest === undefined ? personalValuesInBodyText(sent.slice(0, MAX_REPLAY_CHARS)) : personalValuesOf(parsedRequest);
  // A body that is no JSON (truncated, single quotes, invalid UTF-8) is shown as text, its personal values masked by field name.
  const requestBody = parsedRequest === undefined ? scrubText(maskPersonalValuesInBodyText(sent.slice(0, 2000), (v) => String(maskValue(v))), secrets, personal) : maskRequestBody(parsedRequest);
  const replay = replayOf(exchange, secrets, personal);
  const responseBody = exchange.json !== undefined && jsonDepth(exchange.rawBody) <= MAX_EVIDENCE_DEPTH ? JSON.parse(scrubText(JSON.stringify(exchange.json), secrets, personal)) : scrubText(exchange.rawBody.slice(0, 2000), secrets, personal);
  return {
    label,
    ...(options.failing && { failing: true }),
    request: {
      method: exchange.request.method,
      url: exchange.request.url,
      headers: JSON.parse(scrubText(JSON.stringify(exchange.request.headers), secrets)),
      body: requestBody,
      ...(exchange.request.idempotencyKey !== undefined && { idempotencyKey: exchange.request.idempotencyKey }),
      ...replay,
    },
    response: {
      status: exchange.status,
      headers: exchange.headers as Record<string, string>,
      body: responseBody,
      elapsedMs: Math.round(exchange.elapsedMs * 10) / 10,
    },
    ...(exchange.note && { note: exchange.note }),
  };
}

/** What a replay sends: the body (or its bytes) and how it was signed, personal values as placeholders. */
function replayOf(exchange: SessionResponse, secrets: readonly string[], personal: readonly string[]): Pick<ExchangeEvidence['request'], 'replayBody' | 'replayBodyBase64' | 'signing'> {
  const { body, bodyBase64, signing } = exchange.request;
  if (body.length > MAX_REPLAY_CHARS) return {};
  const mask = (text: string) => scrubText(maskPersonalValuesInBodyText(text, shapeMaskText), secrets);
  const replayBody = mask(body);
  const replayBodyBase64 = bodyBase64 === undefined ? undefined : shapeMaskBodyBytes(Buffer.from(bodyBase64, 'base64')).toString('base64');
  let signedBody = signing?.signedBody === undefined ? undefined : mask(signing.signedBody);
  // Signed and sent bodies that differ only in personal values mask alike: keep them different, or the replay would sign what it sends.
  if (signedBody !== undefined && signedBody === replayBody && signing!.signedBody !== body) signedBody = signedBody.replace(/[xX9]/, (c) => (c === '9' ? '8' : c === 'x' ? 'y' : 'Y'));
  const unsignedHeaders = signing?.unsignedHeaders && JSON.parse(scrubText(JSON.stringify(signing.unsignedHeaders), secrets, personal));
  return {
    replayBody,
    ...(replayBodyBase64 !== undefined && { replayBodyBase64 }),
    ...(signing && { signing: { contentType: signing.contentType, ...(signing.tweak && { tweak: JSON.parse(scrubText(JSON.stringify(signing.tweak), secrets)) }), ...(signedBody !== undefined && { signedBody }), ...(unsignedHeaders && { unsignedHeaders }) } }),
  };
}

/** The parsed body, or undefined when it is not JSON or nested deeper than MAX_EVIDENCE_DEPTH. */
function parseShallowJson(text: string): unknown {
  if (jsonDepth(text) > MAX_EVIDENCE_DEPTH) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Attaches an exchange to the running test as JSON evidence (masked, secret-free). Pushed onto
 * testInfo.attachments (what testInfo.attach does, reporters see the same attachment) rather than
 * through testInfo.attach, which wraps each one in a step with a source-mapped stack trace: a test
 * attaches up to 60 exchanges, and those traces were most of the cost of attaching.
 */
export async function attachExchange(testInfo: TestInfo, label: string, exchange: SessionResponse, secrets: readonly string[], options: { failing?: boolean } = {}): Promise<void> {
  testInfo.attachments.push({
    name: `${EVIDENCE_PREFIX}${label}`,
    body: Buffer.from(JSON.stringify(exchangeEvidence(label, exchange, secrets, options), null, 2), 'utf8'),
    contentType: 'application/json',
  });
}
