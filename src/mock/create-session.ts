// POST /api/v1/sessions/point-in-time/plugin once the request is authenticated and parsed: field
// validation, host_uri white-listing, idempotency, session creation. Everything from the key lookup
// to the key store runs synchronously, so concurrent requests with one key cannot both miss the
// lookup (Node runs one callback at a time); only the race-duplicate-sessions fault breaks that.
import type { Contract, FieldRule } from '../contract/index.ts';
import type { Participant } from '../config/demo-participants.ts';
import type { SimulatorClock } from './clock.ts';
import type { FaultFlags } from './faults.ts';
import { bodyHash, keyScope, type IdempotencyStore } from './idempotency.ts';
import {
  elapsedSeconds,
  idempotencyMismatch,
  message,
  sessionNotReauthorizable,
  UNAUTHORIZED,
  validationError,
  type Reply,
} from './responses.ts';
import { isTerminal, stateAt, type Session, type SessionStore } from './sessions.ts';
import { authorizedPath, type TokenSigner } from './token.ts';
import { isObject, pascal, type FieldErrors, type ValidationPlan } from './validation.ts';

export interface SessionApiDeps {
  readonly contract: Contract;
  readonly plan: ValidationPlan;
  readonly faults: FaultFlags;
  readonly sessions: SessionStore;
  readonly keys: IdempotencyStore;
  readonly tokens: TokenSigner;
  readonly clock: SimulatorClock;
  readonly participants: readonly Participant[];
  /** The simulator's own origin, for authorized URLs. */
  readonly baseUrl: () => string;
}

/** How long the race-duplicate-sessions fault leaves between the key lookup and the key store. */
const RACE_WINDOW_MS = 25;

export class SessionApi {
  private readonly urlTtlMs: number;
  private readonly keyHeader: string;
  private readonly keyMax: number;
  private readonly hostField: FieldRule | undefined;
  private readonly firstNamePath: readonly string[];

  constructor(private readonly deps: SessionApiDeps) {
    const { contract, faults } = deps;
    this.urlTtlMs = contract.urlTtlSeconds * 1000;
    this.keyHeader = contract.idempotencyKey.header;
    this.keyMax = contract.idempotencyKey.maxLength + (faults.acceptOverlongKey ? 1 : 0) - (faults.rejectAtMaxKey ? 1 : 0);
    this.hostField = contract.fields.find((f) => f.whiteListed);
    this.firstNamePath = contract.field('recipient_information.first_name').path;
  }

  handle(participant: Participant, body: unknown, rawKey: string | undefined, startedAt: number): Reply | Promise<Reply> {
    const { faults, keys, clock } = this.deps;
    const now = clock.nowMs();
    // An empty header is undocumented; it is treated as no key at all.
    const key = rawKey === undefined || rawKey === '' || faults.ignoreIdempotency ? undefined : rawKey;
    const scope = key === undefined ? undefined : keyScope(participant.participant_id, key, faults.globalKeyScope);

    if (faults.serverErrorOnControlChars && hasControlChars(body, 0)) return message(500, 'Internal Server Error');

    let errors = this.deps.plan.validate(body, participant);
    if (key !== undefined && key.length > this.keyMax) {
      errors = { ...errors, [this.keyHeader]: [`The field ${pascal(this.keyHeader.replace(/-/g, '_'))} must be a string with a maximum length of ${this.keyMax}.`] };
    }
    if (errors) return this.failed(validationError(errors, startedAt, faults.errorShapeWrong), body, scope, now);
    const request = body as Record<string, unknown>;

    const hostUri = this.resolveHost(participant, request);
    if (hostUri === undefined) return this.failed(UNAUTHORIZED, body, scope, now);
    if (hostUri === null) {
      const name = this.hostField?.key ?? 'host_uri';
      return this.failed(validationError({ [name]: [`The ${pascal(name)} field is required.`] }, startedAt, faults.errorShapeWrong), body, scope, now);
    }

    if (scope !== undefined) {
      const hash = bodyHash(body);
      const entry = keys.get(scope, now);
      if (entry) {
        if (entry.bodyHash !== hash && !faults.mismatchAccepted) {
          if (faults.mismatchAsValidationError) {
            return validationError({ [this.keyHeader]: ['The request does not match the original request.'] }, startedAt);
          }
          return idempotencyMismatch(key!, participant.participant_id, startedAt);
        }
        if (entry.failure) return { httpStatus: entry.failure.httpStatus, body: entry.failure.body };
        const session = entry.sessionId === undefined ? undefined : this.deps.sessions.get(entry.sessionId, now);
        if (session) return this.reauthorize(session, participant, request, hostUri, startedAt, now);
        keys.delete(scope);
      }
      if (faults.raceDuplicateSessions) {
        const storedHash = hash;
        return new Promise((resolve) => setTimeout(resolve, RACE_WINDOW_MS)).then(() =>
          this.create(participant, request, hostUri, startedAt, this.deps.clock.nowMs(), scope, storedHash),
        );
      }
      return this.create(participant, request, hostUri, startedAt, now, scope, hash);
    }
    return this.create(participant, request, hostUri, startedAt, now);
  }

