// The seams of every stage: the settings and hook points a stage is compiled from. A personality
// choice or a fault mode is an Override: a small function registered on one stage name that changes
// that stage's seams at start-up. Nothing here runs per request.
import type { Contract } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { MarkupSeams } from '../plugin/markup.ts';
import { CLASSIC_MARKUP } from '../plugin/markup-classic.ts';
import { defaultExpirySeams, defaultFramingSeams, type ExpirySeams, type FramingSeams } from '../plugin/pages.ts';
import { defaultTokenSeams, type TokenSeams } from '../plugin/token.ts';
import { defaultAuthenticateSeams, type AuthenticateSeams } from '../stages/authenticate.ts';
import { defaultContentTypeSeams, type ContentTypeSeams } from '../stages/content-type.ts';
import { defaultIdempotencySeams, type IdempotencySeams } from '../stages/idempotency.ts';
import { defaultParseJsonSeams, type ParseJsonSeams } from '../stages/parse-json.ts';
import { defaultReadBodySeams, type ReadBodySeams } from '../stages/read-body.ts';
import { defaultBodyStyleSeams, defaultRefusalSeams } from '../stages/replies.ts';
import { defaultSuccessSeams, type RespondSeams } from '../stages/respond.ts';
import { defaultTransportSeams, type TransportSeams } from '../stages/transport.ts';
import { defaultValidateFieldsSeams, type ValidateFieldsSeams } from '../stages/validate-fields.ts';
import { defaultWhiteListSeams, type WhiteListSeams } from '../stages/white-list.ts';
import { DEFAULT_CHECK_ORDER, type CheckStageName, type StageName } from './stage-names.ts';

export interface PipelineSeams {
  /** The order of the check stages (core/order.ts checks it is workable). */
  order: CheckStageName[];
}

export interface Seams {
  pipeline: PipelineSeams;
  transport: TransportSeams;
  'read-body': ReadBodySeams;
  authenticate: AuthenticateSeams;
  'content-type': ContentTypeSeams;
  'parse-json': ParseJsonSeams;
  'validate-fields': ValidateFieldsSeams;
  'white-list': WhiteListSeams;
  idempotency: IdempotencySeams;
  respond: RespondSeams;
  'plugin-token': TokenSeams;
  'plugin-expiry': ExpirySeams;
  'plugin-framing': FramingSeams;
  'plugin-markup': MarkupSeams;
}

/** What an override may read while it changes seams. */
export interface CompileEnv {
  readonly contract: Contract;
  readonly participants: readonly Participant[];
}

export interface StageOverride<S extends StageName> {
  readonly stage: S;
  readonly apply: (seams: Seams[S], env: CompileEnv) => void;
}

/** An override on any one stage. */
export type Override = { [S in StageName]: StageOverride<S> }[StageName];

/** Registers a change on one stage: on('respond', (s) => { s.success.createdHttpStatus = 201 }). */
export function on<S extends StageName>(stage: S, apply: (seams: Seams[S], env: CompileEnv) => void): Override {
  return { stage, apply } as StageOverride<S> as unknown as Override;
}

/** Today's simulator: what every stage does before any override. */
export function defaultSeams(env: CompileEnv, maxBodyBytes: number): Seams {
  return {
    pipeline: { order: [...DEFAULT_CHECK_ORDER] },
    transport: defaultTransportSeams(),
    'read-body': defaultReadBodySeams(maxBodyBytes),
    authenticate: defaultAuthenticateSeams(env.contract.hmac),
    'content-type': defaultContentTypeSeams(),
    'parse-json': defaultParseJsonSeams(),
    'validate-fields': defaultValidateFieldsSeams(env.contract),
    'white-list': defaultWhiteListSeams(),
    idempotency: defaultIdempotencySeams(),
    respond: { success: defaultSuccessSeams(), refusals: defaultRefusalSeams(), body: defaultBodyStyleSeams() },
    'plugin-token': defaultTokenSeams(),
    'plugin-expiry': defaultExpirySeams(),
    'plugin-framing': defaultFramingSeams(),
    'plugin-markup': { markup: CLASSIC_MARKUP, escapeFirstName: true },
  };
}

/** Applies overrides in order (personality choices first, then faults, so a fault always bites). */
export function applyOverrides(seams: Seams, overrides: readonly Override[], env: CompileEnv): Seams {
  for (const override of overrides) (override.apply as (s: unknown, e: CompileEnv) => void)(seams[override.stage], env);
  return seams;
}
