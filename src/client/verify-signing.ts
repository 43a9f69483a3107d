// Checks a received request's "hmac" signature (contract-notes.md) with the participant's secret and,
// when it is wrong, names the mistake from the catalogue (signing-mistakes.ts) by recomputing the
// signature the way each mistake would have made it. Used where the secret is known: the explaining
// simulator, the validation proxy and the client card. Nothing it returns contains the secret.
import { createHash, createHmac } from 'node:crypto';
import type { HmacScheme } from '../contract/index.ts';
import { signingMistake, type MistakeId } from './signing-mistakes.ts';
import { parseAuthorization } from './signer.ts';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as received, e.g. /api/v1/sessions/point-in-time/plugin */
  readonly target: string;
  /** e.g. "1.1" */
  readonly httpVersion: string;
  /** Lower-case names; a repeated header's values joined by ", ". */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

export interface KeyHolder {
  readonly username: string;
  readonly secret: string;
}

export interface DetectedMistake {
  readonly id: MistakeId;
  readonly title: string;
  /** The specifics of this request (which header, how many seconds, which algorithm). */
  readonly detail: string;
  readonly fix: string;
}

export interface XDateVerdict {
  readonly value?: string;
  /** X-Date minus the server's clock, in seconds (negative: behind). */
  readonly skewSeconds?: number;
  /** Within the allowed window, and an RFC 1123 date. */
  readonly fresh: boolean;
  readonly mistake?: DetectedMistake;
}

export interface SigningVerdict {
  /** Signed correctly over the exact bytes sent (X-Date's freshness is judged apart, in xDate). */
  readonly ok: boolean;
  readonly username?: string;
  /** Whether the username is a participant we hold the secret of (otherwise nothing could be verified). */
  readonly known: boolean;
  readonly algorithm?: string;
  readonly mistake?: DetectedMistake;
  /** The signing string a correct client would have signed for these bytes (the documented list). */
  readonly built?: string;
  /** The signing string the request implies (its own list, its header values as sent). */
  readonly implied?: string;
  readonly xDate: XDateVerdict;
}

const RFC_1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset=UTF-8', 'text/plain;charset=UTF-8'];

export function verifySigning(request: ReceivedRequest, holders: readonly KeyHolder[], scheme: HmacScheme, nowMs: number): SigningVerdict {
  const xDate = judgeXDate(request.headers[scheme.dateHeader.toLowerCase()], scheme, nowMs);
  const header = request.headers['authorization'];
  const fail = (id: MistakeId, detail: string, extra: Partial<SigningVerdict> = {}): SigningVerdict => ({ ok: false, known: false, xDate, ...extra, mistake: found(id, detail) });
  if (header === undefined) return fail('no-authorization', 'no Authorization header');
  const parsed = parseAuthorization(header);
  if (!parsed || parsed.scheme !== scheme.scheme) return fail('malformed-authorization', `the scheme is ${JSON.stringify(parsed?.scheme ?? header.split(/\s/)[0] ?? '')}, not "${scheme.scheme}"`);
  const { username, algorithm, headers: list, signature } = parsed.params;
  if (username === undefined || algorithm === undefined || list === undefined || signature === undefined) {
    const missing = (['username', 'algorithm', 'headers', 'signature'] as const).filter((k) => parsed.params[k] === undefined);
    return fail('malformed-authorization', `Authorization lacks ${missing.join(', ')}`);
  }
  const names = list.toLowerCase().split(/\s+/).filter((n) => n !== '');
  const ctx = new Recompute(request, scheme, names, signature);
  const base = { username, algorithm, known: false, xDate, built: ctx.built(), ...(ctx.implied !== undefined && { implied: ctx.implied }) };
  const holder = holders.find((h) => h.username === username);
  if (!holder) {
    const other = ctx.implied === undefined ? undefined : holders.find((h) => ctx.anyAlgorithmMatches(h.secret, ctx.implied!));
    if (other) return { ...base, ok: false, mistake: found('wrong-username', `the request names ${JSON.stringify(username)} but is signed with the secret of ${other.username}`) };
    return { ...base, ok: false, mistake: found('unknown-username', `${JSON.stringify(username)} is not a participant of this server`) };
  }
  const known = { ...base, known: true };
  const digestName = algorithmDigest(scheme, algorithm);
  if (!digestName) {
    const matching = ctx.implied === undefined ? undefined : Object.entries(scheme.algorithms).find(([, d]) => ctx.hmac(d, holder.secret, ctx.implied!) === signature)?.[0];
    return { ...known, ok: false, mistake: found('wrong-algorithm-name', `algorithm="${algorithm}" is not one of ${Object.keys(scheme.algorithms).map((a) => `"${a}"`).join(', ')}${matching ? `; the signature is a valid ${scheme.algorithms[matching as keyof HmacScheme['algorithms']].toUpperCase()} HMAC: name it algorithm="${matching}"` : ''}`) };
  }
  const missingName = scheme.signedHeaders.find((n) => !names.includes(n));
  if (missingName) return { ...known, ok: false, mistake: found('headers-list-incomplete', `headers="${list}" lacks ${missingName}`) };
  const absent = names.find((n) => n !== 'request-line' && request.headers[n] === undefined);
  if (absent) return { ...known, ok: false, mistake: found('signed-header-missing', `${absent} is listed in headers="…" but the request has no ${absent} header`) };

  const bytesMistake = ctx.digestMistake() ?? ctx.lengthMistake();
  if (bytesMistake) return { ...known, ok: false, mistake: bytesMistake };
  if (ctx.hmac(digestName, holder.secret, ctx.implied!) === signature) return { ...known, ok: true };
  const mistake = ctx.signatureMistake(holder.secret, digestName, algorithm);
  const other = mistake.id === 'wrong-secret' ? holders.find((h) => h !== holder && ctx.anyAlgorithmMatches(h.secret, ctx.implied!)) : undefined;
  if (other) return { ...known, ok: false, mistake: found('wrong-username', `the request names ${JSON.stringify(username)} but is signed with the secret of ${other.username}`) };
  return { ...known, ok: false, mistake };
}

