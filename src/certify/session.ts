// One certification run: the validation proxy in front of the simulator in certify mode (or of any
// upstream), collecting what both see into a journal. The proxy cuts the connection of the first
// create-session request with an Idempotency-Key right after the upstream created the session (so it
// works against UAT too); the simulator answers the first open of a keyed session's URL as expired and
// reports every plug-in page request. The client is pointed at the proxy.
import type { Participant } from '../config/demo-participants.ts';
import { apiStatusIn, SESSION_PATH, type Contract } from '../contract/index.ts';
import { startSimulator, type PageEvent, type RunningSimulator } from '../mock/index.ts';
import { fromSimulatorParticipants } from '../proxy/participants.ts';
import { startProxy, type RunningProxy } from '../proxy/proxy.ts';
import type { InspectedExchange, ProxyParticipant } from '../proxy/types.ts';
import type { Journal } from './journal.ts';
import type { ReceivedRequest } from '../client/verify-signing.ts';

export type CertificationTarget =
  | { readonly kind: 'simulator'; readonly participants: readonly Participant[] }
  | { readonly kind: 'proxy'; readonly upstream: string; readonly participants: readonly ProxyParticipant[] };

export interface CertificationOptions {
  readonly target: CertificationTarget;
  readonly contract: Contract;
  /** The proxy's port (the client's base URL). Default 0: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Where the proxy records every exchange, masked. */
  readonly recordFile?: string;
  /** The proxy's line per exchange and the simulator's explanations. */
  readonly log?: (line: string) => void;
  /** Cut the first keyed create-session connection once. Default true. */
  readonly dropOnce?: boolean;
  /** Answer the first open of a keyed session's URL as expired (simulator only). Default true. */
  readonly expireFirstOpen?: boolean;
}

export interface Certification {
  /** Where the client sends its API requests (the proxy). */
  readonly baseUrl: string;
  readonly upstream: string;
  readonly mode: 'simulator' | 'proxy';
  readonly participants: readonly ProxyParticipant[];
  /** Waits for the page reports still on their way, stops the proxy (and simulator), and returns what was seen. */
  finish(): Promise<Journal>;
}

/** How long a framed page's beacon or violation report may take to arrive after the page request. */
const REPORT_GRACE_MS = 1_500;

export async function startCertification(options: CertificationOptions): Promise<Certification> {
  const { target, contract } = options;
  const exchanges: InspectedExchange[] = [];
  const pages: PageEvent[] = [];
  const participants = target.kind === 'simulator' ? fromSimulatorParticipants(target.participants) : target.participants;
  let simulator: RunningSimulator | undefined;
  if (target.kind === 'simulator') {
    simulator = await startSimulator({
      participants: [...target.participants],
      contract,
      certify: { onPageEvent: (e) => pages.push(e), expireFirstKeyedOpen: options.expireFirstOpen ?? true },
      ...(options.log && { explain: { log: options.log } }),
    });
  }
  const upstream = simulator?.url ?? (target as Extract<CertificationTarget, { kind: 'proxy' }>).upstream;
  const dropOnce = options.dropOnce ?? true;
  let dropped = false;
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      upstream,
      contract,
      participants,
      ...(options.host && { host: options.host }),
      port: options.port ?? 0,
      ...(options.recordFile && { recordFile: options.recordFile }),
      ...(options.log && { log: options.log }),
      onExchange: (e) => exchanges.push(e),
      afterUpstream: (request, status, body) => {
        if (!dropOnce || dropped || !isKeyedCreate(request, contract) || !createdSession(status, body)) return 'relay';
        dropped = true;
        return 'drop';
      },
    });
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  return {
    baseUrl: proxy.url,
    upstream,
    mode: target.kind,
    participants,
    async finish() {
      await settle(pages);
      await proxy.close();
      await simulator?.close();
      return {
        exchanges: [...exchanges].sort((a, b) => a.seq - b.seq),
        pages: [...pages],
        participants,
        contract,
        upstream,
        capabilities: { pages: simulator !== undefined, drop: dropOnce, plantedExpiry: simulator !== undefined && (options.expireFirstOpen ?? true), participantsComplete: participants.every((p) => p.hostsComplete) },
      };
    },
  };
}

function isKeyedCreate(request: ReceivedRequest, contract: Contract): boolean {
  const key = request.headers[contract.idempotencyKey.header.toLowerCase()];
  return request.method === 'POST' && request.target.split('?')[0] === SESSION_PATH && key !== undefined && key !== '';
}

function createdSession(status: number, body: Buffer): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    return apiStatusIn(JSON.parse(body.toString('utf8'))) === 100;
  } catch {
    return false;
  }
}

/** Until every framed page request has its beacon or violation report, or the grace period is over. */
async function settle(pages: readonly PageEvent[]): Promise<void> {
  const deadline = Date.now() + REPORT_GRACE_MS;
  const waiting = () =>
    pages.some((open, i) => open.kind === 'open' && open.dest === 'iframe' && Date.now() - open.atMs < REPORT_GRACE_MS && !pages.slice(i + 1).some((e) => e.kind !== 'open' && e.sessionId === open.sessionId && e.t === open.t));
  while (waiting() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
