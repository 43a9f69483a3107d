// The plug-in page behind authorized_url, GET /session/<id>?<token>, and the controls that drive the
// session's states, POST /session/<id>/actions/<complete|fail-attempt|cancel>?<token>. Its own small
// pipeline: plugin-token (is the link genuine?) → plugin-expiry (is it still fresh?) → plugin-framing
// (who may frame it) → plugin-markup (what it looks like).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplyWriter } from '../core/reply.ts';
import { isTerminal, stateAt, type Session, type SessionStore } from '../store/sessions.ts';
import { escapeHtml, type ActivePageModel, type MarkupSeams, type PageAction, type PageNotice } from './markup.ts';
import type { TokenSigner } from './token.ts';

export interface ExpirySeams {
  /** Fault never-expire-urls: authorized URLs keep loading. */
  urlsExpire: boolean;
  /** Fault url-refused-immediately: even a fresh URL is answered as expired. */
  refuseFresh: boolean;
  /** How an expired URL is answered (the document says only that it is refused). */
  expiredAnswer: 'gone-410' | 'forbidden-403' | 'not-found-404' | 'ok-with-text';
}

export interface FramingSeams {
  /** frame-ancestors: the session's host_uri (documented), none at all, or 'none' (faults). */
  frameAncestors: 'session-host' | 'anywhere' | 'nowhere';
}

export function defaultExpirySeams(): ExpirySeams {
  return { urlsExpire: true, refuseFresh: false, expiredAnswer: 'gone-410' };
}

export function defaultFramingSeams(): FramingSeams {
  return { frameAncestors: 'session-host' };
}

export interface PluginDeps {
  readonly sessions: SessionStore;
  readonly tokens: TokenSigner;
  readonly nowMs: () => number;
  readonly writer: ReplyWriter;
  readonly expiry: Readonly<ExpirySeams>;
  readonly framing: Readonly<FramingSeams>;
  readonly markup: Readonly<MarkupSeams>;
  /** Failed verification attempts after which the session is terminated. */
  readonly maxAttempts: number;
  /** Certify mode: answer this fresh URL as expired on purpose (the client must recover it). */
  readonly plantExpired?: (session: Session, res: ServerResponse) => boolean;
}

const ACTIONS: ReadonlySet<string> = new Set<PageAction>(['complete', 'fail-attempt', 'cancel']);
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s;,'"]+$/i;
const BASE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

/** The JSON `message` of a refusal, for the controls' JSON answers. */
const JSON_MESSAGES: Partial<Record<PageNotice, string>> = {
  expired: 'This link has expired',
  invalid: 'This link is not valid',
  'not-found': 'Session not found',
};

/** How each expired answer is said: its HTTP status and the page it shows. */
const EXPIRED_ANSWERS: Record<ExpirySeams['expiredAnswer'], readonly [number, PageNotice]> = {
  'gone-410': [410, 'expired'],
  'forbidden-403': [403, 'expired'],
  'not-found-404': [404, 'not-found'],
  'ok-with-text': [200, 'expired'],
};

export class PluginPages {
  private readonly expired: readonly [number, PageNotice];

  constructor(private readonly deps: PluginDeps) {
    this.expired = EXPIRED_ANSWERS[deps.expiry.expiredAnswer];
  }

