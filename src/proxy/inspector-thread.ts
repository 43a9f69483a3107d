// The checking thread: checks both sides of each exchange (inspect.ts), records it masked (record.ts)
// and sends back the verdicts and log lines in batches. It runs beside the forwarding thread, at idle
// priority (idle-priority.ts), so no check ever delays a request the proxy forwards.
import { parentPort, workerData } from 'node:worker_threads';
import { Contract } from '../contract/index.ts';
import { idlePriority } from './idle-priority.ts';
import { inspect } from './inspect.ts';
import type { InspectorData, InspectorReport, ToInspector, FromInspector } from './inspector.ts';
import type { Exchange } from './types.ts';
import { exchangeLine } from './log-line.ts';
import { RecordFile, toRecord } from './record.ts';

/**
 * Reports go back in batches: a message per exchange would wake the forwarding thread once per
 * exchange, each time perhaps while it is relaying the integrator's next request. Verdicts and log
 * lines arrive up to REPORT_EVERY_MS later; close() flushes what is left.
 */
const REPORT_EVERY_MS = 100;
const REPORT_AT_MOST = 256;

class Outbox {
  private reports: InspectorReport[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly post: (message: FromInspector) => void) {}

  add(report: InspectorReport): void {
    this.reports.push(report);
    if (this.reports.length >= REPORT_AT_MOST) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), REPORT_EVERY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.reports.length === 0) return;
    this.post({ type: 'reports', reports: this.reports });
    this.reports = [];
  }
}

const data = workerData as InspectorData;
// The checks may wait, the integrator's request may not.
idlePriority();
const contract = new Contract({ path: data.contract.path, text: '', sha256: data.contract.sha256, document: data.contract.document });
const secrets = data.participants.map((p) => p.secret);
const post = (message: FromInspector) => parentPort!.postMessage(message);
const outbox = new Outbox(post);
const record = data.recordFile ? new RecordFile(data.recordFile, secrets, (line) => outbox.add({ type: 'log', line: `proxy: ${line}` })) : undefined;
const context = { contract, participants: data.participants, upstream: data.upstream };

parentPort!.on('message', (message: ToInspector) => {
  if (message.type === 'close') {
    void (record?.close() ?? Promise.resolve()).then(() => {
      outbox.flush();
      post({ type: 'closed', refusedRecords: record?.refusedLines ?? 0 });
    });
    return;
  }
  const exchange = revive(message.exchange);
  try {
    const inspection = inspect(exchange, context);
    const inspected = { ...exchange, inspection };
    record?.write(toRecord(inspected, secrets));
    outbox.add({ type: 'inspected', seq: exchange.seq, classification: inspection.classification, ...(data.returnInspections && { inspection }), line: exchangeLine(inspected) });
  } catch (error) {
    outbox.add({ type: 'failed', seq: exchange.seq, line: `proxy: checking exchange #${exchange.seq} failed (a bug in the proxy; the exchange was forwarded): ${(error as Error).message}` });
  }
});

/** Buffers cross a thread as plain Uint8Arrays: make them Buffers again (toString('utf8') and all). */
function revive(exchange: Exchange): Exchange {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { outcome } = exchange;
  return {
    ...exchange,
    request: { ...exchange.request, body: buffer(exchange.request.body) },
    outcome: outcome.kind === 'upstream-error' ? outcome : { ...outcome, body: buffer(outcome.body) },
  };
}
