// Stage "parse-json": decodes the body (strict UTF-8, or with replacement characters) and parses it,
// within a nesting limit. A body that is not JSON is a 13400 keyed "body" (or, when the declared
// content type was not JSON either, the content-type refusal).
import { parseJsonBody } from '../core/body.ts';
import type { ApiRequest } from '../core/api-request.ts';
import { BODY_NAMES } from '../core/field-names.ts';
import { fieldsRefusal, type Refusal } from '../core/refusal.ts';
import { UNSUPPORTED_MEDIA_TYPE } from './content-type.ts';

export interface ParseJsonSeams {
  invalidUtf8: 'refuse' | 'replace';
  /** Fault crash-on-malformed-json: a body that does not parse answers 500. */
  onMalformed: 'refuse' | 'server-error';
}

export function defaultParseJsonSeams(): ParseJsonSeams {
  return { invalidUtf8: 'refuse', onMalformed: 'refuse' };
}

const CRASH: Refusal = { kind: 'server-error', stage: 'parse-json', rule: 'fault', reason: 'crash-on-malformed-json: a body that does not parse' };

export function compileParseJson(seams: Readonly<ParseJsonSeams>): (ctx: ApiRequest) => Refusal | undefined {
  const { invalidUtf8, onMalformed } = seams;
  return (ctx) => {
    const parsed = parseJsonBody(ctx.body, invalidUtf8);
    if (parsed.ok) {
      ctx.parsed = true;
      ctx.json = parsed.value;
      return undefined;
    }
    if (!ctx.contentTypeIsJson) return UNSUPPORTED_MEDIA_TYPE;
    if (onMalformed === 'server-error') return CRASH;
    return fieldsRefusal('parse-json', [{ field: BODY_NAMES, rule: 'type', message: parsed.message }]);
  };
}
