// Stage "read-body": reads the body within the size limit. Over the limit, the personality either
// answers 413 (and drains a little before cutting the connection) or cuts the connection as soon as
// the limit is known, from Content-Length, while the client is still sending.
import { readBody } from '../core/body.ts';
import type { ApiRequest } from '../core/api-request.ts';
import type { Refusal } from '../core/refusal.ts';

export interface ReadBodySeams {
  maxBytes: number;
  overLimit: 'reply-413' | 'reset';
  /** Fault hang-on-huge-body: stop reading and stall this long before refusing. */
  stallMs: number;
}

export function defaultReadBodySeams(maxBytes: number): ReadBodySeams {
  return { maxBytes, overLimit: 'reply-413', stallMs: 0 };
}

export class ReadBodyStage {
  private readonly tooLarge: Refusal;

  constructor(
    private readonly seams: Readonly<ReadBodySeams>,
    private readonly later: (ms: number, fn: () => void) => void,
  ) {
    this.tooLarge = { kind: 'too-large', stage: 'read-body', rule: 'size-limit', reason: `the body is over the ${seams.maxBytes}-byte limit`, limit: seams.maxBytes };
  }

  /** Calls next once the body is in, or refuse (or cuts the connection) when it is too large. */
  run(ctx: ApiRequest, next: (ctx: ApiRequest) => void, refuse: (ctx: ApiRequest, refusal: Refusal) => void): void {
    readBody(ctx.req, this.seams.maxBytes, (result) => {
      if (result.ok) {
        ctx.body = result.body;
        return next(ctx);
      }
      const act = this.seams.overLimit === 'reset' ? () => ctx.req.socket.destroy() : () => refuse(ctx, this.tooLarge);
      if (this.seams.stallMs <= 0) return act();
      ctx.req.pause();
      this.later(this.seams.stallMs, act);
    });
  }
}
