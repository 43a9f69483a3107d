// npm run mock -- --explain (local use only): every refused request is explained in one response
// header, X-Simulator-Explain, and in the simulator's log, in the integrator's words. The server calls
// explain() with the reply it is about to write; without --explain there is no Explainer and nothing
// changes. It remembers the canonical body of each keyed session it saw created (bounded), so a 13723
// can name the fields that differ.
import { isJsonObject as isObject, type Contract } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { ReceivedRequest } from '../../client/verify-signing.ts';
import type { ApiRequest } from '../core/api-request.ts';
import type { Reply } from '../core/reply.ts';
import { Fifo } from '../store/fifo.ts';
import { asciiHeader, differingLines, RefusalDescriber, type Explanation } from './describe.ts';

export const EXPLAIN_HEADER = 'X-Simulator-Explain';

/** How many created bodies are remembered for 13723 diffs. */
const REMEMBERED_BODIES = 10_000;

export class Explainer {
  private readonly describer: RefusalDescriber;
  private readonly bodies = new Map<string, unknown>();
  private readonly order = new Fifo<string>();

  constructor(
    contract: Contract,
    participants: readonly Participant[],
    nowMs: () => number,
    private readonly log: (line: string) => void,
  ) {
    this.describer = new RefusalDescriber(contract, participants, nowMs);
  }

  /** The reply, with the explanation header when it is a refusal (and the log lines written). */
  explain(ctx: ApiRequest, reply: Reply): Reply {
    const refusal = ctx.refusal;
    if (!refusal) {
      if (ctx.scope !== undefined && !ctx.replayOf && reply.httpStatus < 300) this.remember(ctx.scope, ctx.json);
      return reply;
    }
    const differing = refusal.kind === 'idempotency-mismatch' && ctx.scope !== undefined ? differingFields(this.bodies.get(ctx.scope), ctx.json) : undefined;
    const explanation = this.describer.describe({ refusal, request: received(ctx), participant: ctx.participant, ...(differing && { differingFields: differing }) });
    for (const line of logLines(ctx, reply, explanation)) this.log(line);
    return { ...reply, headers: { ...reply.headers, [EXPLAIN_HEADER]: asciiHeader(`${explanation.rule}: ${explanation.text}`) } };
  }

  private remember(scope: string, body: unknown): void {
    if (!this.bodies.has(scope)) this.order.push(scope);
    this.bodies.set(scope, body);
    while (this.order.length > REMEMBERED_BODIES) this.bodies.delete(this.order.shift()!);
  }
}

/** The request as the signing verifier reads it. */
export function received(ctx: ApiRequest): ReceivedRequest {
  const headers: Record<string, string | undefined> = {};
  for (const name of Object.keys(ctx.req.headers)) headers[name] = ctx.header(name);
  return { method: ctx.req.method ?? 'POST', target: ctx.req.url ?? '/', httpVersion: ctx.req.httpVersion, headers, body: ctx.body };
}

function logLines(ctx: ApiRequest, reply: Reply, explanation: Explanation): string[] {
  const username = ctx.participant?.username ?? explanation.username;
  const who = username === undefined ? '' : ` (${username})`;
  const lines = [`[explain] ${reply.httpStatus} ${ctx.req.method} ${ctx.req.url}${who}: ${explanation.rule}: ${explanation.text}`];
  const signing = explanation.signing;
  if (signing) {
    lines.push('  signing string the simulator built (the documented headers, with the values this body needs):');
    for (const line of signing.built.split('\n')) lines.push(`    ${line}`);
    if (signing.implied !== undefined) {
      lines.push('  signing string your request implies (its headers="…" list, its values as sent):');
      for (const line of signing.implied.split('\n')) lines.push(`    ${line}`);
      const differ = differingLines(signing.built, signing.implied);
      lines.push(differ.length ? `  they differ in: ${differ.join(', ')}` : '  they are the same: the HMAC itself differs (algorithm, encoding or secret)');
    }
  }
  return lines;
}

/** Dotted paths of the leaves whose values differ (names only: values may be recipient data). */
export function differingFields(before: unknown, after: unknown, path = ''): string[] {
  if (before === undefined) return [];
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [path || '(body)'];
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const at = path ? `${path}.${key}` : key;
    const a = before[key];
    const b = after[key];
    if (isObject(a) && isObject(b)) out.push(...differingFields(a, b, at));
    else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(at);
  }
  return out;
}
