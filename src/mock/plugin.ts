// The authorized URL's page, GET /session/<id>?t=..&h=.., and the controls that drive the session's
// states, POST /session/<id>/actions/<complete|fail-attempt|cancel>?t=..&h=.. (same token).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorClock } from './clock.ts';
import type { FaultFlags } from './faults.ts';
import { activePage, escapeHtml, messagePage, type PageAction } from './plugin-page.ts';
import { sendHtml, sendJson } from './responses.ts';
import { isTerminal, stateAt, type Session, type SessionStore } from './sessions.ts';
import type { TokenSigner } from './token.ts';

export interface PluginDeps {
  readonly sessions: SessionStore;
  readonly tokens: TokenSigner;
  readonly clock: SimulatorClock;
  readonly faults: FaultFlags;
  /** Failed verification attempts after which the session is terminated. */
  readonly maxAttempts: number;
}

const ACTIONS: ReadonlySet<string> = new Set<PageAction>(['complete', 'fail-attempt', 'cancel']);
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s;,'"]+$/i;

const TERMINAL_TEXT: Record<string, [string, string]> = {
  Completed: ['Account added', 'Your account was added. This session is complete and cannot be opened again.'],
  Canceled: ['Session canceled', 'This session was canceled. Start again from the app to create a new one.'],
  'Max Attempts Exceeded': ['Maximum attempts exceeded', 'Verification failed too many times. This session has been terminated.'],
};

export class PluginPages {
  constructor(private readonly deps: PluginDeps) {}

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
    this.error(req, res, 404, 'Page not found', 'There is nothing at this address.', undefined);
  }

  private page(req: IncomingMessage, res: ServerResponse, id: string, query: string): void {
    const { faults, clock } = this.deps;
    const found = this.authorize(req, res, id, query);
    if (!found) return;
    const { session, t, fresh } = found;
    if (faults.urlRefusedImmediately || !fresh) {
      return this.error(req, res, 410, 'This link has expired', 'Authorized links can be used for a short time only. Please start again from the app.', session);
    }
    const state = stateAt(session, clock.nowMs());
    if (isTerminal(state)) return this.terminal(req, res, 410, session);
    session.mountedT = t;
    sendHtml(res, 200, activePage(this.model(session, found.query)), clock.now(), this.pageHeaders(session.hostUri));
  }

  private action(req: IncomingMessage, res: ServerResponse, id: string, action: PageAction, query: string): void {
    const { clock, maxAttempts } = this.deps;
    const found = this.authorize(req, res, id, query);
    if (!found) return;
    const { session, t, fresh } = found;
    // A page opened in time keeps working after the 30 s; an unopened expired link does not.
    if (!fresh && session.mountedT !== t) {
      return this.error(req, res, 410, 'This link has expired', 'Authorized links can be used for a short time only.', session);
    }
    if (session.state !== 'Active') return this.terminal(req, res, 409, session);
    let notice: string | undefined;
    if (action === 'complete') session.state = 'Completed';
    else if (action === 'cancel') session.state = 'Canceled';
    else {
      session.failedAttempts += 1;
      if (session.failedAttempts >= maxAttempts) session.state = 'Max Attempts Exceeded';
      else notice = `Verification failed. ${maxAttempts - session.failedAttempts} attempt(s) left.`;
    }
    if (wantsJson(req)) return sendJson(res, { httpStatus: 200, body: this.summary(session) }, clock.now());
    if (session.state !== 'Active') return this.terminal(req, res, 200, session);
    sendHtml(res, 200, activePage({ ...this.model(session, found.query), ...(notice && { notice }) }), clock.now(), this.pageHeaders(session.hostUri));
  }

  /** Checks the token, then finds the session; answers the refusal itself and returns undefined. */
  private authorize(req: IncomingMessage, res: ServerResponse, id: string, query: string) {
    const { tokens, sessions, clock, faults } = this.deps;
    const params = new URLSearchParams(query);
    const t = params.get('t');
    const h = params.get('h');
    const now = clock.nowMs();
    const session = sessions.get(id, now);
    const check = tokens.verify(id, t, h);
    if (!check.ok) {
      this.error(req, res, 403, 'This link is not valid', 'The link is incomplete or has been altered.', session);
      return undefined;
    }
    if (!session) {
      this.error(req, res, 404, 'Session not found', 'This session does not exist or has ended.', undefined);
      return undefined;
    }
    const fresh = faults.neverExpireUrls || now < check.expiresAtMs;
    return { session, t: t!, fresh, query: `?t=${encodeURIComponent(t!)}&h=${encodeURIComponent(h ?? '')}` };
  }

  private terminal(req: IncomingMessage, res: ServerResponse, status: number, session: Session): void {
    const [title, text] = TERMINAL_TEXT[session.state] ?? ['Session ended', 'This session has ended.'];
    if (wantsJson(req)) return sendJson(res, { httpStatus: status, body: this.summary(session) }, this.deps.clock.now());
    sendHtml(res, status, messagePage(title, text, session.state, session.id), this.deps.clock.now(), this.pageHeaders(session.hostUri));
  }

  private error(req: IncomingMessage, res: ServerResponse, status: number, title: string, text: string, session: Session | undefined): void {
    if (wantsJson(req)) return sendJson(res, { httpStatus: status, body: { message: title } }, this.deps.clock.now());
    sendHtml(res, status, messagePage(title, text, 'Error'), this.deps.clock.now(), this.pageHeaders(session?.hostUri));
  }

  private methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
    req.resume();
    sendHtml(res, 405, messagePage('Method not allowed', `Use ${allow}.`, 'Error'), this.deps.clock.now(), { ...this.pageHeaders(undefined), Allow: allow });
  }

  private model(session: Session, query: string) {
    const { faults, clock, maxAttempts } = this.deps;
    return {
      sessionId: session.id,
      firstNameHtml: faults.unescapedFirstName ? session.firstName : escapeHtml(session.firstName),
      state: stateAt(session, clock.nowMs()),
      failedAttempts: session.failedAttempts,
      maxAttempts,
      query,
    };
  }

  private summary(session: Session) {
    return {
      session_identifier: session.id,
      state: stateAt(session, this.deps.clock.nowMs()),
      failed_attempts: session.failedAttempts,
      max_attempts: this.deps.maxAttempts,
    };
  }

  /** The page may be framed only by the session's host_uri (contract-notes: "framed only by that host"). */
  private pageHeaders(hostUri: string | undefined): Record<string, string> {
    const { faults } = this.deps;
    let ancestors = hostUri && ORIGIN.test(hostUri) ? hostUri : "'none'";
    if (faults.frameNowhere) ancestors = "'none'";
    const base = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";
    return { 'Content-Security-Policy': faults.frameAnywhere ? base : `${base}; frame-ancestors ${ancestors}` };
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
