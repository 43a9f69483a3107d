// The commands a person copies from a report to re-run one check, or replay one request with curl.
// They carry the run's seed and target but never a secret: the secret comes from the person's .env.
import { SESSION_PATH } from '../contract/index.ts';
import type { ExchangeSummary } from './model.ts';
import type { RunContext } from './run-context.ts';

/** The simulator a person starts to replay a mock-mode request (the run's own was per worker). */
export const MOCK_REPLAY_BASE = 'http://127.0.0.1:4010';

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The environment that selects the same target, participant, profile and seed (no secret). */
export function envPrefix(ctx: Pick<RunContext, 'profile' | 'seed' | 'target'>): string {
  const vars: Array<[string, string | undefined]> = [
    ['INGO_SEED', ctx.seed === null ? undefined : String(ctx.seed)],
    ['INGO_PROFILE', ctx.profile === 'default' ? undefined : ctx.profile],
    ['INGO_TARGET', ctx.target.mode === 'remote' ? 'remote' : undefined],
    ['INGO_BASE_URL', ctx.target.mode === 'remote' ? ctx.target.baseUrl : undefined],
    ['INGO_HMAC_USERNAME', ctx.target.mode === 'remote' ? ctx.target.username : undefined],
    ['INGO_HOST_URI', ctx.target.mode === 'remote' ? ctx.target.hostUri : undefined],
    ['INGO_PAYPAL_ENABLED', ctx.target.mode === 'remote' && ctx.target.paypalEnabled !== undefined ? String(ctx.target.paypalEnabled) : undefined],
    ['INGO_HMAC_ALGORITHM', ctx.target.algorithm && ctx.target.algorithm !== 'hmac-sha512' ? ctx.target.algorithm : undefined],
  ];
  return vars
    .filter((v): v is [string, string] => v[1] !== undefined)
    .map(([name, value]) => `${name}=${shellQuote(value)}`)
    .join(' ');
}

/**
 * A grep that selects exactly one requirement tag: "@SM-VAL-STATE" alone would also select a
 * longer id that starts with it, so such ids get an end anchor (Playwright greps "title @tag @tag").
 */
export function tagGrep(id: string, allIds: readonly string[]): string {
  const ambiguous = allIds.some((other) => other !== id && other.startsWith(`${id}-`));
  return ambiguous ? `@${id}( |$)` : `@${id}`;
}

/** The run's context as far as commands need it; configFile only when not the default config. */
export type CommandContext = Pick<RunContext, 'profile' | 'seed' | 'target'> & { readonly configFile?: string };

export function requirementCommand(ctx: CommandContext, id: string, projects: readonly string[], allIds: readonly string[]): string {
  const project = (projects.length ? projects : ['api', 'browser']).map((p) => `--project ${shellQuote(p)}`).join(' ');
  return joinCommand(envPrefix(ctx), `npx playwright test${configArg(ctx)} ${project} --grep "${tagGrep(id, allIds)}"`);
}

export function testCommand(ctx: CommandContext, file: string, line: number, project: string): string {
  return joinCommand(envPrefix(ctx), `npx playwright test${configArg(ctx)} ${shellQuote(`${file}:${line}`)} --project ${shellQuote(project)}`);
}

function configArg(ctx: CommandContext): string {
  return ctx.configFile ? ` -c ${shellQuote(ctx.configFile)}` : '';
}

/**
 * Replays a recorded request as it was sent: the same body bytes (recipient values as same-shape
 * placeholders: letters→x, digits→9, so a boundary or format check replays the same way), the same
 * deliberate signing mistakes, the same unsigned headers and Idempotency-Key. Only X-Date is fresh,
 * because freshness is its point (the recorded one is long outside the ±300 s window), and so the
 * signature is recomputed by `npm run sign` with the person's own secret. The recipe says so.
 */
