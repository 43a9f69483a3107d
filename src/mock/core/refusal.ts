// What a stage says when it refuses a request: a typed value naming the stage, the rule and the
// reason. Stages decide *what* is wrong; the reply catalog (stages/replies.ts) decides *how* the
// personality says it. The refusal stays on the request until its reply is written, so a log line or
// an explanation header can name exactly which rule refused it and why.
import type { Reply } from './reply.ts';
import type { StageName } from './stage-names.ts';

/** The kinds of field rule the validation stage applies (read from the contract's field rules). */
export type RuleKind =
  | 'required'
  | 'conditional'
  | 'type'
  | 'maxLength'
  | 'minLength'
  | 'pattern'
  | 'enum'
  | 'empty'
  | 'unknown-field'
  | 'white-list'
  | 'idempotency-mismatch';

/** How a refused field may be named in a 13400 `data` object; the personality picks one style. */
export interface FieldNames {
  /** recipient_information.first_name (also a header name, or "body") */
  readonly dotted: string;
  /** RecipientInformation.FirstName */
  readonly pascal: string;
  /** $.recipient_information.first_name */
  readonly jsonPath: string;
  /** first_name */
  readonly bare: string;
}

export interface FieldError {
  readonly field: FieldNames;
  readonly rule: RuleKind;
  readonly message: string;
}

export type AuthRule =
  | 'authorization'
  | 'username'
  | 'algorithm'
  | 'headers-list'
  | 'signed-header'
  | 'x-date'
  | 'digest'
  | 'content-length'
  | 'signature';

interface Base<S extends StageName, R extends string> {
  readonly stage: S;
  readonly rule: R;
  /** A sentence for logs and explanations; never sent to the client as is. */
  readonly reason: string;
}

export type Refusal =
  | (Base<'authenticate', AuthRule> & {
      readonly kind: 'unauthorized';
      /** Kept for the leak-signature-in-401 fault and the simulator's own diagnostics only. */
      readonly expectedSignature?: string;
      readonly signingString?: string;
    })
  | (Base<'white-list', 'white-list' | 'empty-host'> & { readonly kind: 'unauthorized' })
  | (Base<'validate-fields' | 'parse-json' | 'white-list' | 'idempotency', 'fields'> & {
      readonly kind: 'invalid-fields';
      readonly errors: readonly FieldError[];
    })
  | (Base<'idempotency', 'mismatch'> & { readonly kind: 'idempotency-mismatch'; readonly key: string; readonly participantId: string })
  | (Base<'idempotency', 'in-flight'> & { readonly kind: 'in-progress' })
  | (Base<'idempotency', 'stored-failure'> & { readonly kind: 'stored-failure'; readonly reply: Reply })
  | (Base<'respond', 'session-state'> & { readonly kind: 'not-reauthorizable'; readonly sessionId: string; readonly state: string })
  | (Base<'content-type', 'media-type'> & { readonly kind: 'unsupported-media-type' })
  | (Base<'read-body', 'size-limit'> & { readonly kind: 'too-large'; readonly limit: number })
  | (Base<'transport', 'chaos'> & { readonly kind: 'unavailable' })
  | (Base<StageName, 'fault'> & { readonly kind: 'server-error' });

export type RefusalKind = Refusal['kind'];

/** One line: which stage and rule refused the request, and why. */
export function describeRefusal(refusal: Refusal): string {
  return `${refusal.stage}/${refusal.rule}: ${refusal.reason}`;
}

export function fieldsRefusal(stage: 'validate-fields' | 'parse-json' | 'white-list' | 'idempotency', errors: readonly FieldError[]): Refusal {
  const first = errors[0];
  const reason = errors.map((e) => `${e.field.dotted} (${e.rule}): ${e.message}`).join('; ');
  return { kind: 'invalid-fields', stage, rule: 'fields', reason: first ? reason : 'invalid fields', errors };
}
