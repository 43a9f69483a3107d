// Plug-in stage "plugin-token": the authorized URL's token. t is the expiry in .NET ticks (like
// Ingo's URLs); h is an HMAC, under a key that never leaves the process, over the session id and t.
// So moving a token to another session, stretching t, or altering h all fail verification, and no
// server-side lookup is needed. A personality may carry both in one opaque `token` parameter.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HmacKey } from '../core/hmac-key.ts';

/** Milliseconds between 0001-01-01 (the .NET tick epoch) and 1970-01-01. */
const DOTNET_EPOCH_OFFSET_MS = 62_135_596_800_000;

export interface TokenSeams {
  /** `?t=<ticks>&h=<mac>` (today's), or one opaque `?token=<ticks>.<mac>`. */
  form: 't-h' | 'opaque';
  /** Fault token-not-bound-to-session: h covers only t, so a token opens any session. */
  boundToSession: boolean;
  /** Fault accept-tampered-token: h is not checked at all. */
  checkMac: boolean;
}

export function defaultTokenSeams(): TokenSeams {
  return { form: 't-h', boundToSession: true, checkMac: true };
}

export interface Token {
  readonly t: string;
  readonly h: string;
}

export type TokenCheck = { readonly ok: true; readonly expiresAtMs: number } | { readonly ok: false };

export class TokenSigner {
  private readonly key = new HmacKey('sha256', randomBytes(32));
  private sequence = 0;

  constructor(private readonly seams: Readonly<TokenSeams> = defaultTokenSeams()) {}

  issue(sessionId: string, expiresAtMs: number): Token {
    // Ticks are 100 ns. The expiry needs only ms; the sub-ms digits carry a counter, so two URLs
    // issued for one session in the same millisecond still differ. No BigInt needed.
    this.sequence = (this.sequence + 1) % 10_000;
    const t = `${expiresAtMs + DOTNET_EPOCH_OFFSET_MS}${String(this.sequence).padStart(4, '0')}`;
    return { t, h: this.mac(sessionId, t) };
  }

  verify(sessionId: string, t: string | null, h: string | null): TokenCheck {
    if (!t || !/^[0-9]{5,20}$/.test(t)) return { ok: false };
    if (this.seams.checkMac) {
      if (!h) return { ok: false };
      const expected = Buffer.from(this.mac(sessionId, t), 'utf8');
      const given = Buffer.from(h, 'utf8');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
    }
    return { ok: true, expiresAtMs: Number(t.slice(0, -4)) - DOTNET_EPOCH_OFFSET_MS };
  }

  /** The query string of an authorized URL, with its leading "?". */
  query(token: Token): string {
    return this.seams.form === 'opaque' ? `?token=${token.t}.${token.h}` : `?t=${token.t}&h=${encodeURIComponent(token.h)}`;
  }

  /** t and h back out of a query string (null when missing). */
  read(query: string): { t: string | null; h: string | null } {
    const params = new URLSearchParams(query);
    if (this.seams.form === 't-h') return { t: params.get('t'), h: params.get('h') };
    const token = params.get('token');
    const dot = token === null ? -1 : token.indexOf('.');
    return dot < 0 ? { t: token, h: null } : { t: token!.slice(0, dot), h: token!.slice(dot + 1) };
  }

  private mac(sessionId: string, t: string): string {
    // One update with the whole message: the same bytes as updating piece by piece, one native call.
    const message = this.seams.boundToSession ? `${sessionId}\n${t}` : t;
    return this.key.sign(message, this.seams.form === 'opaque' ? 'base64url' : 'base64');
  }
}

export function authorizedPath(sessionId: string, token: Token, signer: TokenSigner): string {
  return `/session/${sessionId}${signer.query(token)}`;
}
