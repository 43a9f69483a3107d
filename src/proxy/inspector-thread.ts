// The checking thread: checks both sides of each exchange (inspect.ts), records it masked (record.ts)
// and sends back the verdict and the log line. It runs beside the forwarding thread, so no check ever
// delays a request the proxy forwards.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Contract } from '../contract/index.ts';
import { inspect } from './inspect.ts';
import type { InspectorData, ToInspector, FromInspector } from './inspector.ts';
import type { Exchange } from './types.ts';
import { exchangeLine } from './log-line.ts';
import { RecordFile, toRecord } from './record.ts';

const data = workerData as InspectorData;
lowerPriority();
const contract = new Contract({ path: data.contract.path, text: '', sha256: data.contract.sha256, document: data.contract.document });
const secrets = data.participants.map((p) => p.secret);
const post = (message: FromInspector) => parentPort!.postMessage(message);
const record = data.recordFile ? new RecordFile(data.recordFile, secrets, (line) => post({ type: 'log', line: `proxy: ${line}` })) : undefined;
const context = { contract, participants: data.participants, upstream: data.upstream };

parentPort!.on('message', (message: ToInspector) => {
  if (message.type === 'close') {
    void (record?.close() ?? Promise.resolve()).then(() => post({ type: 'closed', refusedRecords: record?.refusedLines ?? 0 }));
    return;
  }
  const exchange = revive(message.exchange);
  try {
    const inspection = inspect(exchange, context);
    const inspected = { ...exchange, inspection };
    record?.write(toRecord(inspected, secrets));
    post({ type: 'inspected', seq: exchange.seq, classification: inspection.classification, ...(data.returnInspections && { inspection }), line: exchangeLine(inspected) });
  } catch (error) {
    post({ type: 'failed', seq: exchange.seq, line: `proxy: checking exchange #${exchange.seq} failed (a bug in the proxy; the exchange was forwarded): ${(error as Error).message}` });
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
 * The checks may wait, the integrator's request may not: on Linux this thread runs at the lowest
 * scheduling priority (its own task id, from /proc/thread-self), so on a busy machine the forwarding
 * thread gets the CPU first. Elsewhere it runs at normal priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the checks share the CPU as equals.
  }
}
