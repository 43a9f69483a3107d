// The integrator's own request signing, written from Ingo's description (contract-notes.md), not
// taken from the harness: hmac username, algorithm, headers, signature over the signing string.
import { createHash, createHmac } from 'node:crypto';
import type { Flaws } from './flaws.ts';

export interface Credentials {
  readonly username: string;
  readonly secret: string;
}

export const SESSION_PATH = '/api/v1/sessions/point-in-time/plugin';
const SIGNED = ['request-line', 'x-date', 'content-type', 'content-sha512', 'content-length'];

/** The headers of a signed create-session request for exactly these body bytes. */
export function signedHeaders(credentials: Credentials, body: Buffer, flaws: Flaws, now: Date): Record<string, string> {
  const date = new Date(now.getTime() + flaws.clockOffsetSeconds * 1000);
  const values: Record<string, string> = {
    'request-line': `POST ${SESSION_PATH} HTTP/1.1`,
    'x-date': date.toUTCString(),
    'content-type': 'application/json',
    'content-sha512': createHash('sha512').update(body).digest(flaws.digest),
    'content-length': String(body.byteLength),
  };
  const signingString = SIGNED.map((name) => (name === 'request-line' ? values[name] : `${name}: ${values[name]}`)).join('\n');
  const signature = createHmac('sha512', credentials.secret).update(signingString, 'utf8').digest('base64');
  const listed = flaws.listInAnotherOrder ? ['x-date', 'request-line', ...SIGNED.slice(2)] : SIGNED;
  return {
    'X-Date': values['x-date']!,
    'Content-Type': values['content-type']!,
    'Content-sha512': values['content-sha512']!,
    'Content-Length': values['content-length']!,
    Authorization: `hmac username="${credentials.username}", algorithm="${flaws.algorithmName}", headers="${listed.join(' ')}", signature="${signature}"`,
  };
}
