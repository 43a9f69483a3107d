// The forwarding thread's side of the checking thread (inspector-thread.ts): exchanges go there once
// their answer is written, verdicts and log lines come back. Checks and records cost a few hundred
// microseconds per exchange; on their own thread they never hold up the next request.
import { Worker } from 'node:worker_threads';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Contract } from '../contract/index.ts';
import type { Exchange, InspectedExchange, Inspection, ProxyParticipant } from './types.ts';

export interface InspectorData {
  readonly contract: { readonly path: string; readonly sha256: string; readonly document: OpenAPIV3_1.Document };
  readonly participants: readonly ProxyParticipant[];
  readonly upstream: string;
  readonly recordFile?: string;
  /** Whether verdicts are sent back whole (the client card's journal) or only their class and line. */
  readonly returnInspections: boolean;
}

export type ToInspector = { readonly type: 'exchange'; readonly exchange: Exchange } | { readonly type: 'close' };

/** What the checking thread found out about one exchange, or has to say. */
export type InspectorReport =
  | { readonly type: 'inspected'; readonly seq: number; readonly classification: Inspection['classification']; readonly inspection?: Inspection; readonly line: string }
  | { readonly type: 'failed'; readonly seq: number; readonly line: string }
  | { readonly type: 'log'; readonly line: string };

/** Reports come back in batches (inspector-thread.ts): one message, and one wake-up of the forwarding thread, per batch. */
export type FromInspector = { readonly type: 'reports'; readonly reports: readonly InspectorReport[] } | { readonly type: 'closed'; readonly refusedRecords: number };

export interface InspectorOptions {
  readonly contract: Contract;
  readonly participants: readonly ProxyParticipant[];
  readonly upstream: string;
  readonly recordFile?: string;
  readonly log: (line: string) => void;
  /** Every exchange with its verdict (kept here until the verdict is back). */
  readonly onExchange?: (exchange: InspectedExchange) => void;
}

export class Inspector {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Exchange>();
  private readonly byClass: Record<string, number> = {};
  private refused = 0;
  private stopped: Promise<void> | undefined;
  private dead = false;

  constructor(private readonly options: InspectorOptions) {
    const data: InspectorData = {
      contract: { path: options.contract.path, sha256: options.contract.sha256, document: options.contract.document },
      participants: options.participants,
      upstream: options.upstream,
      ...(options.recordFile && { recordFile: options.recordFile }),
      returnInspections: options.onExchange !== undefined,
    };
    this.worker = new Worker(new URL('./inspector-worker.mjs', import.meta.url), { workerData: data });
    this.worker.on('message', (message: FromInspector) => this.receive(message));
    this.worker.on('error', (error) => {
      this.dead = true;
      options.log(`proxy: the checking thread stopped (exchanges are still forwarded, no longer checked): ${error.message}`);
    });
    this.worker.on('exit', () => (this.dead = true));
  }

  submit(exchange: Exchange): void {
    if (this.dead) return;
    if (this.options.onExchange) this.waiting.set(exchange.seq, exchange);
    this.worker.postMessage({ type: 'exchange', exchange } satisfies ToInspector);
  }

  get classes(): Readonly<Record<string, number>> {
    return { ...this.byClass };
  }

  get refusedRecords(): number {
    return this.refused;
  }

  /** Waits until every submitted exchange is checked and recorded, then ends the thread. */
  close(): Promise<void> {
    return (this.stopped ??= new Promise<void>((resolve) => {
      if (this.dead) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.on('message', (message: FromInspector) => {
        if (message.type === 'closed') void this.worker.terminate();
      });
      // Messages are handled in order: every exchange posted before this is done when 'closed' comes.
      this.worker.postMessage({ type: 'close' } satisfies ToInspector);
    }));
  }

  private receive(message: FromInspector): void {
    if (message.type === 'closed') {
      this.refused = message.refusedRecords;
      return;
    }
    for (const report of message.reports) this.report(report);
  }

  private report(message: InspectorReport): void {
    this.options.log(message.line);
    if (message.type !== 'inspected') {
      if (message.type === 'failed') this.waiting.delete(message.seq);
      return;
    }
    this.byClass[message.classification] = (this.byClass[message.classification] ?? 0) + 1;
    const exchange = this.waiting.get(message.seq);
    if (!exchange || !message.inspection) return;
    this.waiting.delete(message.seq);
    this.options.onExchange?.({ ...exchange, inspection: message.inspection });
  }
}