/** X-Date against the server's clock: present, an RFC 1123 date, within the window. */
export function judgeXDate(value: string | undefined, scheme: HmacScheme, nowMs: number): XDateVerdict {
  if (value === undefined) return { fresh: false, mistake: found('x-date-format', `no ${scheme.dateHeader} header`) };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { value, fresh: false, mistake: found('x-date-format', `${scheme.dateHeader} ${JSON.stringify(value.slice(0, 60))} is not a date`) };
  const skewSeconds = Math.round((ms - nowMs) / 100) / 10;
  if (Math.abs(ms - nowMs) > scheme.clockSkewSeconds * 1000) {
    const direction = skewSeconds < 0 ? 'behind' : 'ahead of';
    // X-Date has whole seconds: say how far it is at least.
    return { value, skewSeconds, fresh: false, mistake: found('x-date-skew', `${scheme.dateHeader} is ${Math.abs(Math.trunc((ms - nowMs) / 1000))} s ${direction} the server's clock (allowed ±${scheme.clockSkewSeconds} s)`) };
  }
  if (!RFC_1123.test(value)) return { value, skewSeconds, fresh: false, mistake: found('x-date-format', `${scheme.dateHeader} ${JSON.stringify(value.slice(0, 60))} is a date, but not in RFC 1123 form`) };
  return { value, skewSeconds, fresh: true };
}

function found(id: MistakeId, detail: string): DetectedMistake {
  const m = signingMistake(id);
  return { id, title: m.title, detail, fix: m.fix };
}

function algorithmDigest(scheme: HmacScheme, name: string): string | undefined {
  return Object.hasOwn(scheme.algorithms, name) ? scheme.algorithms[name as keyof HmacScheme['algorithms']] : undefined;
}

/** Recomputes digests and signatures of one request, with the mistakes of the catalogue made. */
class Recompute {
  readonly requestLine: string;
  /** undefined when a listed header is missing from the request. */
  readonly implied: string | undefined;
  private readonly digestHeader: string;

  constructor(
    private readonly request: ReceivedRequest,
    private readonly scheme: HmacScheme,
    private readonly names: readonly string[],
    private readonly signature: string,
  ) {
    this.requestLine = `${request.method} ${request.target} HTTP/${request.httpVersion}`;
    this.digestHeader = scheme.digestHeader.toLowerCase();
    this.implied = this.signingString(names, {});
  }

