// npm run bench:proxy [-- --rounds=7 --requests=1000 --warmup=300]
// What the validation proxy adds to a request on loopback. The simulator and the proxy run as their
// own processes (as an integrator runs them); this process sends signed create-session requests one
// at a time (concurrency 1, keep-alive), alternately straight to the simulator and through the proxy,
// in rounds whose order alternates, and reports per round p50 and p99 of both and their difference,
// then the medians over the rounds. The proxy checks both sides and records every exchange, as in use.
// Prints figures and whether the median p99 overhead is under the 2 ms target; it never fails a build.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { sign } from '../src/client/signer.ts';
import { DEMO_PRIMARY } from '../src/config/demo-participants.ts';
import { loadContract, SESSION_PATH } from '../src/contract/index.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = arg('rounds', 7);
const requests = arg('requests', 1000);
const warmup = arg('warmup', 300);
const TARGET_MS = 2;

const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };
const example = contract.exampleRequest() as Record<string, unknown> & { recipient_information: Record<string, unknown> };
example.recipient_information['email_address'] = 'jack.frost@example.com';
let counter = 0;

/** A freshly signed create-session request (each creates a session: no Idempotency-Key). */
function signedRequest(): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(JSON.stringify({ ...example, participant_unique_id1: `bench-${process.pid}-${counter++}` }), 'utf8');
  const { headers } = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body, contentType: 'application/json', date: new Date() });
  return { headers, body };
}

/** Latencies in ms of n sequential requests; the request is signed before the clock starts. */
async function run(pool: Pool, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const { headers, body } = signedRequest();
    const started = performance.now();
    const answer = await pool.request({ method: 'POST', path: SESSION_PATH, headers, body });
    await answer.body.arrayBuffer();
    out.push(performance.now() - started);
    if (answer.statusCode !== 200) throw new Error(`unexpected HTTP ${answer.statusCode}`);
  }
  return out;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

async function startProxyProcess(upstream: string, record: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts', '--upstream', upstream, '--port', '0', '--record', record, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the proxy printed no URL in 15 s: ${out}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`the proxy exited with ${code}: ${out}`)));
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`.padStart(10);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-bench-proxy-'));
  const record = join(dir, 'exchanges.jsonl');
  const simulator = await startSimulatorProcess();
  let proxy: { url: string; child: ChildProcess } | undefined;
  try {
    proxy = await startProxyProcess(simulator.url, record);
    const direct = new Pool(simulator.url, { connections: 1 });
    const through = new Pool(proxy.url, { connections: 1 });
    console.log(`bench:proxy — ${rounds} rounds of ${requests} sequential signed create-session requests each way (after ${warmup} warm-up each); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await run(direct, warmup);
    await run(through, warmup);
    console.log(`round   direct p50   proxied p50  Δp50        direct p99   proxied p99  Δp99`);
    const rows: Array<{ d50: number; p50: number; d99: number; p99: number }> = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so a slow phase of the machine does not always hit the same side.
      let d: number[];
      let p: number[];
      if (r % 2 === 0) {
        d = await run(direct, requests);
        p = await run(through, requests);
      } else {
        p = await run(through, requests);
        d = await run(direct, requests);
      }
      const row = { d50: percentile(d, 50), p50: percentile(p, 50), d99: percentile(d, 99), p99: percentile(p, 99) };
      rows.push(row);
      console.log(`${String(r + 1).padStart(5)} ${fmt(row.d50)}  ${fmt(row.p50)}  ${fmt(row.p50 - row.d50)}  ${fmt(row.d99)}  ${fmt(row.p99)}  ${fmt(row.p99 - row.d99)}`);
    }
    await direct.close();
    await through.close();
    const overhead99 = median(rows.map((r) => r.p99 - r.d99));
    const overhead50 = median(rows.map((r) => r.p50 - r.d50));
    console.log(`median ${fmt(median(rows.map((r) => r.d50)))}  ${fmt(median(rows.map((r) => r.p50)))}  ${fmt(overhead50)}  ${fmt(median(rows.map((r) => r.d99)))}  ${fmt(median(rows.map((r) => r.p99)))}  ${fmt(overhead99)}`);
    await stop(proxy.child);
    const recorded = readFileSync(record, 'utf8').trim().split('\n').length;
    console.log(`the proxy checked and recorded ${recorded} exchanges (${warmup + rounds * requests} sent through it)`);
    console.log(`proxy overhead: median p99 ${overhead99.toFixed(3)} ms, median p50 ${overhead50.toFixed(3)} ms — target p99 < ${TARGET_MS} ms: ${overhead99 < TARGET_MS ? 'met' : 'NOT met'}`);
  } finally {
    if (proxy) await stop(proxy.child);
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
