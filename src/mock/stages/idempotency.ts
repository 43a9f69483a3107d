// Stage "idempotency": keys scoped per participant. The lookup is a check stage (a replay, a
// mismatch, a key still in flight); storing the key happens when the respond stage creates the
// session. In the default mode everything from the lookup to the store runs synchronously, so
// concurrent requests with one key cannot both miss the lookup (Node runs one callback at a time).
import type { Contract } from '../../contract/index.ts';
import type { ApiRequest } from '../core/api-request.ts';
import { headerNames } from '../core/field-names.ts';
import { fieldsRefusal, type Refusal } from '../core/refusal.ts';
import type { Reply } from '../core/reply.ts';
import { bodyHash, keyScope, IdempotencyStore } from '../store/keys.ts';
import type { Session, SessionStore } from '../store/sessions.ts';

export interface IdempotencySeams {
  /** Fault ignore-idempotency: the header is never read. */
  ignoreKey: boolean;
  /** Keys per participant (documented), or one space for all (a fault). */
  scope: 'participant' | 'global';
  /** Same key, other body: 13723 (documented), the original session (a fault), or a 13400 (a fault). */
  onMismatch: 'refuse' | 'replay-original' | 'validation-error';
  /** Fault store-failed-keys: a refused request's key is stored with its failure. */
  storeFailedRequests: boolean;
  /**
   * atomic: lookup and store in one synchronous step (one 100, the rest 101);
   * refuse-in-flight: creating takes processingMs and duplicates meanwhile get 409 "in progress";
   * racy: a fault, the store comes processingMs after the lookup, so duplicates all create.
   */
  concurrency: 'atomic' | 'refuse-in-flight' | 'racy';
  processingMs: number;
  /** Documented (2 hours), a quarter of it, or never pruned (faults). */
  keyLifetime: 'documented' | 'quarter' | 'forever';
}

export function defaultIdempotencySeams(): IdempotencySeams {
  return {
    ignoreKey: false,
    scope: 'participant',
    onMismatch: 'refuse',
    storeFailedRequests: false,
    concurrency: 'atomic',
    processingMs: 25,
    keyLifetime: 'documented',
  };
}

export function keyLifetimeMs(seams: Readonly<IdempotencySeams>, contract: Contract): number {
  if (seams.keyLifetime === 'forever') return Infinity;
  return (contract.idempotencyKey.ttlSeconds * 1000) / (seams.keyLifetime === 'quarter' ? 4 : 1);
}

const IN_PROGRESS: Refusal = { kind: 'in-progress', stage: 'idempotency', rule: 'in-flight', reason: 'a request with this Idempotency-Key is still being processed' };

export class IdempotencyStage {
  private readonly header: string;
  private readonly inFlight = new Set<string>();
  private readonly mismatchAsFields: Refusal;

  constructor(
    private readonly seams: Readonly<IdempotencySeams>,
    contract: Contract,
    readonly keys: IdempotencyStore,
    private readonly sessions: SessionStore,
    private readonly nowMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.header = contract.idempotencyKey.header.toLowerCase();
    this.mismatchAsFields = fieldsRefusal('idempotency', [
      { field: headerNames(contract.idempotencyKey.header), rule: 'idempotency-mismatch', message: 'The request does not match the original request.' },
    ]);
  }

  /** Reads the key once: an empty header is no key (an "empty key refused" personality refuses it in the field stage). */
  resolveKey(ctx: ApiRequest): void {
    if (ctx.keyResolved) return;
    ctx.keyResolved = true;
    const raw = this.seams.ignoreKey ? undefined : ctx.header(this.header);
    if (raw === undefined || raw === '') return;
    ctx.key = raw;
    ctx.scope = keyScope(ctx.participant!.participant_id, raw, this.seams.scope === 'global');
  }

  readonly check = (ctx: ApiRequest): Refusal | undefined => {
    this.resolveKey(ctx);
    const scope = ctx.scope;
    if (scope === undefined) return undefined;
    const now = this.nowMs();
    const hash = bodyHash(ctx.json);
    ctx.bodyHash = hash;
    const entry = this.keys.get(scope, now);
    if (entry) {
      if (entry.bodyHash !== hash && this.seams.onMismatch !== 'replay-original') {
        if (this.seams.onMismatch === 'validation-error') return this.mismatchAsFields;
        return {
          kind: 'idempotency-mismatch',
          stage: 'idempotency',
          rule: 'mismatch',
          reason: 'the body differs from the request that first used this key',
          key: ctx.key!,
          participantId: ctx.participant!.participant_id,
        };
      }
      if (entry.failure) return { kind: 'stored-failure', stage: 'idempotency', rule: 'stored-failure', reason: 'store-failed-keys: the key was stored by a refused request', reply: entry.failure };
      const session = entry.sessionId === undefined ? undefined : this.sessions.get(entry.sessionId, now);
      if (session) {
        ctx.replayOf = session;
        return undefined;
      }
      this.keys.delete(scope);
    }
    if (this.inFlight.has(scope)) return IN_PROGRESS;
    return undefined;
  };

  /** Runs the creation of a new session the way the personality (or a fault) times it. */
  commit(ctx: ApiRequest, create: (ctx: ApiRequest) => Reply): Reply | Promise<Reply> {
    const scope = ctx.scope;
    if (scope === undefined || this.seams.concurrency === 'atomic') return create(ctx);
    const holds = this.seams.concurrency === 'refuse-in-flight';
    if (holds) this.inFlight.add(scope);
    return this.sleep(this.seams.processingMs).then(() => {
      if (holds) this.inFlight.delete(scope);
      return create(ctx);
    });
  }

  /** Stores the key of a request that created a session. */
  remember(ctx: ApiRequest, session: Session): void {
    if (ctx.scope === undefined || ctx.bodyHash === undefined) return;
    session.keyScope = ctx.scope;
    this.keys.set(ctx.scope, { bodyHash: ctx.bodyHash, sessionId: session.id }, this.nowMs());
  }

  /** After a refusal: only the store-failed-keys fault keeps the key (the document says never). */
  readonly afterRefusal = (ctx: ApiRequest, refusal: Refusal, reply: Reply): void => {
    if (!this.seams.storeFailedRequests || (refusal.stage !== 'validate-fields' && refusal.stage !== 'white-list')) return;
    this.resolveKey(ctx);
    if (ctx.scope !== undefined) this.keys.set(ctx.scope, { bodyHash: bodyHash(ctx.json), failure: reply }, this.nowMs());
  };
}