  /** The documented list, with the values a correct client would have sent for these bytes. */
  built(): string {
    const correct: Record<string, string> = { [this.digestHeader]: digest(this.request.body, 'base64'), 'content-length': String(this.request.body.byteLength) };
    return this.scheme.signedHeaders.map((n) => (n === 'request-line' ? this.requestLine : `${n}: ${correct[n] ?? this.request.headers[n] ?? '(absent)'}`)).join('\n');
  }

  signingString(names: readonly string[], replace: Readonly<Record<string, string>>, requestLine = this.requestLine): string | undefined {
    const lines: string[] = [];
    for (const name of names) {
      if (name === 'request-line') {
        lines.push(requestLine);
        continue;
      }
      const value = replace[name] ?? this.request.headers[name];
      if (value === undefined) return undefined;
      lines.push(`${name}: ${value}`);
    }
    return lines.join('\n');
  }

  hmac(digestName: string, secret: string, text: string, encoding: 'base64' | 'hex' = 'base64'): string {
    return createHmac(digestName, secret).update(text, 'utf8').digest(encoding);
  }

  anyAlgorithmMatches(secret: string, text: string): boolean {
    return Object.values(this.scheme.algorithms).some((d) => this.hmac(d, secret, text) === this.signature);
  }

  digestMistake(): DetectedMistake | undefined {
    const sent = this.request.headers[this.digestHeader];
    const body = this.request.body;
    if (sent === undefined || sent === digest(body, 'base64')) return undefined;
    const name = this.scheme.digestHeader;
    if (sent.toLowerCase() === digest(body, 'hex')) return found('hex-digest', `${name} is the 128-character hex digest; the server expects base64 of the raw digest, ${digest(body, 'base64').slice(0, 12)}…`);
    for (const [how, bytes] of reserialisations(body)) {
      if (sent === digest(bytes, 'base64') || sent.toLowerCase() === digest(bytes, 'hex')) {
        return found('re-serialised-body', `${name} is the digest of the body serialised ${how} (${bytes.byteLength} bytes), but ${body.byteLength} other bytes were sent`);
      }
    }
    return found('body-changed-after-hashing', `${name} matches neither the ${body.byteLength} bytes sent nor a re-serialisation of them`);
  }

  lengthMistake(): DetectedMistake | undefined {
    const sent = this.request.headers['content-length'];
    if (sent === undefined || sent === String(this.request.body.byteLength)) return undefined;
    return found('content-length-mismatch', `Content-Length is ${sent} but the body has ${this.request.body.byteLength} bytes`);
  }

  /** The signature does not verify over what the request implies: which mistake makes it verify? */
  signatureMistake(secret: string, digestName: string, algorithm: string): DetectedMistake {
    const implied = this.implied!;
    const sig = this.signature;
    for (const [name, other] of Object.entries(this.scheme.algorithms)) {
      if (other !== digestName && this.hmac(other, secret, implied) === sig) {
        return found('computed-with-other-algorithm', `Authorization names ${algorithm} but the HMAC is ${other.toUpperCase()} (that is algorithm="${name}")`);
      }
    }
    const hex = this.hmac(digestName, secret, implied, 'hex');
    if (sig === hex || sig === Buffer.from(hex, 'utf8').toString('base64')) {
      return found('hex-signature', sig === hex ? 'the signature is the hex HMAC' : 'the signature is base64 of the hex HMAC text');
    }
    const order = this.orderMistake(secret, digestName);
    if (order) return order;
    const changed = this.changedHeaderMistake(secret, digestName);
    if (changed) return changed;
    const line = this.requestLineMistake(secret, digestName);
    if (line) return line;
    for (const [how, variant] of secretVariants(secret)) {
      if (this.hmac(digestName, variant, implied) === sig) return found('secret-whitespace', `the signature verifies with the secret ${how}`);
    }
    return found('wrong-secret', `no known mistake makes the signature verify with the secret on file (${this.names.length} headers signed, ${algorithm})`);
  }

