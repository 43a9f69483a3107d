// What goes on the wire, and the writers that put it there with the headers the personality wants
// on every answer (content type, Date, Connection). The writers are compiled once from the transport
// and respond settings; a reply is written with the refusal that caused it (if any) at hand.
import type { ServerResponse } from 'node:http';
import type { Refusal } from './refusal.ts';

export interface Reply {
  readonly httpStatus: number;
  /** A JSON value. Ignored when `text` is set. */
  readonly body?: unknown;
  /** A body already rendered (text/plain, empty); sent as is. */
  readonly text?: string;
  /** Overrides the JSON content type; '' sends no Content-Type at all. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

export interface WireSettings {
  /** The Content-Type of JSON answers. */
  readonly jsonContentType: string;
  /** Whether API answers carry a Date header. */
  readonly dateHeader: boolean;
  /** `Connection: close` on every answer (keep-alive off). */
  readonly connectionClose: boolean;
}

export class ReplyWriter {
  constructor(
    private readonly wire: WireSettings,
    private readonly nowMs: () => number,
  ) {}

  /**
   * An API answer (JSON unless the reply says otherwise). `refusal` is why, when it is a refusal: the
   * one place a log line or an explanation header would name the stage and rule that refused.
   */
  write(res: ServerResponse, reply: Reply, _refusal?: Refusal): void {
    if (res.headersSent || res.destroyed) return;
    const text = reply.text ?? JSON.stringify(reply.body);
    const type = reply.contentType ?? this.wire.jsonContentType;
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' };
    if (type !== '') headers['Content-Type'] = type;
    if (this.wire.dateHeader) headers['Date'] = httpDate(this.nowMs());
    if (this.wire.connectionClose) headers['Connection'] = 'close';
    // Most replies carry no extra headers; copying only when there are some spares an object per request.
    if (reply.headers) Object.assign(headers, reply.headers);
    res.writeHead(reply.httpStatus, headers);
    res.end(text);
  }

  /** A plug-in page JSON answer (Accept: application/json on the page's controls). */
  writePageJson(res: ServerResponse, httpStatus: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      'Content-Type': this.wire.jsonContentType,
      'Content-Length': Buffer.byteLength(text),
      Date: httpDate(this.nowMs()),
      'Cache-Control': 'no-store',
    };
    if (this.wire.connectionClose) headers['Connection'] = 'close';
    res.writeHead(httpStatus, headers);
    res.end(text);
  }

  /** A plug-in page: always with a Date header, whatever the API does. */
  writeHtml(res: ServerResponse, httpStatus: number, html: string, headers: Readonly<Record<string, string>>): void {
    if (res.headersSent || res.destroyed) return;
    const all: Record<string, string | number> = {
      'Content-Type': HTML_TYPE,
      'Content-Length': Buffer.byteLength(html),
      Date: httpDate(this.nowMs()),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...headers,
    };
    if (this.wire.connectionClose) all['Connection'] = 'close';
    res.writeHead(httpStatus, all);
    res.end(html);
  }
}

export function message(httpStatus: number, text: string, headers?: Record<string, string>): Reply {
  return { httpStatus, body: { message: text }, ...(headers && { headers }) };
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

/** Seconds since the request arrived, as the document's `time` (a decimal). */
export function elapsedSeconds(startedAt: number): number {
  return Math.round(performance.now() - startedAt) / 1000;
}