export function curlCommand(ctx: Pick<RunContext, 'target'>, exchange: ExchangeSummary): string {
  const recorded = new URL(exchange.request.url);
  const base = ctx.target.mode === 'remote' ? recorded.origin : MOCK_REPLAY_BASE;
  const url = `${base}${recorded.pathname}${recorded.search}`;
  const { replayBody, replayBodyBase64, signing } = exchange.request;
  const body = replayBody ?? (typeof exchange.request.body === 'string' ? exchange.request.body : JSON.stringify(exchange.request.body));
  if (replayBody === undefined && /characters in all; the start is shown\)$/.test(body)) {
    return '# this request’s body is too large to replay from the report: re-run the check with the command above';
  }
  const tweak = signing?.tweak ?? {};
  const overridden = Object.keys(tweak.overrideHeaders ?? {}).map((h) => h.toLowerCase());
  const omitted = (tweak.omitHeaders ?? []).map((h) => h.toLowerCase());
  // The recorded Authorization names the username and algorithm, unless the check replaced or dropped it.
  const auth = overridden.includes('authorization') || omitted.includes('authorization') ? {} : parseAuthParams(headerValue(exchange.request.headers, 'authorization') ?? '');
  const signArgs = ['--body-file body.json'];
  const kept: string[] = [];
  if (signing?.signedBody !== undefined) {
    signArgs.push('--signed-body-file signed-body.json');
    kept.push('the body changed after signing (signed-body.json is signed, body.json is sent)');
  }
  if (recorded.pathname !== SESSION_PATH) signArgs.push(`--path ${shellQuote(recorded.pathname)}`);
  const username = tweak.username ?? auth['username'];
  if (username && username !== ctx.target.username) {
    signArgs.push(`--username ${shellQuote(username)}`);
    if (tweak.username) kept.push(`the username "${tweak.username}"`);
  }
  if (auth['algorithm'] && auth['algorithm'] !== (ctx.target.algorithm ?? 'hmac-sha512')) signArgs.push(`--algorithm ${shellQuote(auth['algorithm'])}`);
  const contentType = signing?.contentType ?? headerValue(exchange.request.headers, 'content-type');
  if (contentType && contentType !== 'application/json') {
    signArgs.push(`--content-type ${shellQuote(contentType)}`);
    kept.push(`Content-Type ${contentType}`);
  }
  if (tweak.skewSeconds !== undefined) {
    signArgs.push(`--skew=${tweak.skewSeconds}`);
    kept.push(`X-Date ${tweak.skewSeconds > 0 ? '+' : ''}${tweak.skewSeconds} s off the current time`);
  }
  if (tweak.digestEncoding === 'hex') {
    signArgs.push('--hex-digest');
    kept.push('a hex Content-sha512');
  }
  if (tweak.signatureEncoding === 'hex-then-base64') {
    signArgs.push('--hex-signature');
    kept.push('a signature hex-encoded before base64');
  }
  if (tweak.signedHeaders) {
    signArgs.push(`--signed-headers ${shellQuote(tweak.signedHeaders.join(' '))}`);
    kept.push(`the headers list "${tweak.signedHeaders.join(' ')}"`);
  }
  if (tweak.computeWith) {
    signArgs.push(`--compute-with ${shellQuote(tweak.computeWith)}`);
    kept.push(`a signature computed with ${tweak.computeWith}`);
  }
  if (tweak.wrongSecret) {
    signArgs.push('--wrong-secret');
    kept.push('a wrong secret (a fixed placeholder, not the one the check used)');
  }
  for (const name of tweak.omitHeaders ?? []) {
    signArgs.push(`--omit-header ${shellQuote(name)}`);
    kept.push(`no ${name} header`);
  }
  for (const [name, value] of Object.entries(tweak.overrideHeaders ?? {})) {
    signArgs.push(`--header ${shellQuote(`${name}: ${value}`)}`);
    kept.push(`${name}: ${value}`);
  }
  const extra = Object.entries(signing?.unsignedHeaders ?? {});
  if (extra.length) kept.push(`unsigned header${extra.length === 1 ? '' : 's'} ${extra.map(([k]) => k).join(', ')}`);
  const idempotency = exchange.request.idempotencyKey ?? headerValue(exchange.request.headers, 'idempotency-key');
  const changed = omitted.includes('authorization')
    ? 'X-Date is the current time (the recorded one has expired)'
    : 'X-Date is the current time (the recorded one has expired), so the signature is recomputed with your secret';
  const lines = [
    ...(ctx.target.mode === 'remote' ? [] : [`# start a simulator first: npm run mock -- --port ${new URL(MOCK_REPLAY_BASE).port}`]),
    `# replays the request as it was sent; changed: ${changed}${signing ? '' : ' (this evidence does not say how the request was signed: it is signed correctly)'}; recipient values are same-shape placeholders (letters → x, digits → 9)`,
    ...(kept.length ? [`# kept on purpose: ${kept.join('; ')}`] : []),
    ...(idempotency !== undefined ? ['# the same Idempotency-Key: within 2 hours of the recorded request the server may answer it as a replay'] : []),
    ...fileRecipe('body.json', body, replayBodyBase64),
    ...(signing?.signedBody !== undefined ? fileRecipe('signed-body.json', signing.signedBody) : []),
    `npm run -s sign -- ${signArgs.join(' ')} > headers.txt`,
    `curl -sS -i -X ${exchange.request.method} ${shellQuote(url)} -H @headers.txt${extra.map(([k, v]) => ` -H ${shellQuote(`${k}: ${v}`)}`).join('')}${idempotency !== undefined ? ` -H ${shellQuote(`Idempotency-Key: ${idempotency}`)}` : ''} --data-binary @body.json`,
  ];
  return lines.join('\n');
}

/**
 * Writes a file from the report with exactly the recorded bytes (a heredoc would add a newline): as
 * text through printf, or from base64 when the bytes are not valid UTF-8.
 */
function fileRecipe(name: string, text: string, base64?: string): string[] {
  if (base64 !== undefined) return [`base64 -d > ${name} <<'B64'`, ...(base64.match(/.{1,76}/g) ?? ['']), 'B64'];
  return [`printf '%s' ${shellQuote(text)} > ${name}`];
}

function joinCommand(prefix: string, command: string): string {
  return prefix ? `${prefix} ${command}` : command;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers![key];
}

function parseAuthParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/([A-Za-z]+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
  return params;
}
