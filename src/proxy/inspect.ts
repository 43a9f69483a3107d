// Both sides of one exchange: the request (request-checks.ts, the integrator's client) and the
// response (the contract's ALWAYS_ON checks from src/checks, the server). A create-session call is
// checked; any other request is only forwarded and recorded. An upstream that could not be reached is
// infrastructure trouble, never a verdict on either side.
import type { SessionResponse } from '../client/session-client.ts';
import { ALWAYS_ON, runChecks } from '../checks/index.ts';
import { SESSION_PATH, type Contract } from '../contract/index.ts';
import { checkCreateRequest } from './request-checks.ts';
import type { Exchange, ExchangeClass, Inspection, ProxyParticipant } from './types.ts';
import { jsonOfBody } from '../client/answer.ts';

export interface InspectContext {
  readonly contract: Contract;
  readonly participants: readonly ProxyParticipant[];
  readonly upstream: string;
}

export function inspect(exchange: Exchange, ctx: InspectContext): Inspection {
  const { request, outcome } = exchange;
  const createSession = request.method === 'POST' && request.target.split('?')[0] === SESSION_PATH;
  if (!createSession) return { createSession, request: [], response: [], classification: outcome.kind === 'upstream-error' ? 'infrastructure' : 'not-checked' };
  const checked = checkCreateRequest(request, ctx.participants, ctx.contract, exchange.receivedAtMs);
  const base = { createSession, signing: checked.signing, ...(checked.json !== undefined && { json: checked.json }), request: checked.findings };
  if (outcome.kind === 'upstream-error') return { ...base, response: [], classification: 'infrastructure' };
  const participant = ctx.participants.find((p) => p.username === checked.signing.username);
  const response = runChecks(ALWAYS_ON, asSessionResponse(exchange, ctx.upstream), {
    contract: ctx.contract,
    secrets: ctx.participants.map((p) => p.secret),
    ...(participant && {
      credentials: { username: participant.username, secret: participant.secret, algorithm: algorithmOf(checked.signing.algorithm) },
      participant: { paypal_enabled: participant.paypal_enabled, host_uris: participant.host_uris },
    }),
  });
  const client = checked.findings.some((f) => f.kind === 'fail');
  const server = response.some((f) => f.kind === 'fail');
  const classification: ExchangeClass = client && server ? 'client-and-server' : client ? 'client' : server ? 'server' : 'ok';
  return { ...base, response, classification };
}

function algorithmOf(name: string | undefined): 'hmac-sha512' | 'hmac-sha256' {
  return name === 'hmac-sha256' ? 'hmac-sha256' : 'hmac-sha512';
}

/** The exchange in the shape the contract's checks read (src/checks work on SessionResponse). */
export function asSessionResponse(exchange: Exchange, upstream: string): SessionResponse {
  const { request, outcome } = exchange;
  if (outcome.kind === 'upstream-error') throw new Error('no response to check');
  const rawBody = outcome.body.toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = value;
  const key = request.headers['idempotency-key'];
  const date = outcome.headers['date'];
  const serverDate = date ? new Date(date) : undefined;
  return {
    request: { method: 'POST', url: new URL(request.target, upstream).toString(), headers, body: Buffer.from(request.body).toString('utf8'), ...(key !== undefined && { idempotencyKey: key }) },
    status: outcome.status,
    headers: outcome.headers,
    rawBody,
    json: jsonOfBody(rawBody),
    elapsedMs: exchange.upstreamMs,
    sentAt: new Date(exchange.receivedAtMs),
    ...(serverDate && !Number.isNaN(serverDate.getTime()) && { serverDate }),
  };
}
