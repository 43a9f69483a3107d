// Reading and decoding request bodies defensively: a size limit enforced while reading (never
// buffering past it), strict (or replacing) UTF-8, a nesting limit checked before anything walks the
// parsed value.
import type { IncomingMessage } from 'node:http';
import { jsonDepth } from '../../contract/json-depth.ts';

/** After a 413, discard at most this much more of the body before cutting the connection. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

export type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly tooLarge: true };

/**
 * Calls back once with the body, or as soon as it is known to exceed maxBytes. The listeners are
 * anonymous on purpose: tsx compiles with esbuild's keepNames, which wraps every *named* function
 * expression (`const f = () => ...`) in an Object.defineProperty call that runs each time the closure
 * is created; here that was once per request, and the costliest thing the body reader did.
 */
export function readBody(req: IncomingMessage, maxBytes: number, done: (result: BodyResult) => void): void {
  const reader = new BodyReader(req, maxBytes, done);
  req.on('data', (chunk: Buffer) => reader.data(chunk));
  req.on('end', () => reader.end());
  req.on('error', () => reader.error());
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) reader.tooLarge();
}

/** The state of one body being read, shared by its listeners. */
class BodyReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private overflow = false;
  private drained = 0;

  constructor(
    private readonly req: IncomingMessage,
    private readonly maxBytes: number,
    private readonly done: (result: BodyResult) => void,
  ) {}

  data(chunk: Buffer): void {
    if (this.overflow) {
      this.drained += chunk.length;
      if (this.drained > DRAIN_LIMIT_BYTES) this.req.socket.destroy();
      return;
    }
    this.size += chunk.length;
    if (this.size > this.maxBytes) return this.tooLarge();
    this.chunks.push(chunk);
  }

  end(): void {
    if (this.settled) return;
    this.settled = true;
    const { chunks } = this;
    this.done({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size) });
  }

  error(): void {
    this.settled = true;
  }

  tooLarge(): void {
    this.overflow = true;
    this.chunks.length = 0;
    if (!this.settled) {
      this.settled = true;
      this.done({ ok: false, tooLarge: true });
    }
  }
}

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const replacingDecoder = new TextDecoder('utf-8');

/** invalidUtf8: refuse the body, or decode it with U+FFFD replacement characters (then judge the text). */
export function parseJsonBody(body: Buffer, invalidUtf8: 'refuse' | 'replace' = 'refuse'): ParsedJson {
  let text: string;
  try {
    text = (invalidUtf8 === 'refuse' ? strictDecoder : replacingDecoder).decode(body);
  } catch {
    return { ok: false, message: 'The request body is not valid UTF-8.' };
  }
  // A body starting with "{" is not blank; only other bodies pay for a trimmed copy.
  if (text.charCodeAt(0) !== 0x7b && text.trim() === '') return { ok: false, message: 'A non-empty request body is required.' };
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { ok: false, message: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `The request body is not valid JSON: ${(error as Error).message}` };
  }
}
