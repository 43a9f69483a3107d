// Response bodies in the document's shapes, and the writers that put them on the wire with the
// headers every answer carries (JSON content type, a Date from the simulator's clock).
import type { ServerResponse } from 'node:http';
import type { FieldErrors } from './validation.ts';

export interface Reply {
  readonly httpStatus: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Seconds since the request arrived, as the document's `time` (a decimal). */
export function elapsedSeconds(startedAt: number): number {
  return Math.round(performance.now() - startedAt) / 1000;
}

export function validationError(errors: FieldErrors, startedAt: number, asArray = false): Reply {
  return {
    httpStatus: 400,
    body: {
      status: 13400,
      client_message: 'Field validation error - See data element for validation error details',
      developer_message: 'invalid_request_fields',
      data: asArray ? Object.values(errors).flat() : errors,
      time: elapsedSeconds(startedAt),
    },
  };
}

export function idempotencyMismatch(key: string, participantId: string, startedAt: number): Reply {
  return {
    httpStatus: 400,
    body: {
      status: 13723,
      client_message: `Idempotency Key ${key} for ParticipantId ${participantId} does not match the original request`,
      developer_message: 'invalid_idempotent_request',
      data: null,
      time: elapsedSeconds(startedAt),
    },
  };
}

/**
 * Not in the document: an idempotent re-request for a session that can no longer be re-authorised
 * (Completed, Canceled, Max Attempts Exceeded). The document's error shape, a status of our own.
 */
export const SESSION_NOT_REAUTHORIZABLE = 13724;

export function sessionNotReauthorizable(sessionId: string, state: string, startedAt: number): Reply {
  return {
    httpStatus: 409,
    body: {
      status: SESSION_NOT_REAUTHORIZABLE,
      client_message: `Session ${sessionId} is ${state} and cannot be re-authorized; create a new session with a new Idempotency-Key`,
      developer_message: 'session_not_reauthorizable',
      data: { session_identifier: sessionId, session_state: state },
      time: elapsedSeconds(startedAt),
    },
  };
}

export const UNAUTHORIZED: Reply = { httpStatus: 401, body: { message: 'Unauthorized' } };

export function message(httpStatus: number, text: string, headers?: Record<string, string>): Reply {
  return { httpStatus, body: { message: text }, ...(headers && { headers }) };
}

export function sendJson(res: ServerResponse, reply: Reply, date: Date, contentType = JSON_TYPE): void {
  writeJson(res, reply, date.toUTCString(), contentType);
}

/** sendJson for a clock reading in ms: the API's hot path, which reuses the Date text per second. */
export function sendJsonAt(res: ServerResponse, reply: Reply, nowMs: number, contentType = JSON_TYPE): void {
  writeJson(res, reply, httpDate(nowMs), contentType);
}

function writeJson(res: ServerResponse, reply: Reply, date: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(reply.body);
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    Date: date,
    'Cache-Control': 'no-store',
  };
  // Most replies carry no extra headers; copying only when there are some spares an object per request.
  if (reply.headers) Object.assign(headers, reply.headers);
  res.writeHead(reply.httpStatus, headers);
  res.end(text);
}

let cachedSecond = NaN;
let cachedDate = '';

/**
 * The HTTP Date text for a clock reading. It has one-second resolution, so the text is rebuilt only
 * when the (possibly virtual) clock's second changes, not for every response.
 */
export function httpDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}

export function sendHtml(res: ServerResponse, httpStatus: number, html: string, date: Date, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(httpStatus, {
    'Content-Type': HTML_TYPE,
    'Content-Length': Buffer.byteLength(html),
    Date: date.toUTCString(),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(html);
}
