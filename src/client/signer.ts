// The "hmac" request signature of contract-notes.md. The body is serialised once by the caller and the
// signer hashes exactly those bytes, so what is signed is what is sent.
import { createHash, createHmac } from 'node:crypto';
import type { HmacAlgorithmName, HmacScheme } from '../contract/index.ts';

export interface Credentials {
  readonly username: string;
  readonly secret: string;
  readonly algorithm: HmacAlgorithmName;
}

export interface SigningInput {
  readonly method: string;
  /** Path and query, e.g. /api/v1/sessions/point-in-time/plugin */
  readonly path: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly date: Date;
}

/**
 * Deliberate deviations, for negative tests and for diagnosing a refused signature. Each one is a
 * mistake integrators really make (contract-notes.md) or an attack the server must refuse.
 */
export interface SigningTweak {
  /** Shift X-Date by this many seconds (clock skew). */
  readonly skewSeconds?: number;
  /** Encode the body digest as hex instead of base64 of the raw digest. */
  readonly digestEncoding?: 'hex';
  /** Sign the signing string's HMAC as hex before base64 (hex instead of raw digest). */
  readonly signatureEncoding?: 'hex-then-base64';
  /** The header list named in Authorization and used for the signing string. */
  readonly signedHeaders?: readonly string[];
  /** Compute with this algorithm while the header still names the configured one. */
  readonly computeWith?: HmacAlgorithmName;
  /** Use another secret (a wrong secret). */
  readonly secret?: string;
  /** Use another username (an unknown user). */
  readonly username?: string;
  /** Headers to leave out of the request entirely (lower-case names, or 'authorization'). */
  readonly omitHeaders?: readonly string[];
  /** Header values that replace the computed ones after signing. */
  readonly overrideHeaders?: Readonly<Record<string, string>>;
}

export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly signingString: string;
  readonly signature: string;
}

export function bodyDigest(body: Uint8Array, encoding: 'base64' | 'hex' = 'base64'): string {
  return createHash('sha512').update(body).digest(encoding);
}

/** One line per listed header, in order, joined by \n, no trailing newline. */
export function signingString(names: readonly string[], requestLine: string, headers: Readonly<Record<string, string>>): string {
  return names
    .map((name) => {
      if (name === 'request-line') return requestLine;
      const value = lookup(headers, name);
      if (value === undefined) throw new Error(`cannot sign header ${name}: it is not in the request`);
      return `${name}: ${value}`;
    })
    .join('\n');
}

export function sign(scheme: HmacScheme, credentials: Credentials, input: SigningInput, tweak: SigningTweak = {}): SignedRequest {
  const date = new Date(input.date.getTime() + (tweak.skewSeconds ?? 0) * 1000);
  const headers: Record<string, string> = {
    [scheme.dateHeader]: date.toUTCString(),
    'Content-Type': input.contentType,
    [scheme.digestHeader]: bodyDigest(input.body, tweak.digestEncoding === 'hex' ? 'hex' : 'base64'),
    'Content-Length': String(input.body.byteLength),
  };
  const names = tweak.signedHeaders ?? scheme.signedHeaders;
  const requestLine = `${input.method.toUpperCase()} ${input.path} HTTP/1.1`;
  const text = signingString(names, requestLine, headers);
  const digestName = scheme.algorithms[tweak.computeWith ?? credentials.algorithm];
  const hmac = createHmac(digestName, tweak.secret ?? credentials.secret).update(text, 'utf8');
  const signature =
    tweak.signatureEncoding === 'hex-then-base64' ? Buffer.from(hmac.digest('hex'), 'utf8').toString('base64') : hmac.digest('base64');
  headers['Authorization'] =
    `${scheme.scheme} username="${tweak.username ?? credentials.username}", algorithm="${credentials.algorithm}", ` +
    `headers="${names.join(' ')}", signature="${signature}"`;
  for (const [name, value] of Object.entries(tweak.overrideHeaders ?? {})) setHeader(headers, name, value);
  for (const name of tweak.omitHeaders ?? []) deleteHeader(headers, name);
  return { headers, signingString: text, signature };
}

/** The scheme and the whitespace after it; then one `name="value"` parameter and its comma. */
const AUTH_SCHEME = /\s*([A-Za-z0-9-]+)\s+/y;
const AUTH_PARAM = /\s*([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;

/**
 * Parses `hmac username="u", algorithm="a", headers="h1 h2", signature="s"`. Sticky expressions
 * compiled once, matched where the previous one stopped: the simulator parses one per request.
 */
export function parseAuthorization(value: string): { scheme: string; params: Record<string, string> } | undefined {
  AUTH_SCHEME.lastIndex = 0;
  const scheme = AUTH_SCHEME.exec(value);
  if (!scheme) return undefined;
  const params: Record<string, string> = {};
  let consumed = AUTH_SCHEME.lastIndex;
  while (consumed < value.length) {
    AUTH_PARAM.lastIndex = consumed;
    const m = AUTH_PARAM.exec(value);
    if (!m) break;
    params[m[1]!.toLowerCase()] = m[2]!;
    consumed = AUTH_PARAM.lastIndex;
  }
  if (value.slice(consumed).trim() !== '') return undefined;
  return { scheme: scheme[1]!.toLowerCase(), params };
}

function lookup(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  deleteHeader(headers, name);
  headers[name] = value;
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
}
