// The authorized URL's t/h token. t is the expiry in .NET ticks (like Ingo's URLs); h is an HMAC,
// under a key that never leaves the process, over the session id and t. So moving a token to another
// session, stretching t, or altering h all fail verification, and no server-side lookup is needed.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';

/** Milliseconds between 0001-01-01 (the .NET tick epoch) and 1970-01-01. */
const DOTNET_EPOCH_OFFSET_MS = 62_135_596_800_000;

export interface TokenOptions {
  /** Fault: h covers only t, so a token opens any session. */
  readonly unbound?: boolean;
  /** Fault: h is not checked at all. */
  readonly skipMac?: boolean;
}

export type TokenCheck = { readonly ok: true; readonly expiresAtMs: number } | { readonly ok: false };

export class TokenSigner {
  /** A KeyObject, imported once: a Buffer key is re-imported by every createHmac. */
  private readonly key = createSecretKey(randomBytes(32));
  private sequence = 0;

  constructor(private readonly options: TokenOptions = {}) {}

  issue(sessionId: string, expiresAtMs: number): { t: string; h: string } {
    // Ticks are 100 ns. The expiry needs only ms; the sub-ms digits carry a counter, so two URLs
    // issued for one session in the same millisecond still differ. No BigInt needed.
    this.sequence = (this.sequence + 1) % 10_000;
    const t = `${expiresAtMs + DOTNET_EPOCH_OFFSET_MS}${String(this.sequence).padStart(4, '0')}`;
    return { t, h: this.mac(sessionId, t) };
  }

  verify(sessionId: string, t: string | null, h: string | null): TokenCheck {
    if (!t || !/^[0-9]{5,20}$/.test(t)) return { ok: false };
    if (!this.options.skipMac) {
      if (!h) return { ok: false };
      const expected = Buffer.from(this.mac(sessionId, t), 'utf8');
      const given = Buffer.from(h, 'utf8');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
    }
    return { ok: true, expiresAtMs: Number(t.slice(0, -4)) - DOTNET_EPOCH_OFFSET_MS };
  }

  private mac(sessionId: string, t: string): string {
    // One update with the whole message: the same bytes as updating piece by piece, one native call.
    const message = this.options.unbound ? t : `${sessionId}\n${t}`;
    return createHmac('sha256', this.key).update(message).digest('base64');
  }
}

export function authorizedPath(sessionId: string, token: { t: string; h: string }): string {
  return `/session/${sessionId}?t=${token.t}&h=${encodeURIComponent(token.h)}`;
}