  /** A refused request's reply. A method, not a per-request closure: the success path never needs it. */
  private failed(reply: Reply, body: unknown, scope: string | undefined, now: number): Reply {
    // Failed requests never store their key (document); the store-failed-keys fault does.
    if (this.deps.faults.storeFailedKeys && scope !== undefined) {
      this.deps.keys.set(scope, { bodyHash: bodyHash(body), failure: { httpStatus: reply.httpStatus, body: reply.body } }, now);
    }
    return reply;
  }

  /**
   * The origin the session is framed by: the request's host_uri when white-listed, the first
   * white-listed host when absent. undefined = not white-listed (401); null = refused as absent.
   */
  private resolveHost(participant: Participant, request: Record<string, unknown>): string | undefined | null {
    const { faults } = this.deps;
    const field = this.hostField;
    const raw = field ? containerValue(request, field.path) : undefined;
    let requested: string | undefined =
      typeof raw === 'string' ? raw : faults.acceptWrongTypes && (typeof raw === 'number' || typeof raw === 'boolean') ? String(raw) : undefined;
    if (requested === '') requested = undefined;
    if (requested !== undefined && field?.maxLength !== undefined && faults.overlong.has(field.key) && requested.length > field.maxLength) {
      requested = undefined;
    }
    const own = participant.host_uris;
    if (requested === undefined) return faults.rejectAbsentHost ? null : own[0];
    const allowed = faults.hostOtherParticipant ? this.deps.participants.flatMap((p) => p.host_uris) : own;
    // The configured string, not the request's copy: sessions then share one instance per host.
    const listed = allowed.find((h) => h === requested);
    if (listed !== undefined) return listed;
    if (faults.hostIgnoreWhitelist) return requested;
    const asked = requested;
    if (faults.hostPrefixMatch && allowed.some((h) => asked.startsWith(h))) return asked;
    if (faults.hostAnyScheme && allowed.some((h) => withoutScheme(h) === withoutScheme(asked))) return asked;
    return undefined;
  }

  private create(
    participant: Participant,
    request: Record<string, unknown>,
    hostUri: string,
    startedAt: number,
    now: number,
    scope?: string,
    hash?: string,
  ): Reply {
    const firstName = containerValue(request, this.firstNamePath);
    const session = this.deps.sessions.create({
      participantId: participant.participant_id,
      hostUri,
      firstName: firstName === undefined || firstName === null ? '' : String(firstName),
      nowMs: now,
      urlExpiresAtMs: now + this.urlTtlMs,
    });
    if (scope !== undefined && hash !== undefined) {
      session.keyScope = scope;
      this.deps.keys.set(scope, { bodyHash: hash, sessionId: session.id }, now);
    }
    return this.success(100, session, request, session.urlExpiresAtMs, startedAt);
  }

  private reauthorize(session: Session, participant: Participant, request: Record<string, unknown>, hostUri: string, startedAt: number, now: number): Reply {
    const { faults } = this.deps;
    const state = stateAt(session, now);
    if (isTerminal(state) || (faults.expiredSessionNotRecoverable && state === 'Expired')) {
      return sessionNotReauthorizable(session.id, state, startedAt);
    }
    const status = faults.idempotentStatus100 ? 100 : 101;
    if (faults.idempotentNewSession) {
      const fresh = this.create(participant, request, hostUri, startedAt, now);
      return { ...fresh, body: { ...(fresh.body as object), status, client_message: 'Success - Idempotent' } };
    }
    if (!faults.idempotentSameUrl) session.urlExpiresAtMs = now + this.urlTtlMs;
    return this.success(status, session, request, session.urlExpiresAtMs, startedAt);
  }

  private success(status: number, session: Session, request: Record<string, unknown>, urlExpiresAtMs: number, startedAt: number): Reply {
    const { faults, tokens } = this.deps;
    const token = tokens.issue(session.id, urlExpiresAtMs);
    // expiry-60s misreports the expiry only; the URL still dies with its token.
    const reportedMs = faults.expiry60s ? urlExpiresAtMs + (60_000 - this.urlTtlMs) : urlExpiresAtMs;
    let expiration = new Date(reportedMs).toISOString();
    if (faults.expirationNotUtc) expiration = expiration.slice(0, -1);
    const data: Record<string, unknown> = {
      session_identifier: session.id,
      authorized_url: this.deps.baseUrl() + authorizedPath(session.id, token),
      authorized_url_expiration_utc: expiration,
      participant_unique_id1: echo(request['participant_unique_id1']),
      participant_unique_id2: echo(request['participant_unique_id2']),
    };
    if (faults.missingSessionIdentifier) delete data['session_identifier'];
    return {
      httpStatus: 200,
      body: {
        status: faults.statusAsString ? String(status) : status,
        client_message: status === 101 ? 'Success - Idempotent' : 'Success',
        data,
        time: elapsedSeconds(startedAt),
      },
    };
  }
}

function echo(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function containerValue(body: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = body;
  for (const part of path) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

function withoutScheme(origin: string): string {
  return origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

function hasControlChars(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return /[\u0000-\u001f]/.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (hasControlChars(item, depth + 1)) return true;
  return false;
}

export type { FieldErrors };
