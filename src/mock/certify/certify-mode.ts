// The simulator's certify mode (npm run certify-client starts it; never on otherwise). It lets the
// client card see what only the plug-in page's server can see, and sets up the one situation a
// client must recover from:
//  - every plug-in page request is reported (when, which URL, how it was answered, Sec-Fetch-Dest);
//  - pages carry a tiny beacon script (allowed by its hash in the page's CSP) that reports which
//    origins frame the page (location.ancestorOrigins), and the CSP asks the browser to report a
//    frame-ancestors violation: an https host page framing the http simulator sends no Referer, so
//    these two are what tell who framed the page;
//  - the first URL of a session created with an Idempotency-Key is answered as expired on its first
//    open, so the client must recover it with an idempotent re-request.
// The frame-ancestors policy itself is untouched: the browser still refuses to render the page on
// any host but the session's host_uri.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from '../store/sessions.ts';

/** What the plug-in page's server saw, in arrival order. Times are the simulator's clock (ms). */
export type PageEvent =
  | {
      readonly kind: 'open';
      readonly atMs: number;
      readonly method: string;
      readonly sessionId: string;
      /** The URL's t (expiry ticks), identifying which authorized_url was opened. */
      readonly t?: string;
      readonly status: number;
      /** The session's host_uri (the white-listed origin it may be framed by), when the session exists. */
      readonly hostUri?: string;
      /** Sec-Fetch-Dest: iframe, document, … (absent: not a browser navigation). */
      readonly dest?: string;
      readonly site?: string;
      readonly referer?: string;
      /** Answered as expired on purpose (the first open of a keyed session's URL). */
      readonly planted: boolean;
    }
  | { readonly kind: 'framed-by'; readonly atMs: number; readonly sessionId: string; readonly t?: string; readonly ancestors: readonly string[] }
  | { readonly kind: 'frame-refused'; readonly atMs: number; readonly sessionId: string; readonly t?: string; readonly directive: string };

export interface CertifyModeOptions {
  /** Called for every plug-in page request and report, in arrival order. */
  readonly onPageEvent: (event: PageEvent) => void;
  /** Answer the first open of a keyed session's URL as expired. Default true. */
  readonly expireFirstKeyedOpen?: boolean;
}

const BEACON_PATH = '/certify/beacon';
const REPORT_PATH = '/certify/csp-report';
const REPORT_LIMIT = 16 * 1024;

/** Sends which origins frame the page; a page not framed sends an empty list. */
export const BEACON_SCRIPT =
  "(function(){try{var a=location.ancestorOrigins,o=[];if(a)for(var i=0;i<a.length;i++)o.push(a[i]);" +
  "navigator.sendBeacon(location.pathname.split('/').slice(0,3).join('/')+'" + BEACON_PATH + "'+location.search,JSON.stringify({ancestors:o}))}catch(e){}})();";
const BEACON_HASH = `'sha256-${createHash('sha256').update(BEACON_SCRIPT).digest('base64')}'`;

export class CertifyMode {
  private planted = false;
  private readonly expireFirstKeyedOpen: boolean;

  constructor(
    private readonly options: CertifyModeOptions,
    private readonly nowMs: () => number,
  ) {
    this.expireFirstKeyedOpen = options.expireFirstKeyedOpen ?? true;
  }

  /** plugin-expiry: whether this fresh URL is answered as expired on purpose (once per run). */
  readonly plantExpired = (session: Session, res: ServerResponse): boolean => {
    if (this.planted || !this.expireFirstKeyedOpen || session.keyScope === undefined) return false;
    this.planted = true;
    plantedResponses.add(res);
    return true;
  };

  /**
   * Before the plug-in handles a request: a beacon or a CSP report is taken here (true: answered);
   * any other page request is reported when its answer is finished.
   */
  intercept(req: IncomingMessage, res: ServerResponse, pathname: string, query: string, sessionOf: (id: string) => Session | undefined): boolean {
    const parts = pathname.split('/');
    const sessionId = safeDecode(parts[2] ?? '');
    if (!sessionId) return false;
    const t = new URLSearchParams(query).get('t') ?? undefined;
    const atMs = this.nowMs();
    const tail = `/${parts.slice(3).join('/')}`;
    if (req.method === 'POST' && (tail === BEACON_PATH || tail === REPORT_PATH)) {
      readSmall(req, (text) => {
        if (tail === BEACON_PATH) {
          const ancestors = parseAncestors(text);
          if (ancestors) this.options.onPageEvent({ kind: 'framed-by', atMs, sessionId, ...(t && { t }), ancestors });
        } else {
          const directive = parseViolation(text);
          if (directive) this.options.onPageEvent({ kind: 'frame-refused', atMs, sessionId, ...(t && { t }), directive });
        }
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
      });
      return true;
    }
    if (parts.length !== 3) return false;
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const dest = header('sec-fetch-dest');
    const site = header('sec-fetch-site');
    const referer = header('referer');
    res.once('finish', () => {
      const session = sessionOf(sessionId);
      this.options.onPageEvent({
        kind: 'open',
        atMs,
        method: req.method ?? 'GET',
        sessionId,
        ...(t && { t }),
        status: res.statusCode,
        ...(session && { hostUri: session.hostUri }),
        ...(dest && { dest }),
        ...(site && { site }),
        ...(referer && { referer }),
        planted: plantedResponses.has(res),
      });
    });
    return false;
  }

  /** A page as the certify mode serves it: the beacon script, and CSP that allows only it and reports. */
  instrument(req: IncomingMessage | undefined, html: string, headers: Readonly<Record<string, string>>): { html: string; headers: Record<string, string> } {
    const path = (req?.url ?? '').split('?')[0] ?? '';
    const query = (req?.url ?? '').includes('?') ? (req!.url!.slice(req!.url!.indexOf('?'))) : '';
    const base = path.split('/').slice(0, 3).join('/');
    const csp = headers['Content-Security-Policy'];
    const extra = `script-src ${BEACON_HASH}; connect-src 'self'; report-uri ${base}${REPORT_PATH}${query}`;
    const out = { ...headers, ...(csp !== undefined && { 'Content-Security-Policy': `${csp}; ${extra}` }) };
    const script = `<script>${BEACON_SCRIPT}</script>`;
    const at = html.lastIndexOf('</body>');
    return { html: at < 0 ? html + script : html.slice(0, at) + script + html.slice(at), headers: out };
  }
}

const plantedResponses = new WeakSet<ServerResponse>();

function readSmall(req: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= REPORT_LIMIT) chunks.push(c);
  });
  req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  req.on('error', () => undefined);
}

function parseAncestors(text: string): string[] | undefined {
  try {
    const value = (JSON.parse(text) as { ancestors?: unknown }).ancestors;
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string').slice(0, 10) : undefined;
  } catch {
    return undefined;
  }
}

function parseViolation(text: string): string | undefined {
  try {
    const report = (JSON.parse(text) as { 'csp-report'?: { 'effective-directive'?: unknown; 'violated-directive'?: unknown } })['csp-report'];
    const directive = report?.['effective-directive'] ?? report?.['violated-directive'];
    return typeof directive === 'string' ? directive : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(segment: string): string | undefined {
  try {
    return segment === '' ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
