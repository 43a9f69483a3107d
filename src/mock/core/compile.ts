// Builds the running stages from their seams, once, at start-up: the stores, each stage's compiled
// form, the pipeline in the personality's order, the reply writer and the plug-in pages.
import type { Contract } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { CertifyMode } from '../certify/certify-mode.ts';
import { InstrumentedWriter } from '../certify/instrumented-writer.ts';
import { PluginPages } from '../plugin/pages.ts';
import { TokenSigner } from '../plugin/token.ts';
import { AuthenticateStage } from '../stages/authenticate.ts';
import { compileContentType } from '../stages/content-type.ts';
import { IdempotencyStage, keyLifetimeMs } from '../stages/idempotency.ts';
import { compileParseJson } from '../stages/parse-json.ts';
import { ReadBodyStage } from '../stages/read-body.ts';
import { ReplyCatalog } from '../stages/replies.ts';
import { RespondStage } from '../stages/respond.ts';
import { Transport } from '../stages/transport.ts';
import { ValidateFieldsStage } from '../stages/validate-fields.ts';
import { WhiteListStage } from '../stages/white-list.ts';
import { IdempotencyStore } from '../store/keys.ts';
import { SessionStore } from '../store/sessions.ts';
import { ApiPipeline, type CheckStage, type RefusalHook } from './api-pipeline.ts';
import type { ChaosOptions } from './chaos.ts';
import { checkOrder } from './order.ts';
import { ReplyWriter } from './reply.ts';
import type { Seams } from './seams.ts';
import type { CheckStageName } from './stage-names.ts';

export interface CompileDeps {
  readonly contract: Contract;
  readonly participants: readonly Participant[];
  readonly nowMs: () => number;
  readonly chaos: ChaosOptions;
  readonly seed: number;
  readonly maxSessions: number;
  readonly maxVerificationAttempts: number;
  /** Timers the server clears when it closes. */
  readonly later: (ms: number, fn: () => void) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pluginOrigin: () => string;
  /** npm run certify-client only: page reports, the beacon, the planted expiry. */
  readonly certify?: CertifyMode;
}

export interface CompiledSimulator {
  readonly transport: Transport;
  readonly readBody: ReadBodyStage;
  readonly pipeline: ApiPipeline;
  readonly writer: ReplyWriter;
  readonly plugin: PluginPages;
  readonly sessions: SessionStore;
  readonly keys: IdempotencyStore;
  readonly order: readonly CheckStageName[];
}

export function compileSimulator(seams: Seams, deps: CompileDeps): CompiledSimulator {
  const { contract, nowMs } = deps;
  const order = checkOrder(seams.pipeline.order);
  const keyTtlMs = keyLifetimeMs(seams.idempotency, contract);
  const keys = new IdempotencyStore(keyTtlMs);
  // A session lives as long as the key that can re-authorise it.
  const sessions = new SessionStore(Math.max(keyTtlMs, contract.urlTtlSeconds * 2000), deps.maxSessions, (s) => {
    if (s.keyScope !== undefined) keys.delete(s.keyScope);
  });
  const tokens = new TokenSigner(seams['plugin-token']);
  const transport = new Transport(seams.transport, deps.chaos, deps.seed);
  const wire = {
    jsonContentType: seams.respond.body.jsonContentType,
    dateHeader: seams.transport.dateHeader,
    connectionClose: seams.transport.keepAlive === 'off',
  };
  const writer = deps.certify ? new InstrumentedWriter(deps.certify, wire, nowMs) : new ReplyWriter(wire, nowMs);
  const replies = new ReplyCatalog(seams.respond.refusals, seams.respond.body);
  const idempotency = new IdempotencyStage(seams.idempotency, contract, keys, sessions, nowMs, deps.sleep);
  const checks: Record<CheckStageName, CheckStage> = {
    authenticate: new AuthenticateStage(seams.authenticate, contract.hmac, deps.participants, nowMs).check,
    'content-type': compileContentType(seams['content-type']),
    'parse-json': compileParseJson(seams['parse-json']),
    'validate-fields': new ValidateFieldsStage(seams['validate-fields']).check,
    'white-list': new WhiteListStage(seams['white-list'], contract, deps.participants).check,
    idempotency: idempotency.check,
  };
  const respond = new RespondStage(seams.respond.success, seams.respond.body, {
    contract,
    sessions,
    tokens,
    idempotency,
    replies,
    nowMs,
    pluginOrigin: deps.pluginOrigin,
  });
  const hooks: RefusalHook[] = seams.idempotency.storeFailedRequests ? [idempotency.afterRefusal] : [];
  return {
    transport,
    readBody: new ReadBodyStage(seams['read-body'], deps.later),
    pipeline: new ApiPipeline(
      order.map((name) => checks[name]),
      respond.run,
      replies.render,
      hooks,
    ),
    writer,
    plugin: new PluginPages({
      sessions,
      tokens,
      nowMs,
      writer,
      expiry: seams['plugin-expiry'],
      framing: seams['plugin-framing'],
      markup: seams['plugin-markup'],
      maxAttempts: deps.maxVerificationAttempts,
      ...(deps.certify && { plantExpired: deps.certify.plantExpired }),
    }),
    sessions,
    keys,
    order,
  };
}
