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
 * Replays a recorded request: the body goes to a file, `npm run sign` signs it afresh (the recorded
 * signature has long expired) and curl sends it. Recipient values in the body are same-shape
 * placeholders (letters→x, digits→9), so a boundary or format check replays the same way.
 */
export function curlCommand(ctx: Pick<RunContext, 'target'>, exchange: ExchangeSummary): string {
  const recorded = new URL(exchange.request.url);
  const base = ctx.target.mode === 'remote' ? recorded.origin : MOCK_REPLAY_BASE;
  const url = `${base}${recorded.pathname}${recorded.search}`;
  const body = exchange.request.replayBody ?? (typeof exchange.request.body === 'string' ? exchange.request.body : JSON.stringify(exchange.request.body));
  if (exchange.request.replayBody === undefined && /characters in all; the start is shown\)$/.test(body)) {
    return '# this request’s body is too large to replay from the report: re-run the check with the command above';
  }
  const auth = parseAuthParams(headerValue(exchange.request.headers, 'authorization') ?? '');
  const signArgs = ['--body-file body.json'];
  if (recorded.pathname !== SESSION_PATH) signArgs.push(`--path ${shellQuote(recorded.pathname)}`);
  if (auth['username'] && auth['username'] !== ctx.target.username) signArgs.push(`--username ${shellQuote(auth['username'])}`);
  if (auth['algorithm'] && auth['algorithm'] !== (ctx.target.algorithm ?? 'hmac-sha512')) signArgs.push(`--algorithm ${shellQuote(auth['algorithm'])}`);
  const contentType = headerValue(exchange.request.headers, 'content-type');
  if (contentType && contentType !== 'application/json') signArgs.push(`--content-type ${shellQuote(contentType)}`);
  const idempotency = exchange.request.idempotencyKey ?? headerValue(exchange.request.headers, 'idempotency-key');
  const lines = [
    ...(ctx.target.mode === 'remote' ? [] : [`# start a simulator first: npm run mock -- --port ${new URL(MOCK_REPLAY_BASE).port}`]),
    `cat > body.json <<'JSON'`,
    body,
    'JSON',
    `npm run -s sign -- ${signArgs.join(' ')} > headers.txt`,
    `curl -sS -i -X ${exchange.request.method} ${shellQuote(url)} -H @headers.txt${idempotency !== undefined ? ` -H ${shellQuote(`Idempotency-Key: ${idempotency}`)}` : ''} --data-binary @body.json`,
  ];
  return lines.join('\n');
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
