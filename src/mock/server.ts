// The simulator's HTTP server: routing, body reading, chaos, and the glue between the API handler,
// the plug-in pages and the admin clock. Handlers are wrapped so an unexpected exception becomes a
// logged 500 instead of a crash (and the tests make sure no input reaches that path).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESSION_PATH, type Contract } from '../contract/index.ts';
import type { Participant } from '../config/demo-participants.ts';
import { Authenticator } from './auth.ts';
import { parseJsonBody, readBody } from './body.ts';
import { Chaos, type ChaosOptions } from './chaos.ts';
import type { SimulatorClock } from './clock.ts';
import { SessionApi } from './create-session.ts';
import { HANG_MS, type FaultFlags } from './faults.ts';
import { IdempotencyStore } from './idempotency.ts';
import { PluginPages } from './plugin.ts';
import { message, sendJsonAt, UNAUTHORIZED, validationError, type Reply } from './responses.ts';
import { SessionStore } from './sessions.ts';
import { TokenSigner } from './token.ts';
import { ValidationPlan } from './validation.ts';

export interface ServerConfig {
  readonly contract: Contract;
  readonly participants: readonly Participant[];
  readonly clock: SimulatorClock;
  readonly faults: FaultFlags;
  readonly chaos: ChaosOptions;
  readonly maxBodyBytes: number;
  readonly maxSessions: number;
  readonly maxVerificationAttempts: number;
}

const ADMIN_BODY_LIMIT = 4096;

export class SimulatorServer {
  readonly sessions: SessionStore;
  readonly keys: IdempotencyStore;
  private readonly server: Server;
  private readonly auth: Authenticator;
  private readonly api: SessionApi;
  private readonly plugin: PluginPages;
  private readonly chaos: Chaos;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly keyHeader: string;
  private baseUrl = '';

