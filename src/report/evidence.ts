// Turns one request/response exchange into evidence a report can show: masked recipient data, no
// secret, and the pieces a person needs to replay it.
import type { TestInfo } from '@playwright/test';
import type { SessionResponse } from '../client/session-client.ts';
import { maskRequestBody, personalValuesOf, scrubText, shapeMaskRequestBody } from './redact.ts';

export interface ExchangeEvidence {
  readonly label: string;
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

export function exchangeEvidence(label: string, exchange: SessionResponse, secrets: readonly string[]): ExchangeEvidence {
  let parsedRequest: unknown;
  try {
    parsedRequest = JSON.parse(exchange.request.body);
  } catch {
    parsedRequest = undefined;
  }
  const personal = personalValuesOf(parsedRequest);
  const requestBody = parsedRequest === undefined ? scrubText(exchange.request.body.slice(0, 2000), secrets) : maskRequestBody(parsedRequest);
  const replayBody = parsedRequest === undefined ? requestBody : JSON.stringify(shapeMaskRequestBody(parsedRequest));
  const responseBody = exchange.json !== undefined ? JSON.parse(scrubText(JSON.stringify(exchange.json), secrets, personal)) : scrubText(exchange.rawBody.slice(0, 2000), secrets, personal);
  return {
    label,
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

/** Attaches an exchange to the running test as JSON evidence (masked, secret-free). */
export async function attachExchange(testInfo: TestInfo, label: string, exchange: SessionResponse, secrets: readonly string[]): Promise<void> {
  await testInfo.attach(`${EVIDENCE_PREFIX}${label}`, {
    body: JSON.stringify(exchangeEvidence(label, exchange, secrets), null, 2),
    contentType: 'application/json',
  });
}
