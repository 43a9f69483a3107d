// Stage "respond": a request every check let through creates a session, or re-authorises the one its
// Idempotency-Key created (same session, new authorized URL), and is answered in the document's
// success shape. What the document leaves open (HTTP status of a created session, the form of ids
// and expiry timestamps, extra fields) is the personality's.
import { isJsonObject, valueAt, type Contract } from '../../contract/index.ts';
import type { ApiRequest } from '../core/api-request.ts';
import type { Refusal } from '../core/refusal.ts';
import type { Reply } from '../core/reply.ts';
import type { TokenSigner } from '../plugin/token.ts';
import { isTerminal, newUuid, stateAt, type Session, type SessionStore } from '../store/sessions.ts';
import type { IdempotencyStage } from './idempotency.ts';
import type { BodyStyleSeams, RefusalSeams, ReplyCatalog } from './replies.ts';

/** How authorized_url_expiration_utc is written, and the precision the URL's real expiry is kept to. */
export interface ExpiryFormat {
  readonly format: (ms: number) => string;
  /** Rounds an expiry to what the format can say, so the URL dies exactly when its timestamp says. */
  readonly quantise: (ms: number) => number;
}

export interface SuccessSeams {
  /** HTTP status of a created session (100); a replay (101) is always 200. */
  createdHttpStatus: number;
  /** Fault idempotent-status-100: a replay answers 100. */
  replayStatus: number;
  /** Fault idempotent-same-url: a replay keeps the original URL and expiry. */
  replayUrl: 'new' | 'same';
  /** Fault idempotent-new-session: a replay creates a new session. */
  replaySession: 'same' | 'new';
  /** Fault expired-session-not-recoverable. */
  expiredRecoverable: boolean;
  /** Fault status-as-string. */
  statusAsString: boolean;
  /** Fault missing-session-identifier. */
  omitSessionIdentifier: boolean;
  /** Fault expiry-60s: the reported expiry is shifted; the URL still dies with its token. */
  reportedExpiryShiftMs: number;
  expiry: ExpiryFormat;
  participantId1: 'echo' | 'generated';
  newSessionId: () => string;
}

export interface RespondSeams {
  readonly success: SuccessSeams;
  readonly refusals: RefusalSeams;
  readonly body: BodyStyleSeams;
}

export const ISO_MILLISECONDS: ExpiryFormat = { format: isoMilliseconds, quantise: (ms) => ms };

/** The largest time value a Date holds, either side of 1970 (ECMAScript's TimeClip). */
const MAX_DATE_MS = 8.64e15;
let isoSecond = NaN;
let isoPrefix = '';

/**
 * new Date(ms).toISOString(), the same text: the part up to the second ("…T10:00:00.") is formatted
 * once per second and the milliseconds appended. V8 formats dates through printf, which made this one
 * timestamp a noticeable share of a success reply. Anything but a whole number of ms (never produced
 * here) or outside Date's range takes Date's own path, so its truncation and RangeError are Date's.
 */