  constructor(private readonly config: ServerConfig) {
    const { contract, faults, clock } = config;
    const keyTtlMs = faults.keyNeverExpires ? Infinity : (contract.idempotencyKey.ttlSeconds * 1000) / (faults.keyTtlShort ? 4 : 1);
    this.keys = new IdempotencyStore(keyTtlMs);
    // A session lives as long as the key that can re-authorise it.
    this.sessions = new SessionStore(Math.max(keyTtlMs, contract.urlTtlSeconds * 2000), config.maxSessions, (s) => {
      if (s.keyScope !== undefined) this.keys.delete(s.keyScope);
    });
    const tokens = new TokenSigner({ unbound: faults.tokenNotBoundToSession, skipMac: faults.acceptTamperedToken });
    this.auth = new Authenticator(contract.hmac, config.participants, faults);
    this.api = new SessionApi({
      contract,
      plan: new ValidationPlan(contract, faults),
      faults,
      sessions: this.sessions,
      keys: this.keys,
      tokens,
      clock,
      participants: config.participants,
      baseUrl: () => this.baseUrl,
    });
    this.plugin = new PluginPages({ sessions: this.sessions, tokens, clock, faults, maxAttempts: config.maxVerificationAttempts });
    this.chaos = new Chaos(config.chaos);
    this.keyHeader = contract.idempotencyKey.header.toLowerCase();
    this.server = createServer(this.onRequest);
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    this.baseUrl = `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.guard(fn);
    }, ms);
    this.timers.add(timer);
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    res.sendDate = false;
    this.guard(() => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const pathname = q < 0 ? url : url.slice(0, q);
      if (pathname === SESSION_PATH) return this.onApi(req, res, startedAt);
      if (pathname.startsWith('/session/')) return this.plugin.handle(req, res, pathname, q < 0 ? '' : url.slice(q + 1));
      if (this.config.clock.virtual && pathname.startsWith('/__admin/')) return this.onAdmin(req, res, pathname);
      req.resume();
      this.send(res, message(404, 'Not Found'));
    }, res);
  };

  private onApi(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
    if (req.method !== 'POST') {
      req.resume();
      return this.send(res, message(405, 'Method Not Allowed', { Allow: 'POST' }));
    }
    if (!this.chaos.active) return this.readApi(req, res, startedAt);
    const outcome = this.chaos.decide();
    if (outcome === 'drop') {
      req.socket.destroy();
      return;
    }
    const next = outcome === 'error'
      ? () => {
          req.resume();
          this.send(res, message(503, 'Service Unavailable', { 'Retry-After': '1' }));
        }
      : () => this.readApi(req, res, startedAt);
    if (this.chaos.latencyMs > 0) this.later(this.chaos.latencyMs, next);
    else next();
  }

  private readApi(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
    readBody(req, this.config.maxBodyBytes, (result) =>
      this.guard(() => {
        if (!result.ok) {
          const reply = message(413, `Payload Too Large: the limit is ${this.config.maxBodyBytes} bytes`, { Connection: 'close' });
          if (this.config.faults.hangOnHugeBody) this.later(HANG_MS, () => this.send(res, reply));
          else this.send(res, reply);
          return;
        }
        this.processApi(req, res, result.body, startedAt);
      }, res),
    );
  }

  private processApi(req: IncomingMessage, res: ServerResponse, body: Buffer, startedAt: number): void {
    const { faults, clock } = this.config;
    const auth = this.auth.verify(req, body, clock.nowMs());
    if (!auth.ok) {
      if (faults.leakSignatureIn401 && auth.expectedSignature) {
        return this.send(res, { httpStatus: 401, body: { message: 'Unauthorized', expected_signature: auth.expectedSignature, signing_string: auth.signingString } });
      }
      return this.send(res, UNAUTHORIZED);
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return this.send(res, message(415, 'Unsupported Media Type: send application/json'));
    }
    const parsed = parseJsonBody(body);
    if (!parsed.ok) {
      if (faults.crashOnMalformedJson) return this.send(res, message(500, 'Internal Server Error'));
      return this.send(res, validationError({ body: [parsed.message] }, startedAt, faults.errorShapeWrong));
    }
    const key = req.headers[this.keyHeader];
    const reply = this.api.handle(auth.participant, parsed.value, Array.isArray(key) ? key.join(', ') : key, startedAt);
    if (reply instanceof Promise) reply.then((r) => this.send(res, r), (error: unknown) => this.internalError(res, error));
    else this.send(res, reply);
  }

  private onAdmin(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const { clock } = this.config;
    const now = () => this.send(res, { httpStatus: 200, body: { now: clock.now().toISOString() } });
    if (pathname === '/__admin/clock') {
      req.resume();
      if (req.method !== 'GET') return this.send(res, message(405, 'Method Not Allowed', { Allow: 'GET' }));
      return now();
    }
    if (pathname !== '/__admin/clock/advance') {
      req.resume();
      return this.send(res, message(404, 'Not Found'));
    }
    if (req.method !== 'POST') {
      req.resume();
      return this.send(res, message(405, 'Method Not Allowed', { Allow: 'POST' }));
    }
    readBody(req, ADMIN_BODY_LIMIT, (result) =>
      this.guard(() => {
        if (!result.ok) return this.send(res, message(413, 'Payload Too Large', { Connection: 'close' }));
        const parsed = parseJsonBody(result.body);
        const seconds = parsed.ok ? (parsed.value as { seconds?: unknown } | null)?.seconds : undefined;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          return this.send(res, message(400, 'Expected a JSON body {"seconds": <number >= 0>}'));
        }
        clock.advance(seconds);
        now();
      }, res),
    );
  }

  private send(res: ServerResponse, reply: Reply): void {
    sendJsonAt(res, reply, this.config.clock.nowMs(), this.config.faults.textPlainContentType ? 'text/plain; charset=utf-8' : undefined);
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
    if (!res.headersSent && !res.destroyed) this.send(res, message(500, 'Internal Server Error'));
    else res.destroy();
  }
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  // What clients almost always send, answered without allocating trimmed, lower-cased copies.
  if (value === 'application/json') return true;
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() === 'application/json';
}
