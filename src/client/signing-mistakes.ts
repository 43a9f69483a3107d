// The one catalogue of request-signing mistakes integrators make (contract-notes.md names the most
// common: "hex instead of raw digest before base64, a body re-serialised after hashing, clock skew").
// Each mistake has a name in the integrator's words and a fix for their client. It is told in two ways:
//  - from the server's side (the explaining simulator, the validation proxy, the client card): a
//    request that was received, checked with the participant's secret (verify-signing.ts);
//  - from the client's side (onboarding): the same mistake made on purpose against a server that
//    refused our documented request; the variant it accepts names what that server expects (probe).
import type { HmacAlgorithmName, HmacScheme } from '../contract/index.ts';
import type { Credentials, SigningTweak } from './signer.ts';

export type MistakeId =
  | 'no-authorization'
  | 'malformed-authorization'
  | 'unknown-username'
  | 'wrong-username'
  | 'wrong-algorithm-name'
  | 'computed-with-other-algorithm'
  | 'headers-list-incomplete'
  | 'signed-header-missing'
  | 'hex-digest'
  | 're-serialised-body'
  | 'body-changed-after-hashing'
  | 'content-length-mismatch'
  | 'header-order'
  | 'changed-header'
  | 'request-line'
  | 'hex-signature'
  | 'secret-whitespace'
  | 'wrong-secret'
  | 'x-date-skew'
  | 'x-date-format';

export interface SigningMistake {
  readonly id: MistakeId;
  /** What the client did, in the integrator's words. */
  readonly title: string;
  /** What to change in the client. */
  readonly fix: string;
}

/** How onboarding makes a mistake on purpose with its own (documented) client. */
export type ProbeAction =
  | { readonly kind: 'tweak'; readonly tweak: SigningTweak }
  | { readonly kind: 'clock'; readonly offsetSeconds: number }
  | { readonly kind: 'credentials'; readonly credentials: Credentials }
  | { readonly kind: 'indented-body' };

export interface Probe {
  readonly mistake: MistakeId;
  readonly name: string;
  readonly action: ProbeAction;
  /** What the server accepting this variant means, and what to change. */
  readonly advice: string;
}

export interface ProbeContext {
  readonly scheme: HmacScheme;
  readonly credentials: Credentials;
  /** The server's clock minus ours, in seconds, when known. */
  readonly offsetSeconds?: number;
}

