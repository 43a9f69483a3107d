// When the server refuses a correctly signed request with 401, find out why by asking it: re-send the
// request with each known integration mistake (contract-notes.md) made on purpose. The variant the
// server accepts names what it actually expects; the advice is phrased for the integrator's own client.
import type { SessionClient, SessionResponse } from '../../client/session-client.ts';
import type { SigningTweak } from '../../client/signer.ts';
import type { HmacAlgorithmName, HmacScheme } from '../../contract/index.ts';

export interface Variant {
  readonly name: string;
  /** Sends the request with this mistake made. */
  send(): Promise<SessionResponse>;
  /** What acceptance of this variant means, and what to change. */
  readonly advice: string;
}

export interface Diagnosis {
  /** The variant the server accepted, if any. */
  readonly cause?: string;
  readonly advice: string;
  readonly tried: ReadonlyArray<{ name: string; answer: string }>;
}

export interface DiagnoseInput {
  readonly client: SessionClient;
  readonly scheme: HmacScheme;
  readonly body: Record<string, unknown>;
  /** The server's clock minus ours, in seconds, when it sent a Date header. */
  readonly offsetSeconds?: number;
  readonly baseUrl: string;
}

/** Anything but 401 means the signature passed (a 13400 is a body problem, not a signing one). */
export function accepted(response: SessionResponse): boolean {
  return response.status !== 401 && response.status < 500;
}

export function knownMistakes(input: DiagnoseInput): Variant[] {
  const { client, scheme, body } = input;
  const creds = client.credentials;
  const other: HmacAlgorithmName = creds.algorithm === 'hmac-sha512' ? 'hmac-sha256' : 'hmac-sha512';
  const documented = scheme.signedHeaders.join(' ');
  const tweak = (t: SigningTweak) => () => client.createSession(body, { tweak: t });
  const variants: Variant[] = [];
  const offset = input.offsetSeconds;
  if (offset !== undefined && Math.abs(offset) >= 30) {
    variants.push({
      name: `X-Date from the server's clock (${signed(offset)} s)`,
      send: () => client.withClock(() => new Date(Date.now() + offset * 1000)).createSession(body),
      advice: `the server accepted our request when X-Date was taken from its clock: your clock is ${Math.abs(offset)} s ${offset > 0 ? 'behind' : 'ahead of'} the server's (it allows ±${scheme.clockSkewSeconds} s). Synchronise this machine's clock (NTP), and your servers', then retry.`,
    });
  }
  if (creds.secret !== creds.secret.trim()) {
    variants.push({
      name: 'secret without surrounding whitespace',
      send: () => client.withCredentials({ ...creds, secret: creds.secret.trim() }).createSession(body),
      advice: 'the server accepted the secret once its leading/trailing whitespace was removed: INGO_HMAC_SECRET carries a space or newline (pasted with it?). Remove it here and in your client’s configuration.',
    });
  }
  variants.push(
    {
      name: 'Content-sha512 as hex',
      send: tweak({ digestEncoding: 'hex' }),
      advice: `the server accepted a hex digest in ${scheme.digestHeader} and refused base64 of the raw SHA-512 digest, which is what Ingo documents: this environment expects hex. Ask Ingo which it should be; until then send what this server accepts.`,
    },
    {
      name: 'signature as base64 of the hex HMAC',
      send: tweak({ signatureEncoding: 'hex-then-base64' }),
      advice: 'the server accepted a signature made as base64 of the HMAC’s hex text, not of its raw bytes as documented: check with Ingo; your client must encode the signature the same way as this server.',
    },
    {
      name: 'body re-serialised (indented) and hashed as sent',
      send: () => client.createSession(body, { rawBody: Buffer.from(JSON.stringify(body, null, 2), 'utf8') }),
      advice: 'the server accepted the body only when re-serialised with indentation: something between you and the server rewrites the body, or the server hashes a re-serialised copy. Hash exactly the bytes that go on the wire, and make sure no proxy or framework re-serialises the JSON after you hash it.',
    },
    {
      name: `algorithm="${other}"`,
      send: () => client.withCredentials({ ...creds, algorithm: other }).createSession(body),
      advice: `the server accepted algorithm="${other}" computed with ${scheme.algorithms[other].toUpperCase()}: your participant is set up for ${other}. Set INGO_HMAC_ALGORITHM=${other}, and make your client name and compute ${other}.`,
    },
    {
      name: `header names ${creds.algorithm}, HMAC computed with ${scheme.algorithms[other].toUpperCase()}`,
      send: tweak({ computeWith: other }),
      advice: `the server accepted an HMAC computed with ${scheme.algorithms[other].toUpperCase()} while Authorization named ${creds.algorithm}: it verifies with ${other} whatever the header says. Compute with ${other} and name it: algorithm="${other}".`,
    },
  );
  for (const list of alternativeHeaderLists(scheme.signedHeaders)) {
    variants.push({
      name: `headers="${list.join(' ')}"`,
      send: tweak({ signedHeaders: list }),
      advice: `the server accepted headers="${list.join(' ')}": it expects this list, in this order, rather than the documented "${documented}". Sign exactly these headers in this order and name them so in Authorization.`,
    });
  }
  return variants;
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

/** Tries each mistake in turn and stops at the first the server accepts. */
export async function diagnoseRefusal(input: DiagnoseInput): Promise<Diagnosis> {
  const tried: Array<{ name: string; answer: string }> = [];
  for (const variant of knownMistakes(input)) {
    let response: SessionResponse;
    try {
      response = await variant.send();
    } catch (error) {
      tried.push({ name: variant.name, answer: (error as Error).message.split('\n')[0] ?? 'failed' });
      continue;
    }
    tried.push({ name: variant.name, answer: `HTTP ${response.status}` });
    if (accepted(response)) return { cause: variant.name, advice: variant.advice, tried };
  }
  const clock =
    input.offsetSeconds === undefined
      ? 'the server sent no Date header, so clock skew could not be ruled out'
      : `your clock is within ${Math.max(1, Math.abs(input.offsetSeconds))} s of the server's, so it is not clock skew`;
  return {
    advice: `none of the known mistakes got the request accepted (${tried.length} tried; ${clock}). The username or the secret is most likely wrong, or not active on this environment (${input.baseUrl}): check INGO_HMAC_USERNAME=${input.client.credentials.username}, copy INGO_HMAC_SECRET again from what Ingo issued for this environment, and ask Ingo to confirm the credentials are enabled.`,
    tried,
  };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
