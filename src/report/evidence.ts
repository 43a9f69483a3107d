// Turns one request/response exchange into evidence a report can show: masked recipient data, no
// secret, and the pieces a person needs to replay it.
import type { TestInfo } from '@playwright/test';
import type { SessionResponse } from '../client/session-client.ts';
import { maskRequestBody, personalValuesOf, scrubText, shapeMaskRequestBody } from './redact.ts';

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
    /** The body as a report's curl replay sends it: recipient values as same-shape placeholders. */
    replayBody?: string;
  };
  readonly response: { status: number; headers: Record<string, string>; body: unknown; elapsedMs: number };
}

export const EVIDENCE_PREFIX = 'evidence: ';

/**
 * Bodies deeper than this are evidence as (truncated) text: masking and re-serialising walk the tree
 * recursively, and robustness checks send bodies nested hundreds of thousands deep.
 */
const MAX_EVIDENCE_DEPTH = 64;

export function exchangeEvidence(label: string, exchange: SessionResponse, secrets: readonly string[], options: { failing?: boolean } = {}): ExchangeEvidence {
  const parsedRequest = parseShallowJson(exchange.request.body);
  const personal = personalValuesOf(parsedRequest);
  const requestBody = parsedRequest === undefined ? scrubText(exchange.request.body.slice(0, 2000), secrets) : maskRequestBody(parsedRequest);
  const replayBody = parsedRequest === undefined ? requestBody : JSON.stringify(shapeMaskRequestBody(parsedRequest));
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
      replayBody: scrubText(String(replayBody), secrets),
    },
    response: {
      status: exchange.status,
      headers: exchange.headers as Record<string, string>,
      body: responseBody,
      elapsedMs: Math.round(exchange.elapsedMs * 10) / 10,
    },
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

/** The deepest nesting of [ and { outside strings; a linear scan, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Attaches an exchange to the running test as JSON evidence (masked, secret-free). */
export async function attachExchange(testInfo: TestInfo, label: string, exchange: SessionResponse, secrets: readonly string[], options: { failing?: boolean } = {}): Promise<void> {
  await testInfo.attach(`${EVIDENCE_PREFIX}${label}`, {
    body: JSON.stringify(exchangeEvidence(label, exchange, secrets, options), null, 2),
    contentType: 'application/json',
  });
}