  /** Handles every path under /session/. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string, query: string): void {
    const parts = pathname.split('/');
    const id = decodeSegment(parts[2] ?? '');
    if (parts.length === 3 && id) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return this.methodNotAllowed(req, res, 'GET, HEAD');
      return this.page(req, res, id, query);
    }
    if (parts.length === 5 && id && parts[3] === 'actions' && ACTIONS.has(parts[4]!)) {
      if (req.method !== 'POST') return this.methodNotAllowed(req, res, 'POST');
      req.resume();
      return this.action(req, res, id, parts[4] as PageAction, query);
    }
    this.refuse(req, res, 404, 'not-found', undefined);
  }

  private page(req: IncomingMessage, res: ServerResponse, id: string, query: string): void {
    const { expiry, nowMs } = this.deps;
    const found = this.authorize(req, res, id, query);
    if (!found) return;
    const { session, t, fresh } = found;
    if (expiry.refuseFresh || !fresh) return this.refuse(req, res, this.expired[0], this.expired[1], session);
    const state = stateAt(session, nowMs());
    if (isTerminal(state)) return this.terminal(req, res, 410, session);
    if (this.deps.plantExpired?.(session, res)) return this.refuse(req, res, this.expired[0], this.expired[1], session);
    session.mountedT = t;
    this.deps.writer.writeHtml(res, 200, this.deps.markup.markup.active(this.model(session, found.query)), this.pageHeaders(session.hostUri));
  }

  private action(req: IncomingMessage, res: ServerResponse, id: string, action: PageAction, query: string): void {
    const { maxAttempts, writer } = this.deps;
    const found = this.authorize(req, res, id, query);
    if (!found) return;
    const { session, t, fresh } = found;
    // A page opened in time keeps working after the 30 s; an unopened expired link does not.
    if (!fresh && session.mountedT !== t) return this.refuse(req, res, this.expired[0], this.expired[1], session);
    if (session.state !== 'Active') return this.terminal(req, res, 409, session);
    let notice: string | undefined;
    if (action === 'complete') session.state = 'Completed';
    else if (action === 'cancel') session.state = 'Canceled';
    else {
      session.failedAttempts += 1;
      if (session.failedAttempts >= maxAttempts) session.state = 'Max Attempts Exceeded';
      else notice = `Verification failed. ${maxAttempts - session.failedAttempts} attempt(s) left.`;
    }
    if (wantsJson(req)) return writer.writePageJson(res, 200, this.summary(session));
    if (session.state !== 'Active') return this.terminal(req, res, 200, session);
    writer.writeHtml(res, 200, this.deps.markup.markup.active({ ...this.model(session, found.query), ...(notice && { notice }) }), this.pageHeaders(session.hostUri));
  }

  /** plugin-token, then the session, then plugin-expiry; answers a refusal itself and returns undefined. */
  private authorize(req: IncomingMessage, res: ServerResponse, id: string, query: string) {
    const { tokens, sessions, nowMs, expiry } = this.deps;
    const { t, h } = tokens.read(query);
    const now = nowMs();
    const session = sessions.get(id, now);
    const check = tokens.verify(id, t, h);
    if (!check.ok) {
      this.refuse(req, res, 403, 'invalid', session);
      return undefined;
    }
    if (!session) {
      this.refuse(req, res, 404, 'not-found', undefined);
      return undefined;
    }
    const fresh = !expiry.urlsExpire || now < check.expiresAtMs;
    return { session, t: t!, fresh, query: tokens.query({ t: t!, h: h ?? '' }) };
  }

  private terminal(req: IncomingMessage, res: ServerResponse, status: number, session: Session): void {
    if (wantsJson(req)) return this.deps.writer.writePageJson(res, status, this.summary(session));
    const kind: PageNotice = isTerminal(session.state) ? (session.state as PageNotice) : 'ended';
    this.deps.writer.writeHtml(res, status, this.deps.markup.markup.notice(kind, session.state, session.id), this.pageHeaders(session.hostUri));
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: number, kind: PageNotice, session: Session | undefined): void {
    if (wantsJson(req)) return this.deps.writer.writePageJson(res, status, { message: JSON_MESSAGES[kind] ?? kind });
    this.deps.writer.writeHtml(res, status, this.deps.markup.markup.notice(kind, 'Error'), this.pageHeaders(session?.hostUri));
  }

  private methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
    req.resume();
    this.deps.writer.writeHtml(res, 405, this.deps.markup.markup.notice('method-not-allowed', 'Error', undefined, allow), { ...this.pageHeaders(undefined), Allow: allow });
  }

  private model(session: Session, query: string): ActivePageModel {
    const { markup, nowMs, maxAttempts } = this.deps;
    return {
      sessionId: session.id,
      firstNameHtml: markup.escapeFirstName ? escapeHtml(session.firstName) : session.firstName,
      state: stateAt(session, nowMs()),
      failedAttempts: session.failedAttempts,
      maxAttempts,
      query,
    };
  }

  private summary(session: Session) {
    return {
      session_identifier: session.id,
      state: stateAt(session, this.deps.nowMs()),
      failed_attempts: session.failedAttempts,
      max_attempts: this.deps.maxAttempts,
    };
  }

  /** plugin-framing: the page may be framed only by the session's host_uri (contract-notes). */
  private pageHeaders(hostUri: string | undefined): Record<string, string> {
    const mode = this.deps.framing.frameAncestors;
    if (mode === 'anywhere') return { 'Content-Security-Policy': BASE_CSP };
    const ancestors = mode === 'session-host' && hostUri && ORIGIN.test(hostUri) ? hostUri : "'none'";
    return { 'Content-Security-Policy': `${BASE_CSP}; frame-ancestors ${ancestors}` };
  }
}

function wantsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('application/json') && !accept.includes('text/html');
}

function decodeSegment(segment: string): string | undefined {
  try {
    return segment === '' ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
