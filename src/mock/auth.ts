// Verifies the "hmac" request signature of contract-notes.md. Every failure is the same 401 to the
// caller; the reason is kept only for the simulator's own tests and logs.
import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseAuthorization } from '../client/signer.ts';
import type { HmacScheme } from '../contract/index.ts';
import type { Participant } from '../config/demo-participants.ts';
import type { FaultFlags } from './faults.ts';

export type AuthResult =
  | { readonly ok: true; readonly participant: Participant }
  | { readonly ok: false; readonly reason: string; readonly expectedSignature?: string; readonly signingString?: string };

/** The skew window of the skew-too-strict fault. */
const STRICT_SKEW_SECONDS = 30;

interface KnownUser {
  readonly participant: Participant;
  /** The secret imported once: createHmac with a string key re-encodes and re-imports it per call. */
  readonly key: KeyObject;
}

/** The parsed `headers` list of an Authorization header and the first required name it lacks. */
interface HeaderList {
  readonly raw: string;
  readonly names: readonly string[];
  readonly missing: string | undefined;
}

export class Authenticator {
  private readonly byUsername: ReadonlyMap<string, KnownUser>;
  private readonly required: readonly string[];
  private readonly dateHeader: string;
  private readonly digestHeader: string;
  private readonly skewMs: number;
  /** One-entry caches: a client sends the same header list every time and one X-Date per second. */
  private lastHeaderList: HeaderList | undefined;
  private lastDateText = '';
  private lastDateMs = NaN;

  constructor(
    private readonly scheme: HmacScheme,
    private readonly participants: readonly Participant[],
    private readonly faults: FaultFlags,
  ) {
    this.byUsername = new Map(participants.map((p) => [p.username, { participant: p, key: createSecretKey(Buffer.from(p.secret, 'utf8')) }]));
    this.required = scheme.signedHeaders;
    this.dateHeader = scheme.dateHeader.toLowerCase();
    this.digestHeader = scheme.digestHeader.toLowerCase();
    this.skewMs = (faults.skewTooStrict ? STRICT_SKEW_SECONDS : scheme.clockSkewSeconds) * 1000;
  }

  verify(req: IncomingMessage, body: Buffer, nowMs: number): AuthResult {
    const header = req.headers.authorization;
    if (header === undefined) {
      return this.faults.acceptMissingAuthorization ? { ok: true, participant: this.participants[0]! } : fail('no Authorization header');
    }
    const parsed = parseAuthorization(header);
    if (!parsed || parsed.scheme !== this.scheme.scheme) return fail('not an hmac Authorization header');
    const { username, algorithm, headers, signature } = parsed.params;
    if (username === undefined || algorithm === undefined || headers === undefined || signature === undefined) {
      return fail('Authorization lacks username, algorithm, headers or signature');
    }
    const digestName = Object.hasOwn(this.scheme.algorithms, algorithm)
      ? this.scheme.algorithms[algorithm as keyof HmacScheme['algorithms']]
      : undefined;
    if (!digestName) return fail('unknown algorithm');
    if (this.faults.rejectSha256 && (this.scheme.legacyAlgorithms as readonly string[]).includes(algorithm)) return fail('legacy algorithm refused');

    const user = this.byUsername.get(username);
    if (!user) {
      if (this.faults.acceptUnknownUser) return { ok: true, participant: this.participants[0]! };
      // Same work as for a known user, so timing does not tell which usernames exist.
      createHmac(digestName, 'unknown-user').update(header).digest();
      return fail('unknown username');
    }
    const participant = user.participant;

    const list = this.headerList(headers);
    if (list.missing !== undefined) return fail(`headers list lacks ${list.missing}`);
    let signingString = '';
    for (const name of list.names) {
      if (signingString !== '') signingString += '\n';
      if (name === 'request-line') {
        signingString += `${req.method} ${req.url} HTTP/${req.httpVersion}`;
        continue;
      }
      const value = req.headers[name];
      if (value === undefined) return fail(`signed header ${name} is not in the request`);
      signingString += `${name}: ${Array.isArray(value) ? value.join(', ') : value}`;
    }

    const date = req.headers[this.dateHeader];
    if (typeof date === 'string') {
      const dateMs = this.parseDate(date);
      if (!Number.isFinite(dateMs)) return fail('X-Date is not a date');
      if (dateMs - nowMs > this.skewMs && !this.faults.ignoreSkewFuture) return fail('X-Date too far in the future');
      if (nowMs - dateMs > this.skewMs && !this.faults.ignoreSkewPast) return fail('X-Date too far in the past');
    }
    const digest = req.headers[this.digestHeader];
    if (typeof digest === 'string' && !this.faults.ignoreDigest) {
      // The header's name fixes the algorithm (the client's signer hashes with SHA-512 too).
      // One-shot hash: half the cost of a Hash object on this path.
      if (digest !== hash('sha512', body, 'base64') && !(this.faults.acceptHexDigest && digest.toLowerCase() === hash('sha512', body, 'hex'))) {
        return fail('Content-sha512 does not match the body');
      }
    }
    const length = req.headers['content-length'];
    if (length !== undefined && length !== String(body.length)) return fail('Content-Length does not match the body');

    if (this.faults.skipSignature) return { ok: true, participant };
    const expected = createHmac(digestName, user.key).update(signingString, 'utf8').digest('base64');
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(signature, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return { ok: false, reason: 'signature mismatch', expectedSignature: expected, signingString };
    }
    return { ok: true, participant };
  }

  /** The lower-cased names of a `headers` parameter, parsed once per distinct value. */
  private headerList(raw: string): HeaderList {
    if (raw === this.lastHeaderList?.raw) return this.lastHeaderList;
    const names = raw.toLowerCase().split(/\s+/).filter((n) => n !== '');
    const missing = this.faults.acceptPartialHeaderList ? undefined : this.required.find((name) => !names.includes(name));
    const list = { raw, names, missing };
    this.lastHeaderList = list;
    return list;
  }

  private parseDate(text: string): number {
    if (text !== this.lastDateText) {
      this.lastDateText = text;
      this.lastDateMs = Date.parse(text);
    }
    return this.lastDateMs;
  }
}

function fail(reason: string): AuthResult {
  return { ok: false, reason };
}
