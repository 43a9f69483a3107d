// Reading and decoding request bodies defensively: a size limit enforced while reading (never
// buffering past it), strict (or replacing) UTF-8, a nesting limit checked before anything walks the
// parsed value.
import type { IncomingMessage } from 'node:http';
import { jsonDepth } from '../../contract/json-depth.ts';

/** After a 413, discard at most this much more of the body before cutting the connection. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

export type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly tooLarge: true };

/** Calls back once with the body, or as soon as it is known to exceed maxBytes. */
export function readBody(req: IncomingMessage, maxBytes: number, done: (result: BodyResult) => void): void {
  const declared = Number(req.headers['content-length']);
  let settled = false;
  let overflow = false;
  let drained = 0;
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = () => {
    overflow = true;
    chunks.length = 0;
    if (!settled) {
      settled = true;
      done({ ok: false, tooLarge: true });
    }
  };
  req.on('data', (chunk: Buffer) => {
    if (overflow) {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) req.socket.destroy();
      return;
    }
    size += chunk.length;
    if (size > maxBytes) return tooLarge();
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
  });
  req.on('error', () => {
    settled = true;
  });
  if (Number.isFinite(declared) && declared > maxBytes) tooLarge();
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