/** In the order a refused signature is best explained by: the request's form first, then its bytes, then the HMAC. */
export const SIGNING_MISTAKES: readonly SigningMistake[] = [
  {
    id: 'no-authorization',
    title: 'the request carries no Authorization header',
    fix: 'sign every create-session request: Authorization: hmac username="…", algorithm="hmac-sha512", headers="request-line x-date content-type content-sha512 content-length", signature="…"',
  },
  {
    id: 'malformed-authorization',
    title: 'the Authorization header is not of the form hmac username="…", algorithm="…", headers="…", signature="…"',
    fix: 'write the scheme name "hmac", then the four parameters, each quoted, separated by commas',
  },
  {
    id: 'unknown-username',
    title: 'the username is not a participant of this server',
    fix: 'send the username issued at onboarding for this environment (INGO_HMAC_USERNAME)',
  },
  {
    id: 'wrong-username',
    title: "the request is signed with another participant's secret than the username it names",
    fix: 'use the username and the secret of one participant together',
  },
  {
    id: 'wrong-algorithm-name',
    title: 'the algorithm named in Authorization is not one the server verifies with',
    fix: 'name the algorithm exactly algorithm="hmac-sha512" (or "hmac-sha256" for a legacy integration) and compute the HMAC with it',
  },
  {
    id: 'computed-with-other-algorithm',
    title: 'the HMAC is computed with another algorithm than the one Authorization names',
    fix: 'compute the HMAC with the algorithm you name: hmac-sha512 is HMAC-SHA512',
  },
  {
    id: 'headers-list-incomplete',
    title: 'headers="…" leaves out a header that must be signed',
    fix: 'sign and list request-line, x-date, content-type, content-sha512 and content-length',
  },
  {
    id: 'signed-header-missing',
    title: 'a header listed in headers="…" is not in the request',
    fix: 'send every header you sign, with the value you signed',
  },
  {
    id: 'hex-digest',
    title: 'Content-sha512 is the hex SHA-512 digest',
    fix: 'send base64 of the raw 64-byte SHA-512 digest of the body (Node: createHash("sha512").update(body).digest("base64"))',
  },
  {
    id: 're-serialised-body',
    title: 'the body was re-serialised after it was hashed: Content-sha512 matches a re-serialisation of the body, not the bytes sent',
    fix: 'serialise the body once, hash those bytes and send exactly those bytes (pass the string or Buffer to your HTTP library, not the object)',
  },
  {
    id: 'body-changed-after-hashing',
    title: 'Content-sha512 does not match the body that was sent: the body changed after it was hashed, or other bytes were hashed',
    fix: 'hash exactly the bytes that go on the wire, after every change to the body',
  },
  {
    id: 'content-length-mismatch',
    title: "Content-Length does not match the body's byte length",
    fix: 'sign the byte length of the body as sent (Buffer.byteLength(body), not the number of characters)',
  },
  {
    id: 'header-order',
    title: 'the signing string lists the headers in another order than headers="…" names them',
    fix: 'build the signing string in exactly the order of your headers="…" list',
  },
  {
    id: 'changed-header',
    title: 'a signed header was sent with another value than the one signed',
    fix: 'sign the header values exactly as sent; set them before signing and let nothing (an HTTP library adding a charset, a second clock read) change them after',
  },
  {
    id: 'request-line',
    title: 'the request-line line of the signing string is not "POST <path> HTTP/1.1" as sent',
    fix: 'sign the request line as it goes on the wire: method in capitals, the path (and query) only, and the HTTP version: POST /api/v1/sessions/point-in-time/plugin HTTP/1.1',
  },
  {
    id: 'hex-signature',
    title: 'the signature is the HMAC as hex text (or base64 of that text), not base64 of the raw HMAC',
    fix: 'base64-encode the raw HMAC bytes (Node: createHmac("sha512", secret).update(signingString).digest("base64"))',
  },
  {
    id: 'secret-whitespace',
    title: 'the secret used carries surrounding whitespace (a newline or a space pasted with it)',
    fix: "strip the whitespace from the secret in your client's configuration",
  },
  {
    id: 'wrong-secret',
    title: 'the signature does not verify with the secret on file, and no known mistake explains it',
    fix: 'check the secret: copy it again from what Ingo issued for this environment; the username and secret must belong together',
  },
  {
    id: 'x-date-skew',
    title: "X-Date is outside the ±300 s the server allows around its clock",
    fix: 'take X-Date from the clock when the request is sent (not when the process started), and keep the clock in sync (NTP)',
  },
  {
    id: 'x-date-format',
    title: 'X-Date is not an RFC 1123 GMT date such as "Fri, 17 Jan 2020 19:59:29 GMT"',
    fix: 'format X-Date as an RFC 1123 GMT date (JavaScript: new Date().toUTCString())',
  },
];

export function signingMistake(id: MistakeId): SigningMistake {
  return SIGNING_MISTAKES.find((m) => m.id === id)!;
}

/**
 * Onboarding's probes, in the order it tries them: the documented request with one mistake made on
 * purpose. The one the server accepts tells what it expects. Names and advice are addressed to the
 * integrator's own client.
 */
