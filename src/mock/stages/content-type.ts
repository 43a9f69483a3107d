// Stage "content-type": the document says application/json. A personality refuses anything else, or
// (like a lenient model binder) lets the JSON stage try the body anyway and refuses only when it is
// not JSON.
import type { ApiRequest } from '../core/api-request.ts';
import type { Refusal } from '../core/refusal.ts';

export interface ContentTypeSeams {
  nonJson: 'refuse' | 'parse-anyway';
}

export function defaultContentTypeSeams(): ContentTypeSeams {
  return { nonJson: 'refuse' };
}

export const UNSUPPORTED_MEDIA_TYPE: Refusal = {
  kind: 'unsupported-media-type',
  stage: 'content-type',
  rule: 'media-type',
  reason: 'the Content-Type is not application/json',
};

export function compileContentType(seams: Readonly<ContentTypeSeams>): (ctx: ApiRequest) => Refusal | undefined {
  if (seams.nonJson === 'parse-anyway') {
    return (ctx) => {
      ctx.contentTypeIsJson = isJsonContentType(ctx.req.headers['content-type']);
      return undefined;
    };
  }
  return (ctx) => (isJsonContentType(ctx.req.headers['content-type']) ? undefined : UNSUPPORTED_MEDIA_TYPE);
}

export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  // What clients almost always send, answered without allocating trimmed, lower-cased copies.
  if (value === 'application/json') return true;
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() === 'application/json';
}
