// When the server refuses a correctly signed request with 401, find out why by asking it: re-send the
// request with each known integration mistake (the catalogue in src/client/signing-mistakes.ts) made
// on purpose. The variant the server accepts names what it actually expects; the advice is phrased
// for the integrator's own client.
import type { SessionClient, SessionResponse } from '../../client/session-client.ts';
import { onboardingProbes, type ProbeAction } from '../../client/signing-mistakes.ts';
import type { HmacScheme } from '../../contract/index.ts';
import type { CheckedAnswers } from './answers.ts';

export { alternativeHeaderLists } from '../../client/signing-mistakes.ts';

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
  /** Every probe's answer takes the always-on checks too. */
  readonly answers: CheckedAnswers;
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

/** The catalogue's probes (src/client/signing-mistakes.ts), each bound to our client and this body. */
export function knownMistakes(input: DiagnoseInput): Variant[] {
  const { client, scheme, body, answers } = input;
  const probes = onboardingProbes({ scheme, credentials: client.credentials, ...(input.offsetSeconds !== undefined && { offsetSeconds: input.offsetSeconds }) });
  return probes.map((probe) => ({ name: probe.name, advice: probe.advice, send: async () => answers.judge(`diagnosis: ${probe.name}`, await sendProbe(client, body, probe.action)) }));
}

function sendProbe(client: SessionClient, body: Record<string, unknown>, action: ProbeAction): Promise<SessionResponse> {
  switch (action.kind) {
    case 'tweak':
      return client.createSession(body, { tweak: action.tweak });
    case 'clock':
      return client.withClock(() => new Date(Date.now() + action.offsetSeconds * 1000)).createSession(body);
    case 'credentials':
      return client.withCredentials(action.credentials).createSession(body);
    case 'indented-body':
      return client.createSession(body, { rawBody: Buffer.from(JSON.stringify(body, null, 2), 'utf8') });
  }
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

