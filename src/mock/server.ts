// The simulator's HTTP listeners and routing: the API path runs the compiled pipeline (transport →
// read-body → the check stages in the personality's order → respond); /session/* is the plug-in page,
// on the API's listener or on a second one (another origin); /__admin/* is the virtual clock.
// Handlers are wrapped so an unexpected exception becomes a logged 500 instead of a crash (and the
// tests make sure no input reaches that path).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SESSION_PATH, type Contract } from '../contract/index.ts';
import type { Participant } from '../config/demo-participants.ts';
import { ApiRequest } from './core/api-request.ts';
import { parseJsonBody, readBody } from './core/body.ts';
import type { ChaosOptions } from './core/chaos.ts';
import type { SimulatorClock } from './core/clock.ts';
import { compileSimulator, type CompiledSimulator } from './core/compile.ts';
import type { Refusal } from './core/refusal.ts';
import { message, type Reply } from './core/reply.ts';
import type { Seams } from './core/seams.ts';
import type { CertifyMode } from './certify/certify-mode.ts';
import type { Explainer } from './explain/explainer.ts';

export interface ServerConfig {
  readonly contract: Contract;
  readonly participants: readonly Participant[];
  readonly clock: SimulatorClock;
  readonly seams: Seams;
  readonly chaos: ChaosOptions;
  readonly seed: number;
  readonly maxSessions: number;
  readonly maxVerificationAttempts: number;
  /** --explain: refusals explained in a header and the log (absent: replies are written as they are). */
  readonly explainer?: Explainer;
  /** npm run certify-client only: the plug-in page's requests reported, beacons taken, one expiry planted. */
  readonly certify?: CertifyMode;
}

const ADMIN_BODY_LIMIT = 4096;
const UNAVAILABLE: Refusal = { kind: 'unavailable', stage: 'transport', rule: 'chaos', reason: 'chaos: an injected 503' };

export class SimulatorServer {
  readonly stages: CompiledSimulator;
  private readonly api: Server;
  /** The plug-in page's own listener, when it is served from another origin. */
  private readonly pages: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private apiOrigin = '';
  private pageOrigin = '';

  constructor(private readonly config: ServerConfig) {
    const { clock } = config;
    this.stages = compileSimulator(config.seams, {
      contract: config.contract,
      participants: config.participants,
      nowMs: () => clock.nowMs(),
      chaos: config.chaos,
      seed: config.seed,
      maxSessions: config.maxSessions,
      maxVerificationAttempts: config.maxVerificationAttempts,
      later: (ms, fn) => this.later(ms, fn),
      sleep: (ms) => new Promise((resolve) => this.later(ms, resolve)),
      pluginOrigin: () => this.pageOrigin,
      ...(config.certify && { certify: config.certify }),
    });
    this.api = this.listener(this.onApiListener);
    this.pages = config.seams.transport.pluginOrigin === 'separate' ? this.listener(this.onPageListener) : undefined;
  }

  get url(): string {
    return this.apiOrigin;
  }

  get pluginOrigin(): string {
    return this.pageOrigin;
  }

  async listen(host: string, port: number): Promise<string> {
    const apiPort = await listenOn(this.api, host, port);
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    this.apiOrigin = origin(shown, apiPort);
    this.pageOrigin = this.apiOrigin;
    if (this.pages) {
      // Another origin: another port, and where the name allows it another host name too.
      const pagePort = await listenOn(this.pages, host, 0).catch(async (error: unknown) => {
        await closeServer(this.api);
        throw error;
      });
      this.pageOrigin = origin(shown === '127.0.0.1' ? 'localhost' : shown === 'localhost' ? '127.0.0.1' : shown, pagePort);
    }
    return this.apiOrigin;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([this.api, ...(this.pages ? [this.pages] : [])].map(closeServer));
  }

