// Stage "authenticate": verifies the "hmac" request signature of contract-notes.md. Every failure is
// the same 401 to the caller; the refusal records which check failed and why.
import { hash, timingSafeEqual } from 'node:crypto';
import { parseAuthorization } from '../../client/signer.ts';
import type { HmacScheme } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { ApiRequest } from '../core/api-request.ts';
import { HmacKey, type HmacDigest } from '../core/hmac-key.ts';
import type { AuthRule, Refusal } from '../core/refusal.ts';

export interface AuthenticateSeams {
  /** The X-Date window either way, in seconds (the contract's, unless a fault narrows it). */
  skewSeconds: number;
  refuseFutureDates: boolean;
  refusePastDates: boolean;
  /** A request without Authorization: refused, or taken as the first participant (a fault). */
  noAuthorization: 'refuse' | 'first-participant';
  unknownUser: 'refuse' | 'first-participant';
  refuseLegacyAlgorithms: boolean;
  /** Every signed header of the contract must be in the `headers` list. */
  requireSignedHeaders: boolean;
  /** How Content-sha512 is compared: base64 of the raw digest (documented), hex too, or not at all. */
  digest: 'base64' | 'base64-or-hex' | 'unchecked';
  verifySignature: boolean;
}

export function defaultAuthenticateSeams(scheme: HmacScheme): AuthenticateSeams {
  return {
    skewSeconds: scheme.clockSkewSeconds,
    refuseFutureDates: true,
    refusePastDates: true,
    noAuthorization: 'refuse',
    unknownUser: 'refuse',
    refuseLegacyAlgorithms: false,
    requireSignedHeaders: true,
    digest: 'base64',
    verifySignature: true,
  };
}

interface KnownUser {
  readonly participant: Participant;
  /** The secret's HMAC pads, worked out once per digest the scheme allows. */
  readonly keys: Readonly<Record<HmacDigest, HmacKey>>;
}

/** The parsed `headers` list of an Authorization header and the first required name it lacks. */
interface HeaderList {
  readonly raw: string;
  readonly names: readonly string[];
  readonly missing: string | undefined;
}

function hmacKeys(secret: Buffer): Record<HmacDigest, HmacKey> {
  return { sha256: new HmacKey('sha256', secret), sha512: new HmacKey('sha512', secret) };
}

const UNKNOWN_USER_KEYS = hmacKeys(Buffer.from('unknown-user', 'utf8'));

export class AuthenticateStage {
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
    private readonly seams: Readonly<AuthenticateSeams>,
    private readonly scheme: HmacScheme,
    private readonly participants: readonly Participant[],
    private readonly nowMs: () => number,
  ) {
    this.byUsername = new Map(participants.map((p) => [p.username, { participant: p, keys: hmacKeys(Buffer.from(p.secret, 'utf8')) }]));
    this.required = scheme.signedHeaders;
    this.dateHeader = scheme.dateHeader.toLowerCase();
    this.digestHeader = scheme.digestHeader.toLowerCase();
    this.skewMs = seams.skewSeconds * 1000;
  }

  /** Sets ctx.participant, or returns why the request is refused. */
  readonly check = (ctx: ApiRequest): Refusal | undefined => {
    const { req, body } = ctx;
    const seams = this.seams;
    const header = req.headers.authorization;
    if (header === undefined) {
      if (seams.noAuthorization === 'first-participant') return this.accept(ctx, this.participants[0]!);
      return fail('authorization', 'no Authorization header');
    }
    const parsed = parseAuthorization(header);
    if (!parsed || parsed.scheme !== this.scheme.scheme) return fail('authorization', 'not an hmac Authorization header');
    const { username, algorithm, headers, signature } = parsed.params;
    if (username === undefined || algorithm === undefined || headers === undefined || signature === undefined) {
      return fail('authorization', 'Authorization lacks username, algorithm, headers or signature');
    }
    const digestName = Object.hasOwn(this.scheme.algorithms, algorithm)
      ? this.scheme.algorithms[algorithm as keyof HmacScheme['algorithms']]
      : undefined;
    if (!digestName) return fail('algorithm', 'unknown algorithm');
    if (seams.refuseLegacyAlgorithms && (this.scheme.legacyAlgorithms as readonly string[]).includes(algorithm)) return fail('algorithm', 'legacy algorithm refused');

    const user = this.byUsername.get(username);
    if (!user) {
      if (seams.unknownUser === 'first-participant') return this.accept(ctx, this.participants[0]!);
      // Same work as for a known user, so timing does not tell which usernames exist.
      UNKNOWN_USER_KEYS[digestName].sign(header, 'base64');
      return fail('username', 'unknown username');
    }

    const list = this.headerList(headers);
    if (list.missing !== undefined) return fail('headers-list', `headers list lacks ${list.missing}`);
    let signingString = '';
    for (const name of list.names) {
      if (signingString !== '') signingString += '\n';
      if (name === 'request-line') {
        signingString += `${req.method} ${req.url} HTTP/${req.httpVersion}`;
        continue;
      }
      const value = req.headers[name];
      if (value === undefined) return fail('signed-header', `signed header ${name} is not in the request`);
      signingString += `${name}: ${Array.isArray(value) ? value.join(', ') : value}`;
    }

    const date = req.headers[this.dateHeader];
    if (typeof date === 'string') {
      const dateMs = this.parseDate(date);
      const nowMs = this.nowMs();
      if (!Number.isFinite(dateMs)) return fail('x-date', 'X-Date is not a date');
      if (dateMs - nowMs > this.skewMs && seams.refuseFutureDates) return fail('x-date', 'X-Date too far in the future');
      if (nowMs - dateMs > this.skewMs && seams.refusePastDates) return fail('x-date', 'X-Date too far in the past');
    }
    const digest = req.headers[this.digestHeader];
    if (typeof digest === 'string' && seams.digest !== 'unchecked') {
      // The header's name fixes the algorithm (the client's signer hashes with SHA-512 too).
      // One-shot hash: half the cost of a Hash object on this path.
      if (digest !== hash('sha512', body, 'base64') && !(seams.digest === 'base64-or-hex' && digest.toLowerCase() === hash('sha512', body, 'hex'))) {
        return fail('digest', 'Content-sha512 does not match the body');
      }
    }
    const length = req.headers['content-length'];
    if (length !== undefined && length !== String(body.length)) return fail('content-length', 'Content-Length does not match the body');

    if (!seams.verifySignature) return this.accept(ctx, user.participant);
    const expected = user.keys[digestName].sign(signingString, 'base64');
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(signature, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return { kind: 'unauthorized', stage: 'authenticate', rule: 'signature', reason: 'signature mismatch', expectedSignature: expected, signingString };
    }
    return this.accept(ctx, user.participant);
  };

  private accept(ctx: ApiRequest, participant: Participant): undefined {
    ctx.participant = participant;
    return undefined;
  }

  /** The lower-cased names of a `headers` parameter, parsed once per distinct value. */
  private headerList(raw: string): HeaderList {
    if (raw === this.lastHeaderList?.raw) return this.lastHeaderList;
    const names = raw.toLowerCase().split(/\s+/).filter((n) => n !== '');
    const missing = this.seams.requireSignedHeaders ? this.required.find((name) => !names.includes(name)) : undefined;
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

function fail(rule: AuthRule, reason: string): Refusal {
  return { kind: 'unauthorized', stage: 'authenticate', rule, reason };
}