export function onboardingProbes(context: ProbeContext): Probe[] {
  const { scheme, credentials: creds, offsetSeconds: offset } = context;
  const other: HmacAlgorithmName = creds.algorithm === 'hmac-sha512' ? 'hmac-sha256' : 'hmac-sha512';
  const documented = scheme.signedHeaders.join(' ');
  const probes: Probe[] = [];
  if (offset !== undefined && Math.abs(offset) >= 30) {
    probes.push({
      mistake: 'x-date-skew',
      name: `X-Date from the server's clock (${signed(offset)} s)`,
      action: { kind: 'clock', offsetSeconds: offset },
      advice: `the server accepted our request when X-Date was taken from its clock: your clock is ${Math.abs(offset)} s ${offset > 0 ? 'behind' : 'ahead of'} the server's (it allows ±${scheme.clockSkewSeconds} s). Synchronise this machine's clock (NTP), and your servers', then retry.`,
    });
  }
  if (creds.secret !== creds.secret.trim()) {
    probes.push({
      mistake: 'secret-whitespace',
      name: 'secret without surrounding whitespace',
      action: { kind: 'credentials', credentials: { ...creds, secret: creds.secret.trim() } },
      advice: 'the server accepted the secret once its leading/trailing whitespace was removed: INGO_HMAC_SECRET carries a space or newline (pasted with it?). Remove it here and in your client’s configuration.',
    });
  }
  probes.push(
    {
      mistake: 'hex-digest',
      name: 'Content-sha512 as hex',
      action: { kind: 'tweak', tweak: { digestEncoding: 'hex' } },
      advice: `the server accepted a hex digest in ${scheme.digestHeader} and refused base64 of the raw SHA-512 digest, which is what Ingo documents: this environment expects hex. Ask Ingo which it should be; until then send what this server accepts.`,
    },
    {
      mistake: 'hex-signature',
      name: 'signature as base64 of the hex HMAC',
      action: { kind: 'tweak', tweak: { signatureEncoding: 'hex-then-base64' } },
      advice: 'the server accepted a signature made as base64 of the HMAC’s hex text, not of its raw bytes as documented: check with Ingo; your client must encode the signature the same way as this server.',
    },
    {
      mistake: 're-serialised-body',
      name: 'body re-serialised (indented) and hashed as sent',
      action: { kind: 'indented-body' },
      advice: 'the server accepted the body only when re-serialised with indentation: something between you and the server rewrites the body, or the server hashes a re-serialised copy. Hash exactly the bytes that go on the wire, and make sure no proxy or framework re-serialises the JSON after you hash it.',
    },
    {
      mistake: 'wrong-algorithm-name',
      name: `algorithm="${other}"`,
      action: { kind: 'credentials', credentials: { ...creds, algorithm: other } },
      advice: `the server accepted algorithm="${other}" computed with ${scheme.algorithms[other].toUpperCase()}: your participant is set up for ${other}. Set INGO_HMAC_ALGORITHM=${other}, and make your client name and compute ${other}.`,
    },
    {
      mistake: 'computed-with-other-algorithm',
      name: `header names ${creds.algorithm}, HMAC computed with ${scheme.algorithms[other].toUpperCase()}`,
      action: { kind: 'tweak', tweak: { computeWith: other } },
      advice: `the server accepted an HMAC computed with ${scheme.algorithms[other].toUpperCase()} while Authorization named ${creds.algorithm}: it verifies with ${other} whatever the header says. Compute with ${other} and name it: algorithm="${other}".`,
    },
  );
  for (const list of alternativeHeaderLists(scheme.signedHeaders)) {
    probes.push({
      mistake: 'header-order',
      name: `headers="${list.join(' ')}"`,
      action: { kind: 'tweak', tweak: { signedHeaders: list } },
      advice: `the server accepted headers="${list.join(' ')}": it expects this list, in this order, rather than the documented "${documented}". Sign exactly these headers in this order and name them so in Authorization.`,
    });
  }
  return probes;
}

/** Lists integrators get wrong: another order, the digest before the date, a Kong-style minimum. */
export function alternativeHeaderLists(documented: readonly string[]): string[][] {
  const lists = [
    [...documented].reverse(),
    documented.filter((h) => h !== 'request-line').concat('request-line'),
    ['request-line', 'x-date', 'content-type', 'content-length', 'content-sha512'],
    ['x-date', 'request-line'],
    ['request-line', 'x-date', 'content-sha512'],
  ];
  const seen = new Set<string>([documented.join(' ')]);
  return lists.filter((l) => {
    const key = l.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