  private listener(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
    const server = createServer(handler);
    server.keepAliveTimeout = this.stages.transport.keepAliveTimeoutMs;
    if (this.stages.transport.seams.keepAlive === 'on') holdIdleConnections(server);
    return server;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.guard(fn);
    }, ms);
    this.timers.add(timer);
  }

  private readonly onApiListener = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    res.sendDate = false;
    this.guard(() => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const pathname = q < 0 ? url : url.slice(0, q);
      if (pathname === SESSION_PATH) return this.onApi(req, res, startedAt);
      if (!this.pages && pathname.startsWith('/session/')) return this.onPage(req, res, pathname, q < 0 ? '' : url.slice(q + 1));
      if (this.config.clock.virtual && pathname.startsWith('/__admin/')) return this.onAdmin(req, res, pathname);
      req.resume();
      this.stages.writer.write(res, message(404, 'Not Found'));
    }, res);
  };

  private readonly onPageListener = (req: IncomingMessage, res: ServerResponse): void => {
    res.sendDate = false;
    this.guard(() => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const pathname = q < 0 ? url : url.slice(0, q);
      if (pathname.startsWith('/session/')) return this.onPage(req, res, pathname, q < 0 ? '' : url.slice(q + 1));
      req.resume();
      this.stages.writer.write(res, message(404, 'Not Found'));
    }, res);
  };

  private onPage(req: IncomingMessage, res: ServerResponse, pathname: string, query: string): void {
    if (this.config.certify?.intercept(req, res, pathname, query, (id) => this.stages.sessions.get(id, this.config.clock.nowMs()))) return;
    const delay = this.stages.transport.pageDelayMs();
    if (delay > 0) this.later(delay, () => this.guard(() => this.stages.plugin.handle(req, res, pathname, query), res));
    else this.stages.plugin.handle(req, res, pathname, query);
  }

  private onApi(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
    if (req.method !== 'POST') {
      req.resume();
      return this.stages.writer.write(res, message(405, 'Method Not Allowed', { Allow: 'POST' }));
    }
    const ctx = new ApiRequest(req, res, startedAt);
    const transport = this.stages.transport;
    if (!transport.active) return this.readApi(ctx);
    const outcome = transport.decide();
    if (outcome === 'drop') {
      req.socket.destroy();
      return;
    }
    const next =
      outcome === 'error'
        ? () => {
            req.resume();
            this.answer(ctx, this.stages.pipeline.refuse(ctx, UNAVAILABLE));
          }
        : () => this.readApi(ctx);
    const delay = transport.delayMs();
    if (delay > 0) this.later(delay, next);
    else next();
  }

  private readApi(ctx: ApiRequest): void {
    this.stages.readBody.run(ctx, this.afterBody, this.bodyRefused);
  }

  private readonly afterBody = (ctx: ApiRequest): void => {
    this.guard(() => {
      const reply = this.stages.pipeline.run(ctx);
      if (reply instanceof Promise) reply.then((r) => this.answer(ctx, r), (error: unknown) => this.internalError(ctx.res, error));
      else this.answer(ctx, reply);
    }, ctx.res);
  };

  private readonly bodyRefused = (ctx: ApiRequest, refusal: Refusal): void => {
    this.guard(() => this.answer(ctx, this.stages.pipeline.refuse(ctx, refusal)), ctx.res);
  };

  /** Writes an API reply; the refusal behind it (ctx.refusal) is at hand for logs and explanations. */
  private answer(ctx: ApiRequest, reply: Reply): void {
    const explainer = this.config.explainer;
    this.stages.writer.write(ctx.res, explainer ? explainer.explain(ctx, reply) : reply, ctx.refusal);
  }

  private onAdmin(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const { clock } = this.config;
    const writer = this.stages.writer;
    const now = () => writer.write(res, { httpStatus: 200, body: { now: clock.now().toISOString() } });
    if (pathname === '/__admin/clock') {
      req.resume();
      if (req.method !== 'GET') return writer.write(res, message(405, 'Method Not Allowed', { Allow: 'GET' }));
      return now();
    }
    if (pathname !== '/__admin/clock/advance') {
      req.resume();
      return writer.write(res, message(404, 'Not Found'));
    }
    if (req.method !== 'POST') {
      req.resume();
      return writer.write(res, message(405, 'Method Not Allowed', { Allow: 'POST' }));
    }
    readBody(req, ADMIN_BODY_LIMIT, (result) =>
      this.guard(() => {
        if (!result.ok) return writer.write(res, message(413, 'Payload Too Large', { Connection: 'close' }));
        const parsed = parseJsonBody(result.body);
        const seconds = parsed.ok ? (parsed.value as { seconds?: unknown } | null)?.seconds : undefined;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          return writer.write(res, message(400, 'Expected a JSON body {"seconds": <number >= 0>}'));
        }
        clock.advance(seconds);
        now();
      }, res),
    );
  }

  private guard(fn: () => void, res?: ServerResponse): void {
    try {
      fn();
    } catch (error) {
      if (res) this.internalError(res, error);
      else console.error('[ingopay-simulator] unexpected error:', error);
    }
  }

  private internalError(res: ServerResponse, error: unknown): void {
    console.error('[ingopay-simulator] unexpected error:', error);
    if (!res.headersSent && !res.destroyed) this.stages.writer.write(res, message(500, 'Internal Server Error'));
    else res.destroy();
  }
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * How much longer than announced an idle keep-alive connection is held open. Node closes an idle
 * connection one second after the `Keep-Alive: timeout=N` it announces, and a client that honours the
 * announcement (undici) closes its end two seconds before it: a three-second margin, which a process
 * descheduled on a busy machine oversleeps. It then wakes up, sends on the connection, and the
 * server's overdue idle timer closes it under the request (ECONNRESET): a keep-alive race. Held this
 * much longer, a connection a client may still reuse is never closed by the simulator. The "short"
 * keep-alive choice keeps its exact timing (it exists to exercise short idle timeouts).
 */
export const IDLE_GRACE_MS = 30_000;

function holdIdleConnections(server: Server): void {
  const bytesAtTimeout = new WeakMap<Socket, number>();
  // With a 'timeout' listener Node leaves the socket open: the listener decides. Only idle keep-alive
  // connections time out here (server.timeout is 0; request time limits are enforced separately).
  server.on('timeout', (socket: Socket) => {
    if (bytesAtTimeout.get(socket) === socket.bytesRead) {
      socket.destroy(); // idle through the grace period too
      return;
    }
    bytesAtTimeout.set(socket, socket.bytesRead);
    socket.setTimeout(IDLE_GRACE_MS);
  });
}