export function isoMilliseconds(ms: number): string {
  if (!Number.isInteger(ms) || ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    isoSecond = second;
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

export function defaultSuccessSeams(): SuccessSeams {
  return {
    createdHttpStatus: 200,
    replayStatus: 101,
    replayUrl: 'new',
    replaySession: 'same',
    expiredRecoverable: true,
    statusAsString: false,
    omitSessionIdentifier: false,
    reportedExpiryShiftMs: 0,
    expiry: ISO_MILLISECONDS,
    participantId1: 'echo',
    newSessionId: newUuid,
  };
}

export interface RespondDeps {
  readonly contract: Contract;
  readonly sessions: SessionStore;
  readonly tokens: TokenSigner;
  readonly idempotency: IdempotencyStage;
  readonly replies: ReplyCatalog;
  readonly nowMs: () => number;
  /** The plug-in page's origin, for authorized URLs (known once the listeners are up). */
  readonly pluginOrigin: () => string;
}

export class RespondStage {
  private readonly urlTtlMs: number;
  private readonly firstNamePath: readonly string[];

  constructor(
    private readonly seams: Readonly<SuccessSeams>,
    private readonly style: Readonly<BodyStyleSeams>,
    private readonly deps: RespondDeps,
  ) {
    this.urlTtlMs = deps.contract.urlTtlSeconds * 1000;
    this.firstNamePath = deps.contract.field('recipient_information.first_name').path;
  }

  readonly run = (ctx: ApiRequest): Reply | Promise<Reply> => {
    if (ctx.replayOf) return this.reauthorize(ctx, ctx.replayOf);
    return this.deps.idempotency.commit(ctx, this.createAndAnswer);
  };

  /** A method bound once, not a per-request closure. */
  private readonly createAndAnswer = (ctx: ApiRequest): Reply => {
    const session = this.create(ctx, this.deps.nowMs());
    this.deps.idempotency.remember(ctx, session);
    return this.success(100, this.seams.createdHttpStatus, session, ctx);
  };

  private create(ctx: ApiRequest, now: number): Session {
    const request = ctx.json as Record<string, unknown>;
    const firstName = valueAt(request, this.firstNamePath);
    return this.deps.sessions.create({
      participantId: ctx.participant!.participant_id,
      hostUri: ctx.hostUri!,
      firstName: firstName === undefined || firstName === null ? '' : String(firstName),
      nowMs: now,
      urlExpiresAtMs: this.seams.expiry.quantise(now + this.urlTtlMs),
      id: this.seams.newSessionId(),
      ...(this.seams.participantId1 === 'generated' && { generatedId1: newUuid() }),
    });
  }

  private reauthorize(ctx: ApiRequest, session: Session): Reply {
    const now = this.deps.nowMs();
    const state = stateAt(session, now);
    if (isTerminal(state) || (!this.seams.expiredRecoverable && state === 'Expired')) {
      const refusal: Refusal = {
        kind: 'not-reauthorizable',
        stage: 'respond',
        rule: 'session-state',
        reason: `the session is ${state}`,
        sessionId: session.id,
        state,
      };
      ctx.refusal = refusal;
      return this.deps.replies.render(refusal, ctx);
    }
    const status = this.seams.replayStatus;
    if (this.seams.replaySession === 'new') return this.success(status, 200, this.create(ctx, now), ctx);
    if (this.seams.replayUrl === 'new') session.urlExpiresAtMs = this.seams.expiry.quantise(now + this.urlTtlMs);
    return this.success(status, 200, session, ctx);
  }

  private success(status: number, httpStatus: number, session: Session, ctx: ApiRequest): Reply {
    const { tokens } = this.deps;
    const seams = this.seams;
    const request = isJsonObject(ctx.json) ? ctx.json : {};
    const token = tokens.issue(session.id, session.urlExpiresAtMs);
    const data: Record<string, unknown> = {
      session_identifier: session.id,
      authorized_url: `${this.deps.pluginOrigin()}/session/${session.id}${tokens.query(token)}`,
      authorized_url_expiration_utc: seams.expiry.format(session.urlExpiresAtMs + seams.reportedExpiryShiftMs),
      participant_unique_id1: session.generatedId1 ?? echo(request['participant_unique_id1']),
      participant_unique_id2: echo(request['participant_unique_id2']),
    };
    if (seams.omitSessionIdentifier) delete data['session_identifier'];
    if (this.style.extraFields) data['session_state'] = stateAt(session, this.deps.nowMs());
    const body: Record<string, unknown> = {
      status: seams.statusAsString ? String(status) : status,
      client_message: status === 101 ? 'Success - Idempotent' : 'Success',
      data,
      time: this.deps.replies.time(ctx.startedAt),
    };
    if (this.style.extraFields) body['request_id'] = newUuid();
    return { httpStatus, body };
  }
}

function echo(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}
