// The checking thread: checks both sides of each exchange (inspect.ts), records it masked (record.ts)
// and sends back the verdict and the log line. It runs beside the forwarding thread, so no check ever
// delays a request the proxy forwards.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Contract } from '../contract/index.ts';
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
lowerPriority();
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

/**
 * The checks may wait, the integrator's request may not. On Linux this thread (its own task id, from
 * /proc/thread-self) goes to nice 19 and then to the idle scheduling class (SCHED_IDLE, set by
 * util-linux's chrt: Node has no call for it): it runs only on a CPU nobody else wants, and whatever
 * wakes there (the forwarding thread, the upstream, the integrator's client) takes the CPU from it at
 * once. At nice 19 alone the scheduler may let the checks finish their time slice (a millisecond or
 * more) while a woken request waits. Without chrt the thread stays at nice 19; elsewhere, or when
 * neither is allowed, at normal priority.
 * Its garbage collection would still run partly on V8's helper threads, shared by the process and at
 * normal priority (about one young-generation collection per hundred exchanges, a millisecond or two
 * of CPU taken from the requests each time): `npm run proxy` starts node with --single-threaded-gc,
 * so each thread collects its own garbage, this one at its own priority.
 */
function lowerPriority(): void {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, 19);
  } catch {
    return; // Not Linux, or not allowed: the checks share the CPU as equals.
  }
  spawnSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 });
}
