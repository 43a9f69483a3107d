// A refusal in the integrator's words: which rule refused the request, what in the request broke it,
// and what to change. For a signing refusal the participant's secret lets the simulator name the
// mistake (src/client/verify-signing.ts) and show the signing string it built next to the one the
// request implies. Nothing here quotes recipient data or the secret: field errors are named by field
// and rule, a JSON parse error loses the text V8 quotes from the body.
import type { KeyHolder, ReceivedRequest, SigningVerdict } from '../../client/verify-signing.ts';
import { verifySigning } from '../../client/verify-signing.ts';
import type { Contract } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { Refusal } from '../core/refusal.ts';

export interface Explanation {
  /** "stage/rule": which rule refused the request. */
  readonly rule: string;
  /** What was wrong with this request, and what to change; one line. */
  readonly text: string;
  /** The signing strings, for a signing refusal (never the secret). */
  readonly signing?: { readonly built: string; readonly implied?: string };
  /** The username the Authorization header names, for a signing refusal. */
  readonly username?: string;
}

export interface DescribeInput {
  readonly refusal: Refusal;
  readonly request: ReceivedRequest;
  readonly participant: Participant | undefined;
  /** For a 13723: the fields whose values differ from the request that first used the key. */
  readonly differingFields?: readonly string[];
}

export class RefusalDescriber {
  private readonly holders: readonly KeyHolder[];

  constructor(
    private readonly contract: Contract,
    participants: readonly Participant[],
    private readonly nowMs: () => number,
  ) {
    this.holders = participants.map((p) => ({ username: p.username, secret: p.secret }));
  }

  describe(input: DescribeInput): Explanation {
    const { refusal } = input;
    const rule = `${refusal.stage}/${refusal.rule}`;
    switch (refusal.kind) {
      case 'unauthorized':
        if (refusal.stage === 'authenticate') return this.signing(rule, input.request, refusal.reason);
        return { rule, text: this.whiteList(refusal.rule, input) };
      case 'invalid-fields': {
        // A parse error's message is V8's, which quotes the body; the field stage's never quote values.
        const words = (m: string) => (refusal.stage === 'parse-json' ? withoutQuotedText(m) : m);
        const fields = refusal.errors.map((e) => `${e.field.dotted} (${e.rule}): ${words(e.message)}`);
        return { rule, text: `13400, ${fields.length} field error${fields.length === 1 ? '' : 's'}: ${fields.join('; ')}` };
      }
      case 'idempotency-mismatch': {
        const which = input.differingFields?.length ? `; fields that differ: ${input.differingFields.join(', ')}` : '';
        return {
          rule,
          text: `13723: Idempotency-Key ${JSON.stringify(shorten(refusal.key, 80))} first created a session with another body${which}. Re-send the same body with a used key (a retry or a recovery), or use a new key for a new session`,
        };
      }
      case 'in-progress':
        return { rule, text: 'a request with this Idempotency-Key is still being processed; retry once it has been answered' };
      case 'stored-failure':
        return { rule, text: `fault mode: ${refusal.reason}` };
      case 'not-reauthorizable':
        return { rule, text: `the session is ${refusal.state} and cannot be re-authorised (status 13724); create a new session with a new Idempotency-Key` };
      case 'unsupported-media-type':
        return { rule, text: `Content-Type is ${JSON.stringify(shorten(input.request.headers['content-type'] ?? '(absent)', 80))}; send Content-Type: application/json` };
      case 'too-large':
        return { rule, text: `the body is over the ${refusal.limit}-byte limit` };
      case 'unavailable':
        return { rule, text: 'an injected 503 (chaos: --error-rate); retry after Retry-After' };
      case 'server-error':
        return { rule, text: `fault mode: ${refusal.reason}` };
    }
  }

  private signing(rule: string, request: ReceivedRequest, reason: string): Explanation {
    const verdict: SigningVerdict = verifySigning(request, this.holders, this.contract.hmac, this.nowMs());
    const signing = {
      ...(verdict.built !== undefined && { signing: { built: verdict.built, ...(verdict.implied !== undefined && { implied: verdict.implied }) } }),
      ...(verdict.username !== undefined && { username: verdict.username }),
    };
    const mistake = rule === 'authenticate/x-date' ? verdict.xDate.mistake : (verdict.mistake ?? verdict.xDate.mistake);
    if (!mistake) return { rule, text: `refused (${reason}), though the request verifies with the secret on file: a fault mode is on`, ...signing };
    return { rule, text: `${mistake.id}: ${mistake.detail}. Fix: ${mistake.fix}`, ...signing };
  }

  private whiteList(rule: string, input: DescribeInput): string {
    const who = input.participant;
    if (rule === 'empty-host') return 'host_uri is an empty string; leave it out to use your first white-listed host, or send a white-listed origin';
    const sent = hostUriOf(input.request.body);
    const listed = who ? `; white-listed for ${who.username}: ${who.host_uris.join(', ')}` : '';
    return `host_uri ${sent === undefined ? '' : `${JSON.stringify(shorten(sent, 120))} `}is not white-listed (the server answers 401)${listed}. Send one of these origins exactly, or ask Ingo to white-list yours`;
  }
}

/** One line of ASCII for an HTTP header: no control characters, no non-ASCII, bounded. */
export function asciiHeader(text: string, max = 1500): string {
  const ascii = text
    .replace(/±/g, '+-')
    .replace(/…/g, '...')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/→/g, '->')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > max ? `${ascii.slice(0, max - 3)}...` : ascii;
}

/** The header names whose lines differ between two signing strings. */
export function differingLines(built: string, implied: string): string[] {
  const a = built.split('\n');
  const b = implied.split('\n');
  const names = new Set<string>();
  const nameOf = (line: string) => (line.includes(': ') && !line.startsWith('POST ') ? line.slice(0, line.indexOf(':')) : 'request-line');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) names.add(nameOf(a[i] ?? b[i] ?? ''));
  }
  return [...names];
}

/** V8's JSON errors quote the body ("Unexpected token 'J', "Jack" is not valid JSON"): drop what is quoted. */
function withoutQuotedText(message: string): string {
  return message.replace(/"[^"]*"(?:\.\.\.)?/g, '"…"').replace(/'[^']*'/g, "'…'");
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function hostUriOf(body: Uint8Array): string | undefined {
  try {
    const value = (JSON.parse(Buffer.from(body).toString('utf8')) as { host_uri?: unknown } | null)?.host_uri;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