  private orderMistake(secret: string, digestName: string): DetectedMistake | undefined {
    // Five names: 120 orders, a fraction of a millisecond. Longer lists only try the documented order.
    const orders = this.names.length <= 6 ? permutations(this.names) : [this.scheme.signedHeaders];
    for (const order of orders) {
      if (order.join(' ') === this.names.join(' ')) continue;
      const text = this.signingString(order, {});
      if (text !== undefined && this.hmac(digestName, secret, text) === this.signature) {
        return found('header-order', `the signing string is in the order "${order.join(' ')}" while headers="${this.names.join(' ')}"`);
      }
    }
    return undefined;
  }

  private changedHeaderMistake(secret: string, digestName: string): DetectedMistake | undefined {
    const dateName = this.scheme.dateHeader.toLowerCase();
    const candidates: Array<[string, string]> = [];
    for (const type of CONTENT_TYPES) candidates.push(['content-type', type]);
    const date = Date.parse(this.request.headers[dateName] ?? '');
    if (!Number.isNaN(date)) for (const s of [-1, 1, -2, 2, -3, 3]) candidates.push([dateName, new Date(date + s * 1000).toUTCString()]);
    for (const [, bytes] of reserialisations(this.request.body)) candidates.push(['content-length', String(bytes.byteLength)]);
    for (const [name, value] of candidates) {
      if (!this.names.includes(name) || this.request.headers[name] === value) continue;
      const text = this.signingString(this.names, { [name]: value });
      if (text !== undefined && this.hmac(digestName, secret, text) === this.signature) {
        return found('changed-header', `${name} was signed as ${JSON.stringify(value)} but sent as ${JSON.stringify(this.request.headers[name])}`);
      }
    }
    return undefined;
  }

  private requestLineMistake(secret: string, digestName: string): DetectedMistake | undefined {
    if (!this.names.includes('request-line')) return undefined;
    const { method, target, httpVersion } = this.request;
    const host = this.request.headers['host'];
    const lines = [
      `${method.toLowerCase()} ${target} HTTP/${httpVersion}`,
      `${method} ${target}`,
      `${method} ${target} HTTP/1.0`,
      `${method} ${target} HTTP/2`,
      `(request-target): ${method.toLowerCase()} ${target}`,
      `${method} ${target.split('?')[0]} HTTP/${httpVersion}`,
      ...(host ? [`${method} http://${host}${target} HTTP/${httpVersion}`, `${method} https://${host}${target} HTTP/${httpVersion}`] : []),
    ];
    for (const line of lines) {
      const text = this.signingString(this.names, {}, line);
      if (text !== undefined && this.hmac(digestName, secret, text) === this.signature) {
        return found('request-line', `the request line was signed as ${JSON.stringify(line)} instead of ${JSON.stringify(this.requestLine)}`);
      }
    }
    return undefined;
  }
}

function digest(bytes: Uint8Array, encoding: 'base64' | 'hex'): string {
  return createHash('sha512').update(bytes).digest(encoding);
}

/** The body as a client or a framework might have serialised it before (or after) hashing. */
function reserialisations(body: Uint8Array): Array<[string, Buffer]> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return [];
  }
  const forms: Array<[string, string]> = [
    ['compactly', JSON.stringify(value)],
    ['with 2-space indentation', JSON.stringify(value, null, 2)],
    ['with 4-space indentation', JSON.stringify(value, null, 4)],
    ['with tab indentation', JSON.stringify(value, null, '\t')],
    ['with its keys sorted', JSON.stringify(sortKeys(value))],
    ['with a trailing newline', `${Buffer.from(body).toString('utf8')}\n`],
  ];
  const sent = Buffer.from(body);
  return forms.map(([how, text]) => [how, Buffer.from(text, 'utf8')] as [string, Buffer]).filter(([, bytes]) => !bytes.equals(sent));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

function secretVariants(secret: string): Array<[string, string]> {
  const variants: Array<[string, string]> = [
    ['followed by a newline', `${secret}\n`],
    ['followed by CR LF', `${secret}\r\n`],
    ['followed by a space', `${secret} `],
    ['preceded by a space', ` ${secret}`],
  ];
  if (secret.trim() !== secret) variants.push(['without its surrounding whitespace', secret.trim()]);
  return variants;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}
