// The core of the API request path: the check stages in the personality's order, then respond. A
// stage either lets the request through (undefined) or refuses it with a typed Refusal, which stays
// on the request while the reply catalog renders it. Compiled once; per request it is a loop over a
// plain array of functions.
import type { ApiRequest } from './api-request.ts';
import type { Refusal } from './refusal.ts';
import type { Reply } from './reply.ts';

export type CheckStage = (ctx: ApiRequest) => Refusal | undefined;
export type RefusalHook = (ctx: ApiRequest, refusal: Refusal, reply: Reply) => void;

export class ApiPipeline {
  constructor(
    private readonly checks: readonly CheckStage[],
    private readonly respond: (ctx: ApiRequest) => Reply | Promise<Reply>,
    private readonly render: (refusal: Refusal, ctx: ApiRequest) => Reply,
    private readonly afterRefusal: readonly RefusalHook[],
  ) {}

  /** The reply to a request whose body has been read; ctx.refusal says why when it is a refusal. */
  run(ctx: ApiRequest): Reply | Promise<Reply> {
    const checks = this.checks;
    for (let i = 0; i < checks.length; i++) {
      const refusal = checks[i]!(ctx);
      if (refusal !== undefined) return this.refuse(ctx, refusal);
    }
    return this.respond(ctx);
  }

  /** The reply to a refusal made by any stage (also the transport and body stages). */
  refuse(ctx: ApiRequest, refusal: Refusal): Reply {
    ctx.refusal = refusal;
    const reply = this.render(refusal, ctx);
    for (const hook of this.afterRefusal) hook(ctx, refusal, reply);
    return reply;
  }
}
